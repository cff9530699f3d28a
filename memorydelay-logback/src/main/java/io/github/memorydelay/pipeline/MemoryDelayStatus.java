package io.github.memorydelay.pipeline;

import java.time.Instant;

/**
 * What a {@link MemoryDelay} holds and has delivered at one moment.
 *
 * @param buffer the buffer
 * @param delivery counts of what was delivered
 * @param spooled digests in the spool folder that wait to be sent again
 * @param keptInMemory digests that wait to be sent again in memory, because there is no
 * spool or it cannot be written
 * @param rejected digests the server refused for good, kept in the spool's
 * {@code rejected} folder
 * @param nextRetryAt when waiting digests are tried again, {@code null} if not scheduled
 */
public record MemoryDelayStatus(BufferStatus buffer, DeliveryStatistics delivery, int spooled, int keptInMemory,
		int rejected, Instant nextRetryAt) {

	/**
	 * Digests that wait to be sent again, in the spool or in memory.
	 * @return the count
	 */
	public int waiting() {
		return this.spooled + this.keptInMemory;
	}

}
