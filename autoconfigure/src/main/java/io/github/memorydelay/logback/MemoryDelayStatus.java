package io.github.memorydelay.logback;

import java.time.Instant;

/**
 * What a {@link MemoryDelay} holds and has delivered at one moment.
 *
 * @param buffer the buffer
 * @param delivery counts of what was delivered
 * @param waiting digests that could not be sent yet (spool files and messages held in memory)
 * @param nextRetryAt when waiting digests are tried again, {@code null} if not scheduled
 */
public record MemoryDelayStatus(DigestEngine.BufferStatus buffer, DeliveryStatistics delivery, int waiting,
		Instant nextRetryAt) {
}
