package io.github.memorydelay.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.memorydelay.logback.AttachedAppender;
import io.github.memorydelay.pipeline.BufferStatus;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A full buffer only counts: memory stays bounded whatever the number of events.
 * <p>
 * Method: a {@link MemoryDelay} with capacity 128 and a minimum interval of a year, never
 * started, so nothing drains it, fed through a Logback logger with distinct {@code WARN}
 * events (a new message pattern each). The heap still in use after forced full
 * collections is read before the first event (the baseline), after 100,000 and after
 * 1,000,000 events. What the buffer retains is the difference to the baseline; that it
 * does not grow with the number of events is the difference between the two readings.
 * Each reading is the least of several collections, so that a late allocation by another
 * thread (JIT, Surefire) does not count.
 */
class RetainedHeapTests {

	private static final int CAPACITY = 128;

	private static final long MB = 1024 * 1024;

	/**
	 * What 128 entries of short messages may retain, with a wide margin (measured: about
	 * 60 KB).
	 */
	private static final long MAX_RETAINED = 4 * MB;

	/** Growth tolerated from 100,000 to 1,000,000 events: measurement noise only. */
	private static final long MAX_GROWTH = 1 * MB;

	private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	@Test
	void retainedHeapDoesNotGrowWithEventsWhenTheBufferIsFull() {
		assumeThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
			.as("System.gc() must collect for this measurement")
			.noneMatch((argument) -> argument.contains("DisableExplicitGC"));
		LoggerContext context = BenchmarkLogging.newContext();
		MemoryDelay memoryDelay = new MemoryDelay(
				DigestSettings.builder().capacity(CAPACITY).minInterval(Duration.ofDays(365)).build());
		AttachedAppender warmUp = new AttachedAppender(memoryDelay);
		warmUp.setContext(context);
		warmUp.start();
		Logger logger = BenchmarkLogging.logger(context, BenchmarkLogging.LOGGER_NAME, warmUp);
		context.getMDCAdapter().put("traceId", "5f2c9a1e7b3d4c60");
		log(logger, 0, 1_000); // loads and compiles the path once, before the baseline
		logger.detachAppender(warmUp);
		memoryDelay = new MemoryDelay(memoryDelay.settings());
		AttachedAppender appender = new AttachedAppender(memoryDelay);
		appender.setContext(context);
		appender.start();
		logger.addAppender(appender);

		long baseline = usedHeapAfterGc();
		log(logger, 0, 100_000);
		long after100k = usedHeapAfterGc();
		log(logger, 100_000, 1_000_000);
		long after1m = usedHeapAfterGc();

		BufferStatus buffer = memoryDelay.status().buffer();
		System.out.printf(
				"Retained over baseline: %,d bytes after 100,000 events, %,d bytes after 1,000,000 "
						+ "(%,d entries held, %,d events not shown)%n",
				after100k - baseline, after1m - baseline, buffer.entries(), buffer.notShown());
		assertThat(buffer.events()).isEqualTo(1_000_000);
		assertThat(buffer.entries()).isEqualTo(CAPACITY);
		assertThat(buffer.notShown()).isEqualTo(1_000_000 - CAPACITY);
		assertThat(after1m - baseline).as("retained after 1,000,000 events").isLessThan(MAX_RETAINED);
		assertThat(after1m - after100k).as("growth from 100,000 to 1,000,000 events").isLessThan(MAX_GROWTH);
		Reference.reachabilityFence(context);
		Reference.reachabilityFence(appender);
	}

	private static void log(Logger logger, int from, int to) {
		for (int i = from; i < to; i++) {
			logger.warn("Payment for order {} declined by fraud rule " + BenchmarkLogging.word(i), "4711-0815");
		}
	}

	private long usedHeapAfterGc() {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 4; i++) {
			System.gc();
			least = Math.min(least, this.memory.getHeapMemoryUsage().getUsed());
		}
		return least;
	}

}
