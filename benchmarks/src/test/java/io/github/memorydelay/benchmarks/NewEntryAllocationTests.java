package io.github.memorydelay.benchmarks;

import java.time.Duration;

import ch.qos.logback.classic.Logger;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new entry allocates on the thread that logs it, beyond what Logback allocates
 * for the event itself.
 * <p>
 * Method: batches of 1,024 distinct {@code WARN} events (a message pattern of their own
 * each, one string argument, a trace id in the MDC), as in
 * {@code AppendBenchmark.newEvent}, logged through a Logback logger into a started
 * {@link MemoryDelay} whose buffer is flushed after each batch, and the same batches
 * through a logger whose appender does nothing. The bytes this thread allocated are read
 * around each batch, flushes left out, once the path is compiled. The difference per
 * event is memorydelay's: the fingerprint's copy, the entry, a copy of the arguments and
 * the map's node, the hash of its first message (measured: 224 bytes, with Logback's own
 * 144; 352 before the entry kept its MDC map, its arguments and its timeline recorder the
 * way it does now).
 */
class NewEntryAllocationTests {

	private static final int BATCH = 1024;

	/** What a new entry may allocate, with a margin for the JIT's choices. */
	private static final long MAX_BYTES_PER_NEW_ENTRY = 256;

	@Test
	void aNewEntryAllocatesOnlyWhatItKeeps() throws InterruptedException {
		String[] patterns = BenchmarkLogging.distinctPatterns(0, BATCH);
		try (AllocationMeter meter = new AllocationMeter(DigestSettings.builder().capacity(4 * BATCH).build())) {
			long[] perEvent = meter.measure(600, BATCH, (logger) -> log(logger, patterns),
					() -> empty(meter.memoryDelay));
			System.out.printf(
					"Allocated per new entry: %d bytes per event, %d with a no-op appender: %d for the " + "entry%n",
					perEvent[0], perEvent[1], perEvent[0] - perEvent[1]);
			assertThat(meter.memoryDelay.shutdown(Duration.ofSeconds(10))).as("last digest sent").isTrue();
			assertThat(meter.sender.entries()).as("every event a new entry").isEqualTo(600L * BATCH);
			assertThat(perEvent[0] - perEvent[1]).as("bytes a new entry allocates").isLessThan(MAX_BYTES_PER_NEW_ENTRY);
		}
	}

	private static void log(Logger logger, String[] patterns) {
		for (String pattern : patterns) {
			logger.warn(pattern, "4711-0815");
		}
	}

	/** Flushes, and waits for the cut if the digest before is still being sent. */
	private static void empty(MemoryDelay memoryDelay) throws InterruptedException {
		memoryDelay.flush();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (memoryDelay.status().buffer().events() > 0) {
			assertThat(System.nanoTime()).as("buffer emptied within 10 s").isLessThan(deadline);
			Thread.sleep(1);
		}
	}

}
