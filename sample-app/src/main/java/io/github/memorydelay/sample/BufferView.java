package io.github.memorydelay.sample;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import io.github.memorydelay.pipeline.BufferStatus;
import io.github.memorydelay.pipeline.DeliveryStatistics;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.pipeline.MemoryDelayStatus;

/**
 * What the page shows of the buffer and of delivery, read from the {@link MemoryDelay}
 * bean. Also served as JSON at {@code /status} for the page's live refresh.
 *
 * @param bufferedEvents events waiting, duplicates included
 * @param bufferedEntries distinct entries waiting
 * @param capacity most distinct entries the buffer holds
 * @param notShown events beyond capacity, counted but not shown
 * @param nextFlushAt when the next digest is due, {@code HH:mm:ss}, {@code null} when
 * none is due
 * @param nextFlushInMillis how long until then, {@code null} when none is due
 * @param nextFlushReason which trigger will send it, {@code null} when none is due
 * @param digestsSent digests delivered since start
 * @param lastSentAt when the last digest was delivered, {@code HH:mm:ss}, {@code null}
 * before the first
 * @param spooled digests that could not be sent yet
 * @param nextRetryAt when they are tried again, {@code HH:mm:ss}, {@code null} if not
 * scheduled
 * @param sendFailures failed attempts to send
 * @param lastFailure what went wrong last, {@code null} if nothing did
 * @param received digests in the embedded inbox, {@code -1} without it
 */
public record BufferView(long bufferedEvents, int bufferedEntries, int capacity, long notShown, String nextFlushAt,
		Long nextFlushInMillis, String nextFlushReason, long digestsSent, String lastSentAt, int spooled,
		String nextRetryAt, long sendFailures, String lastFailure, int received) {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
		.withZone(ZoneId.systemDefault());

	static BufferView of(MemoryDelay memoryDelay, int received, Clock clock) {
		MemoryDelayStatus status = memoryDelay.status();
		BufferStatus buffer = status.buffer();
		DeliveryStatistics delivery = status.delivery();
		Instant now = clock.instant();
		Instant next = buffer.nextFlushAt();
		Long nextIn = (next != null) ? Math.max(0, Duration.between(now, next).toMillis()) : null;
		return new BufferView(buffer.events(), buffer.entries(), memoryDelay.settings().capacity(), buffer.notShown(),
				time(next), nextIn, reason(buffer, nextIn), delivery.digestsSent(), time(delivery.lastSentAt()),
				status.waiting(), time(status.nextRetryAt()), delivery.sendFailures(), delivery.lastFailure(),
				received);
	}

	private static String reason(BufferStatus buffer, Long nextIn) {
		if (nextIn == null) {
			return null;
		}
		if (buffer.pendingTrigger() == null) {
			return "delay";
		}
		String trigger = buffer.pendingTrigger().headerValue();
		return (nextIn > 0) ? trigger + ", waiting for min-interval" : trigger;
	}

	private static String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : null;
	}

}
