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

	private BufferedEntry(ILoggingEvent event, String message, Map<String, String> mdc, String stackTrace) {
		this(event.getLevel(), event.getLoggerName(), event.getTimeStamp(), event.getThreadName(), message, mdc,
				stackTrace);
	}

	private BufferedEntry(Level level, String logger, long firstSeen, String thread, String message,
			Map<String, String> mdc, String stackTrace) {
		this.level = level;
		this.logger = logger;
		this.firstSeen = firstSeen;
		this.lastSeen = firstSeen;
		this.thread = thread;
		this.message = message;
		this.mdc = mdc;
		this.stackTrace = stackTrace;
	}

	/**
	 * An entry read back from the held buffer of an earlier run, see {@link HeldBuffer}.
	 */
	static BufferedEntry restore(DigestEntry entry) {
		BufferedEntry restored = new BufferedEntry(entry.level(), entry.logger(), entry.firstSeen().toEpochMilli(),
				entry.thread(), entry.message(), entry.mdc(), entry.stackTrace());
		restored.count = entry.count();
		restored.lastSeen = entry.lastSeen().toEpochMilli();
		return restored;
	}

	/**
	 * Counts the events of another entry of the same fingerprint into this one.
	 * @param other the other entry
	 */
	void absorb(BufferedEntry other) {
		this.count += other.count;
		this.lastSeen = Math.max(this.lastSeen, other.lastSeen);
	}

	Level level() {
		return this.level;
	}

	long firstSeen() {
		return this.firstSeen;
	}

	static BufferedEntry capture(ILoggingEvent event, DigestSettings settings) {
		event.prepareForDeferredProcessing();
		String message = truncate(event.getFormattedMessage(), settings.maxMessageLength());
		Map<String, String> eventMdc = event.getMDCPropertyMap();
		Map<String, String> mdc = (eventMdc == null || eventMdc.isEmpty()) ? Collections.emptyMap()
				: Collections.unmodifiableMap(new TreeMap<>(eventMdc));
		String stackTrace = StackTraces.render(event.getThrowableProxy(), settings.maxStackTraceLines(),
				settings.maxStackTraceLength());
		return new BufferedEntry(event, message, mdc, stackTrace);
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
	}

	long count() {
		return this.count;
	}

	DigestEntry toDigestEntry() {
		return new DigestEntry(this.level, this.logger, this.count, Instant.ofEpochMilli(this.firstSeen),
				Instant.ofEpochMilli(this.lastSeen), this.thread, this.message, this.mdc, this.stackTrace);
	}

}
