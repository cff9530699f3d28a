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
 */
public record DigestEntry(Level level, String logger, long count, Instant firstSeen, Instant lastSeen, String thread,
		String message, Map<String, String> mdc, String stackTrace, String id, Timeline timeline,
		Instant firstReported) {

	public DigestEntry {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(timeline, "timeline");
	}

	/**
	 * An entry known only by what it shows, its id derived from its logger, level and
	 * message, its events spread between first and last seen, and new.
	 */
	public DigestEntry(Level level, String logger, long count, Instant firstSeen, Instant lastSeen, String thread,
			String message, Map<String, String> mdc, String stackTrace) {
		this(level, logger, count, firstSeen, lastSeen, thread, message, mdc, stackTrace,
				EntryId.of(logger, level, message, null, null), Timeline.between(firstSeen, lastSeen, count), null);
	}

	/**
	 * First line of the message.
	 * @return the message up to its first line break
	 */
	public String firstLine() {
		int end = 0;
		while (end < this.message.length() && this.message.charAt(end) != '\n' && this.message.charAt(end) != '\r') {
			end++;
		}
		return this.message.substring(0, end);
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
				this.message, this.mdc, this.stackTrace, this.id, this.timeline, reportedAt);
	}

}
