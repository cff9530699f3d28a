package io.github.memorydelay.logback;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * An entry while it is in the buffer: the first occurrence captured once, then counted.
 */
final class BufferedEntry {

	private final Level level;

	private final String logger;

	private final long firstSeen;

	private final String thread;

	private final String message;

	private final Map<String, String> mdc;

	private final String stackTrace;

	private long count = 1;

	private long lastSeen;

	private final Fingerprint fingerprint;

	private final Timeline timeline;

	private String id;

	private BufferedEntry(ILoggingEvent event, Fingerprint fingerprint, long windowStart, String message,
			Map<String, String> mdc, String stackTrace) {
		this.fingerprint = fingerprint;
		this.level = event.getLevel();
		this.logger = event.getLoggerName();
		this.firstSeen = event.getTimeStamp();
		this.lastSeen = event.getTimeStamp();
		this.thread = event.getThreadName();
		this.message = message;
		this.mdc = mdc;
		this.stackTrace = stackTrace;
		this.timeline = new Timeline(windowStart);
		this.timeline.add(event.getTimeStamp());
	}

	/**
	 * Captures the first occurrence of an entry.
	 * @param event the event
	 * @param fingerprint its fingerprint
	 * @param windowStart time of the first event of the buffer, where the entry's timeline starts
	 * @param settings the caps of message and stack trace
	 * @return the entry
	 */
	static BufferedEntry capture(ILoggingEvent event, Fingerprint fingerprint, long windowStart,
			DigestSettings settings) {
		event.prepareForDeferredProcessing();
		String message = truncate(event.getFormattedMessage(), settings.maxMessageLength());
		Map<String, String> eventMdc = event.getMDCPropertyMap();
		Map<String, String> mdc = (eventMdc == null || eventMdc.isEmpty()) ? Collections.emptyMap()
				: Collections.unmodifiableMap(new TreeMap<>(eventMdc));
		String stackTrace = StackTraces.render(event.getThrowableProxy(), settings.maxStackTraceLines(),
				settings.maxStackTraceLength());
		return new BufferedEntry(event, fingerprint, windowStart, message, mdc, stackTrace);
	}

	private static String truncate(String message, int max) {
		if (message == null) {
			return "";
		}
		if (message.length() <= max) {
			return message;
		}
		return message.substring(0, max) + "... (" + (message.length() - max) + " more characters)";
	}

	void count(ILoggingEvent event) {
		this.count++;
		if (event.getTimeStamp() > this.lastSeen) {
			this.lastSeen = event.getTimeStamp();
		}
		this.timeline.add(event.getTimeStamp());
	}

	long count() {
		return this.count;
	}

	/**
	 * The entry's id, computed once, when it is first asked for: never on the logging path.
	 * @return the id
	 */
	String id() {
		if (this.id == null) {
			this.id = this.fingerprint.id();
		}
		return this.id;
	}

	DigestEntry toDigestEntry() {
		return new DigestEntry(this.level, this.logger, this.count, Instant.ofEpochMilli(this.firstSeen),
				Instant.ofEpochMilli(this.lastSeen), this.thread, this.message, this.mdc, this.stackTrace, id(),
				this.timeline.copy(), null);
	}

}
