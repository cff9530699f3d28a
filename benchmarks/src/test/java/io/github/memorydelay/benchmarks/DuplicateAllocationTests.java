package io.github.memorydelay.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.memorydelay.benchmarks.BenchmarkLogging.NopAppender;
import io.github.memorydelay.benchmarks.BenchmarkLogging.TallyingSender;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.logback.AttachedAppender;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

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

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

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
		assumeThat(this.threads.isThreadAllocatedMemorySupported() && this.threads.isThreadAllocatedMemoryEnabled())
			.as("the JVM counts each thread's allocations")
			.isTrue();
		LoggerContext context = BenchmarkLogging.newContext();
		context.getMDCAdapter().put("traceId", "5f2c9a1e7b3d4c60-0");
		MemoryDelay memoryDelay = new MemoryDelay(DigestSettings.builder().build());
		memoryDelay.setContext(context);
		TallyingSender sender = new TallyingSender();
		memoryDelay.start(sender, null, RetryPolicy.defaults());
		AttachedAppender appender = new AttachedAppender(memoryDelay);
		appender.setContext(context);
		appender.setName("memorydelay");
		appender.start();
		NopAppender nop = new NopAppender();
		nop.setContext(context);
		nop.setName("nop");
		nop.start();
		Logger logger = BenchmarkLogging.logger(context, BenchmarkLogging.LOGGER_NAME, appender);
		Logger nopLogger = BenchmarkLogging.logger(context, "com.example.checkout.LedgerService", nop);
		try {
			long memoryDelayBytes = 0;
			long nopBytes = 0;
			int measured = 0;
			for (int round = 0; round < 400; round++) {
				long before = allocated();
				batch.accept(logger);
				long logged = allocated();
				batch.accept(nopLogger);
				long nopLogged = allocated();
				if (round >= 200) {
					memoryDelayBytes += logged - before;
					nopBytes += nopLogged - logged;
					measured += BATCH;
				}
			}
			long perEvent = (memoryDelayBytes - nopBytes) / measured;
			System.out.printf("Allocated per duplicate: %d bytes beyond Logback's %d%n", perEvent, nopBytes / measured);
			assertThat(memoryDelay.status().buffer().entries()).as("entries held").isEqualTo(entries);
			assertThat(memoryDelay.status().buffer().events()).as("events counted").isEqualTo(400L * BATCH);
			return perEvent;
		}
		finally {
			memoryDelay.shutdown(Duration.ofSeconds(5));
			context.stop();
		}
	}

	private long allocated() {
		return this.threads.getCurrentThreadAllocatedBytes();
	}

}
