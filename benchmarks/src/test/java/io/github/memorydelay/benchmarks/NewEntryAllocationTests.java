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

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	@Test
	void aNewEntryAllocatesOnlyWhatItKeeps() throws InterruptedException {
		assumeThat(this.threads.isThreadAllocatedMemorySupported() && this.threads.isThreadAllocatedMemoryEnabled())
			.as("the JVM counts each thread's allocations")
			.isTrue();
		LoggerContext context = BenchmarkLogging.newContext();
		context.getMDCAdapter().put("traceId", "5f2c9a1e7b3d4c60-0");
		MemoryDelay memoryDelay = new MemoryDelay(DigestSettings.builder().capacity(4 * BATCH).build());
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
		String[] patterns = BenchmarkLogging.distinctPatterns(0, BATCH);
		try {
			long memoryDelayBytes = 0;
			long nopBytes = 0;
			int measured = 0;
			for (int batch = 0; batch < 600; batch++) {
				long before = allocated();
				log(logger, patterns);
				long logged = allocated();
				log(nopLogger, patterns);
				long nopLogged = allocated();
				empty(memoryDelay);
				if (batch >= 300) {
					memoryDelayBytes += logged - before;
					nopBytes += nopLogged - logged;
					measured += BATCH;
				}
			}
			long perEvent = memoryDelayBytes / measured;
			long nopPerEvent = nopBytes / measured;
			System.out.printf(
					"Allocated per new entry: %d bytes per event, %d with a no-op appender: %d for the " + "entry%n",
					perEvent, nopPerEvent, perEvent - nopPerEvent);
			assertThat(memoryDelay.shutdown(Duration.ofSeconds(10))).as("last digest sent").isTrue();
			assertThat(sender.entries()).as("every event a new entry").isEqualTo(600L * BATCH);
			assertThat(perEvent - nopPerEvent).as("bytes a new entry allocates").isLessThan(MAX_BYTES_PER_NEW_ENTRY);
		}
		finally {
			memoryDelay.shutdown(Duration.ofSeconds(5));
			context.stop();
		}
	}

	private long allocated() {
		return this.threads.getCurrentThreadAllocatedBytes();
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
