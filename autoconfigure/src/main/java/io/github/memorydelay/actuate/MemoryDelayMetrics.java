package io.github.memorydelay.actuate;

import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Levels;
import io.github.memorydelay.pipeline.DeliveryStatistics;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of a {@link MemoryDelay}, all under {@code memorydelay.}. They read
 * the counters the pipeline keeps anyway, so the logging path pays nothing for them.
 */
public class MemoryDelayMetrics implements MeterBinder {

	private final MemoryDelay memoryDelay;

	public MemoryDelayMetrics(MemoryDelay memoryDelay) {
		this.memoryDelay = memoryDelay;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		MemoryDelay md = this.memoryDelay;
		for (Level level : Levels.EVENT_LEVELS) {
			FunctionCounter.builder("memorydelay.events.buffered", md, (m) -> m.acceptedEvents(level))
				.tag("level", level.toString())
				.description("Events accepted into the digest buffer")
				.baseUnit("events")
				.register(registry);
		}
		FunctionCounter.builder("memorydelay.events.duplicates", md, (m) -> m.status().buffer().totalDuplicates())
			.description("Events counted into an entry already held")
			.baseUnit("events")
			.register(registry);
		FunctionCounter.builder("memorydelay.events.not.shown", md, (m) -> m.status().buffer().totalNotShown())
			.description("Events that found the buffer full: counted in the digest, not shown")
			.baseUnit("events")
			.register(registry);
		FunctionCounter.builder("memorydelay.events.silenced", md, MemoryDelay::silencedEvents)
			.description("Events of silenced entries: counted in the digest, not shown, triggering nothing")
			.baseUnit("events")
			.register(registry);
		Gauge.builder("memorydelay.silences.active", md, (m) -> m.silences().size())
			.description("Silences in force")
			.baseUnit("silences")
			.register(registry);
		DeliveryStatistics delivery = md.statistics();
		FunctionCounter.builder("memorydelay.digests.sent", delivery, DeliveryStatistics::digestsSent)
			.description("Digests delivered")
			.baseUnit("digests")
			.register(registry);
		FunctionCounter.builder("memorydelay.digests.failed", delivery, DeliveryStatistics::sendFailures)
			.description("Failed attempts to send a digest")
			.baseUnit("digests")
			.register(registry);
		FunctionCounter.builder("memorydelay.digests.refused", delivery, DeliveryStatistics::digestsRefused)
			.description("Digests the SMTP server refused for good (5xx), kept in the spool's rejected folder")
			.baseUnit("digests")
			.register(registry);
		FunctionTimer
			.builder("memorydelay.digests.send", delivery, DeliveryStatistics::digestsSent,
					DeliveryStatistics::sendNanos, TimeUnit.NANOSECONDS)
			.description("Time spent sending digests that were delivered")
			.register(registry);
		Gauge.builder("memorydelay.buffer.events", md, (m) -> m.status().buffer().events())
			.description("Events waiting in the buffer, duplicates included")
			.baseUnit("events")
			.register(registry);
		Gauge.builder("memorydelay.buffer.entries", md, (m) -> m.status().buffer().entries())
			.description("Distinct entries waiting in the buffer")
			.baseUnit("entries")
			.register(registry);
		Gauge.builder("memorydelay.spool.size", md, (m) -> m.status().spooled())
			.description("Digests in the spool folder that wait to be sent again")
			.baseUnit("digests")
			.register(registry);
		Gauge.builder("memorydelay.memory.size", md, (m) -> m.status().keptInMemory())
			.description(
					"Digests that wait to be sent again in memory, because there is no spool or it cannot be written")
			.baseUnit("digests")
			.register(registry);
		Gauge.builder("memorydelay.buffer.holding", md, (m) -> (m.status().buffer().holdingSince() != null) ? 1 : 0)
			.description("1 while the buffer is held back because digests cannot be delivered, else 0")
			.register(registry);
	}

}
