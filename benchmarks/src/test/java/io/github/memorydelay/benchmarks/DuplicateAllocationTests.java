package io.github.memorydelay.benchmarks;

import ch.qos.logback.classic.Logger;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an event that is counted into an entry the buffer holds allocates on the thread
 * that logs it, beyond what Logback allocates for the event itself: nothing, also when
 * its message was built by concatenation and is found by its template (masked in the
 * thread's own buffer).
 * <p>
 * Method: as {@link NewEntryAllocationTests}, batches of 1,024 events through a Logback
 * logger into a started {@link MemoryDelay} and the same through a logger whose appender
 * does nothing, the bytes this thread allocated read around each batch once the path is
 * compiled.
 */
class DuplicateAllocationTests {

	private static final int BATCH = 1024;

	/** A margin for the JIT's choices: far below one object per event. */
	private static final long MAX_BYTES_PER_DUPLICATE = 4;

	@Test
	void aConcatenatedMessageWhoseTemplateIsAnEntryAllocatesNothing() throws InterruptedException {
		String[] messages = BenchmarkLogging.concatenatedMessages(0, BATCH);
		long perEvent = measure((logger) -> {
			for (String message : messages) {
				logger.warn(message);
			}
		}, 1);
		assertThat(perEvent).as("bytes a duplicate by its template allocates").isLessThan(MAX_BYTES_PER_DUPLICATE);
	}

	@Test
	void anSlf4jPatternThatRepeatsAllocatesNothing() throws InterruptedException {
		long perEvent = measure((logger) -> {
			for (int i = 0; i < BATCH; i++) {
				logger.warn("Card issuer {} timed out, payment will be retried", "4711-0815");
			}
		}, 1);
		assertThat(perEvent).as("bytes a duplicate allocates").isLessThan(MAX_BYTES_PER_DUPLICATE);
	}

	private long measure(java.util.function.Consumer<Logger> batch, int entries) throws InterruptedException {
		try (AllocationMeter meter = new AllocationMeter(DigestSettings.builder().build())) {
			long[] perEvent = meter.measure(400, BATCH, batch, () -> {
			});
			long beyond = perEvent[0] - perEvent[1];
			System.out.printf("Allocated per duplicate: %d bytes beyond Logback's %d%n", beyond, perEvent[1]);
			assertThat(meter.memoryDelay.status().buffer().entries()).as("entries held").isEqualTo(entries);
			assertThat(meter.memoryDelay.status().buffer().events()).as("events counted").isEqualTo(400L * BATCH);
			return beyond;
		}
	}

}
