package io.github.memorydelay.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.pipeline.BufferStatus;
import io.github.memorydelay.pipeline.DeliveryStatistics;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.pipeline.MemoryDelayStatus;
import io.github.memorydelay.policy.Silence;
import io.github.memorydelay.policy.Silences;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.Assert;

/**
 * {@link Endpoint @Endpoint} that shows the digest buffer, sends it on demand and
 * silences entries. Reading shows what waits, what is silenced and what was delivered;
 * writing without a body sends the buffer now as a digest with trigger {@code manual}.
 * Writing to {@code /{id}} with a duration silences that entry id, deleting {@code /{id}}
 * ends the silence. Recipients and content come from configuration and from the log only.
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
	 * Silences an entry id, buffered now or not, as {@code LoggersEndpoint} configures a
	 * level: the id is the selector, duration and comment come from the JSON body. A bad
	 * request is answered with status 400 and a body that says what is wrong
	 * ({@code {"error":"..."}}).
	 * @param id the entry id, 8 to 16 characters of {@code [0-9a-z]}
	 * @param duration how long, in Spring Boot's forms ({@code 2h}, {@code 30m},
	 * {@code PT2H}), positive and at most 30 days
	 * @param comment why, optional
	 * @return the silence, or what is wrong
	 */
	@WriteOperation
	@SuppressWarnings("deprecation")
	public WebEndpointResponse<Object> silence(@Selector String id,
			@org.springframework.lang.Nullable @Nullable String duration,
			@org.springframework.lang.Nullable @Nullable String comment) {
		String wrongId = wrongId(id);
		if (wrongId != null) {
			return error(wrongId);
		}
		if (duration == null || duration.isBlank()) {
			return error("the duration is missing: send a JSON body such as {\"duration\":\"2h\"} "
					+ "with Content-Type: application/json");
		}
		Duration parsed;
		try {
			parsed = DurationStyle.detectAndParse(duration.strip());
		}
		catch (RuntimeException ex) {
			return error("'" + duration + "' is not a duration: use one such as 2h, 30m or PT2H");
		}
		if (parsed.isNegative() || parsed.isZero() || parsed.compareTo(Silences.MAX_DURATION) > 0) {
			return error("duration must be more than 0 and at most 30 days (30d), not '" + duration + "'");
		}
		try {
			return new WebEndpointResponse<>(SilenceDescriptor.of(this.memoryDelay.silence(id, parsed, comment)),
					WebEndpointResponse.STATUS_OK);
		}
		catch (IllegalArgumentException ex) {
			return error(ex.getMessage());
		}
	}

	/**
	 * Ends the silence of an entry id. Nothing happens when it is not silenced.
	 * @param id the entry id
	 * @return no content, or what is wrong with the id
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> endSilence(@Selector String id) {
		String wrongId = wrongId(id);
		if (wrongId != null) {
			return error(wrongId);
		}
		this.memoryDelay.endSilence(id);
		return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NO_CONTENT);
	}

	private static String wrongId(String id) {
		return Silences.isWellFormed(id) ? null
				: "'" + id + "' is not an entry id: an entry id has 8 to 16 characters of 0-9 and a-z, "
						+ "as a digest or the status shows it";
	}

	private static WebEndpointResponse<Object> error(String message) {
		return new WebEndpointResponse<>(new ErrorDescriptor(message), WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	/**
	 * What is wrong with a request.
	 *
	 * @param error what is wrong, and how to ask
	 */
	public record ErrorDescriptor(String error) implements OperationResponseBody {
	}

	/**
	 * A silence.
	 *
	 * @param id the entry id
	 * @param until when it ends
	 * @param comment why, {@code null} when not said
	 */
	public record SilenceDescriptor(String id, Instant until, String comment) implements OperationResponseBody {

		static SilenceDescriptor of(Silence silence) {
			return new SilenceDescriptor(silence.id(), silence.until(), silence.comment());
		}

	}

	/**
	 * An entry of the buffer.
	 *
	 * @param id the entry id, what a silence takes
	 * @param level level of its events
	 * @param logger logger name
	 * @param count events it stands for
	 * @param message first line of the message of its first event
	 * @param firstSeen time of its first event
	 * @param lastSeen time of its last event
	 * @param messages how many distinct messages its events had (their template is the
	 * entry's), counted up to 1,000
	 * @param lastMessage first line of the message of its last event when they had more
	 * than one, else {@code null}
	 */
	public record EntryDescriptor(String id, String level, String logger, long count, String message, Instant firstSeen,
			Instant lastSeen, long messages, String lastMessage) {

		static EntryDescriptor of(DigestEntry entry) {
			return new EntryDescriptor(entry.id(), entry.level().toString(), entry.logger(), entry.count(),
					entry.firstLine(), entry.firstSeen(), entry.lastSeen(),
					Math.min(entry.messages(), DigestEntry.MAX_MESSAGES), entry.lastMessageFirstLine());
		}

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
	 * @param silencedEvents events waiting of silenced entries, counted and not shown
	 * @param entries the entries waiting, silenced ones left out
	 * @param silences the silences in force
	 */
	public record MemoryDelayDescriptor(long bufferedEvents, int bufferedEntries, long notShownEvents,
			Instant windowStart, Instant nextFlushAt, String pendingTrigger, long digestsSent, Instant lastSentAt,
			long sendFailures, Instant lastFailureAt, String lastFailure, Instant holdingSince, String holdingReason,
			int spooled, int keptInMemory, int rejected, Instant nextRetryAt, String spoolDirectory,
			SettingsDescriptor settings, long silencedEvents, List<EntryDescriptor> entries,
			List<SilenceDescriptor> silences) implements OperationResponseBody {

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
					SettingsDescriptor.of(memoryDelay.settings()), buffer.silenced(),
					memoryDelay.bufferedEntries().stream().map(EntryDescriptor::of).toList(),
					memoryDelay.silences().stream().map(SilenceDescriptor::of).toList());
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
