package io.github.memorydelay.actuate;

import java.time.Instant;

import io.github.memorydelay.logback.DeliveryStatistics;
import io.github.memorydelay.logback.DigestEngine.BufferStatus;
import io.github.memorydelay.logback.DigestSettings;
import io.github.memorydelay.logback.DigestSpool;
import io.github.memorydelay.logback.MemoryDelay;
import io.github.memorydelay.logback.MemoryDelayStatus;
import io.github.memorydelay.logback.Trigger;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} that shows the digest buffer and sends it on demand. Reading
 * shows what waits and what was delivered; writing (a {@code POST} without a body) sends
 * the buffer now as a digest with trigger {@code manual}. It takes no parameters:
 * recipients and content come from configuration and from the log only.
 */
@Endpoint(id = "memorydelay")
public class MemoryDelayEndpoint {

	private final MemoryDelay memoryDelay;

	public MemoryDelayEndpoint(MemoryDelay memoryDelay) {
		Assert.notNull(memoryDelay, "'memoryDelay' must not be null");
		this.memoryDelay = memoryDelay;
	}

	@ReadOperation
	public MemoryDelayDescriptor status() {
		return MemoryDelayDescriptor.of(this.memoryDelay);
	}

	/**
	 * Sends the buffer now. Returns at once; the digest is sent on the dispatcher thread.
	 * @return how many events the digest accounts for, 0 when the buffer was empty and
	 * nothing is sent
	 */
	@WriteOperation
	public FlushDescriptor flush() {
		return new FlushDescriptor(this.memoryDelay.flush());
	}

	/**
	 * Result of a forced flush.
	 *
	 * @param flushedEvents events the digest accounts for, duplicates and events not
	 * shown included
	 */
	public record FlushDescriptor(long flushedEvents) implements OperationResponseBody {
	}

	/**
	 * State of the digest buffer and of its delivery.
	 *
	 * @param bufferedEvents events waiting, duplicates and events not shown included
	 * @param bufferedEntries distinct entries waiting
	 * @param notShownEvents events waiting that found the buffer full and are only
	 * counted
	 * @param windowStart time of the first event waiting
	 * @param nextFlushAt when the next digest is due by capacity, level or delay
	 * @param pendingTrigger trigger that fired and waits for the minimum interval
	 * @param digestsSent digests delivered since start
	 * @param lastSentAt time of the last delivered digest
	 * @param sendFailures failed attempts to send since start
	 * @param lastFailureAt time of the last failed attempt
	 * @param lastFailure what went wrong the last time, the server's reply when it
	 * refused a digest
	 * @param holdingSince since when the buffer is held back (no digest is cut) because
	 * digests cannot be delivered
	 * @param holdingReason why the buffer is held back
	 * @param spooled digests in the spool folder that wait to be sent again
	 * @param keptInMemory digests that wait to be sent again in memory, because there is
	 * no spool or it cannot be written
	 * @param rejected digests the server refused for good, kept in the spool's
	 * {@code rejected} folder
	 * @param nextRetryAt when waiting digests are tried again
	 * @param spoolDirectory where waiting digests are kept
	 * @param settings the settings in force
	 */
	public record MemoryDelayDescriptor(long bufferedEvents, int bufferedEntries, long notShownEvents,
			Instant windowStart, Instant nextFlushAt, String pendingTrigger, long digestsSent, Instant lastSentAt,
			long sendFailures, Instant lastFailureAt, String lastFailure, Instant holdingSince, String holdingReason,
			int spooled, int keptInMemory, int rejected, Instant nextRetryAt, String spoolDirectory,
			SettingsDescriptor settings) implements OperationResponseBody {

		static MemoryDelayDescriptor of(MemoryDelay memoryDelay) {
			MemoryDelayStatus status = memoryDelay.status();
			BufferStatus buffer = status.buffer();
			DeliveryStatistics delivery = status.delivery();
			DigestSpool spool = memoryDelay.spool();
			Trigger pending = buffer.pendingTrigger();
			return new MemoryDelayDescriptor(buffer.events(), buffer.entries(), buffer.notShown(), buffer.windowStart(),
					buffer.nextFlushAt(), (pending != null) ? pending.headerValue() : null, delivery.digestsSent(),
					delivery.lastSentAt(), delivery.sendFailures(), delivery.lastFailureAt(), delivery.currentFailure(),
					buffer.holdingSince(), buffer.holdingReason(), status.spooled(), status.keptInMemory(),
					status.rejected(), status.nextRetryAt(), (spool != null) ? spool.directory().toString() : null,
					SettingsDescriptor.of(memoryDelay.settings()));
		}

	}

	/**
	 * The settings in force.
	 *
	 * @param level least severe level buffered
	 * @param flushLevel level that triggers a digest
	 * @param capacity distinct entries held
	 * @param delay delay after the first event (ISO-8601)
	 * @param minInterval least time between two digests (ISO-8601)
	 */
	public record SettingsDescriptor(String level, String flushLevel, int capacity, String delay, String minInterval) {

		static SettingsDescriptor of(DigestSettings settings) {
			return new SettingsDescriptor(settings.level().toString(), settings.flushLevel().toString(),
					settings.capacity(), settings.delay().toString(), settings.minInterval().toString());
		}

	}

}
