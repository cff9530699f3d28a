package io.github.memorydelay.digest;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import ch.qos.logback.classic.Level;

/**
 * One distinct entry of a digest: all events that share a fingerprint, counted, with
 * their first occurrence kept in full.
 *
 * @param level level of the events
 * @param logger logger name
 * @param count how many events the entry stands for
 * @param firstSeen time stamp of the first event
 * @param lastSeen time stamp of the last event
 * @param thread thread of the first event
 * @param message formatted message of the first event, capped in size
 * @param mdc MDC of the first event
 * @param stackTrace stack trace of the first event, capped in size, empty when it had
 * none
 * @param id the fingerprint's id: 13 characters of {@code [0-9a-z]}, the same on every
 * instance and across restarts
 * @param timeline when the events happened
 * @param firstReported when a digest delivered earlier first reported this fingerprint,
 * {@code null} when the entry is new
 * @param messages how many distinct messages its events had (their templates are the
 * entry's): {@code 1} when all had the first one's, more than {@value #MAX_MESSAGES} for
 * more than are counted
 * @param lastMessage the message of its last event, capped in size, when its events'
 * messages differ; {@code null} when they do not
 */
public record DigestEntry(Level level, String logger, long count, Instant firstSeen, Instant lastSeen, String thread,
		String message, Map<String, String> mdc, String stackTrace, String id, Timeline timeline, Instant firstReported,
		long messages, String lastMessage) {

	/** Distinct messages counted exactly; more are shown as "1,000+". */
	public static final int MAX_MESSAGES = 1000;

	public DigestEntry {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(timeline, "timeline");
		messages = Math.max(1, Math.min(messages, MAX_MESSAGES + 1));
		if (messages == 1) {
			lastMessage = null;
		}
	}

	/**
	 * An entry whose events all had one message.
	 * @param level level of its events
	 * @param logger name of the logger
	 * @param count how many events the entry stands for
	 * @param firstSeen time stamp of the first event
	 * @param lastSeen time stamp of the last event
	 * @param thread thread of the first event
	 * @param message formatted message of the first event, capped in size
	 * @param mdc MDC of the first event
	 * @param stackTrace stack trace of the first event, capped in size
	 * @param id the fingerprint's id
	 * @param timeline when the events happened
	 * @param firstReported when a digest delivered earlier first reported this
	 * fingerprint, {@code null} when the entry is new
	 */
	public DigestEntry(Level level, String logger, long count, Instant firstSeen, Instant lastSeen, String thread,
			String message, Map<String, String> mdc, String stackTrace, String id, Timeline timeline,
			Instant firstReported) {
		this(level, logger, count, firstSeen, lastSeen, thread, message, mdc, stackTrace, id, timeline, firstReported,
				1, null);
	}

	/**
	 * An entry known only by what it shows, its id derived from its logger, level and
	 * message template, its events spread between first and last seen, and new.
	 */
	public DigestEntry(Level level, String logger, long count, Instant firstSeen, Instant lastSeen, String thread,
			String message, Map<String, String> mdc, String stackTrace) {
		this(level, logger, count, firstSeen, lastSeen, thread, message, mdc, stackTrace,
				EntryId.of(logger, level, MessageTemplate.of(message), null, null),
				Timeline.between(firstSeen, lastSeen, count), null);
	}

	/**
	 * First line of the message.
	 * @return the message up to its first line break
	 */
	public String firstLine() {
		return firstLineOf(this.message);
	}

	/**
	 * First line of the last message, when the entry's events' messages differ.
	 * @return the last message up to its first line break, {@code null} when its events
	 * had one message
	 */
	public String lastMessageFirstLine() {
		return (this.lastMessage != null) ? firstLineOf(this.lastMessage) : null;
	}

	private static String firstLineOf(String message) {
		int end = 0;
		while (end < message.length() && message.charAt(end) != '\n' && message.charAt(end) != '\r') {
			end++;
		}
		return message.substring(0, end);
	}

	/**
	 * Whether no digest delivered within the history reported this fingerprint.
	 * @return {@code true} for a new entry, {@code false} for a recurring one
	 */
	public boolean isNew() {
		return this.firstReported == null;
	}

	/**
	 * This entry marked recurring.
	 * @param reportedAt when its fingerprint was first reported
	 * @return the recurring entry
	 */
	public DigestEntry recurringSince(Instant reportedAt) {
		return new DigestEntry(this.level, this.logger, this.count, this.firstSeen, this.lastSeen, this.thread,
				this.message, this.mdc, this.stackTrace, this.id, this.timeline, reportedAt, this.messages,
				this.lastMessage);
	}

	/**
	 * Whether its events had more distinct messages than are counted.
	 * @return {@code true} beyond {@value #MAX_MESSAGES}
	 */
	public boolean hasMoreMessagesThanCounted() {
		return this.messages > MAX_MESSAGES;
	}

	/**
	 * How many distinct messages its events had, as a digest says it: {@code 12}, or
	 * {@code 1,000+} beyond what is counted.
	 * @return the text
	 */
	public String messagesText() {
		return hasMoreMessagesThanCounted() ? String.format(java.util.Locale.ROOT, "%,d+", MAX_MESSAGES)
				: Long.toString(this.messages);
	}

}
