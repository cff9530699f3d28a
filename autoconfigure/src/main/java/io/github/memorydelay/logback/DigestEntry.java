package io.github.memorydelay.logback;

import java.time.Instant;
import java.util.Map;

import ch.qos.logback.classic.Level;

/**
 * One distinct entry of a digest: all events that share a fingerprint, counted, with their first
 * occurrence kept in full.
 *
 * @param level level of the events
 * @param logger logger name
 * @param count how many events the entry stands for
 * @param firstSeen time stamp of the first event
 * @param lastSeen time stamp of the last event
 * @param thread thread of the first event
 * @param message formatted message of the first event, capped in size
 * @param mdc MDC of the first event
 * @param stackTrace stack trace of the first event, capped in size, empty when it had none
 */
public record DigestEntry(Level level, String logger, long count, Instant firstSeen, Instant lastSeen, String thread,
		String message, Map<String, String> mdc, String stackTrace) {

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

}
