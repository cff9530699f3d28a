package io.github.memorydelay.pipeline;

import java.time.Instant;

import io.github.memorydelay.digest.Trigger;

/**
 * What the buffer holds at one moment.
 *
 * @param events events buffered, duplicates and events not shown included
 * @param entries distinct entries held
 * @param notShown events counted but not held because the buffer was full
 * @param windowStart time of the first event of the buffer, {@code null} when empty
 * @param nextFlushAt when the next digest is due, {@code null} when none is
 * @param lastDigestAt time of the last digest, {@code null} before the first
 * @param pendingTrigger trigger that fired and waits for the minimum interval,
 * {@code null} if none
 * @param totalDuplicates events counted into an existing entry since start
 * @param totalNotShown events counted as not shown since start
 * @param holdingSince since when the buffer is held back because digests cannot be
 * delivered, {@code null} while they are
 * @param holdingReason why it is held back, {@code null} when it is not
 * @param silenced events waiting of silenced entries, counted and not shown
 * @param totalSilenced events counted as silenced since start
 */
public record BufferStatus(long events, int entries, long notShown, Instant windowStart, Instant nextFlushAt,
		Instant lastDigestAt, Trigger pendingTrigger, long totalDuplicates, long totalNotShown, Instant holdingSince,
		String holdingReason, long silenced, long totalSilenced) {
}
