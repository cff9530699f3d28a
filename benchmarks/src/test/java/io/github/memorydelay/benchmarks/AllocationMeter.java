package io.github.memorydelay.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.memorydelay.benchmarks.BenchmarkLogging.NopAppender;
import io.github.memorydelay.benchmarks.BenchmarkLogging.TallyingSender;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.logback.AttachedAppender;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * What the thread that logs allocates: a Logback context with a trace id in its MDC, one
 * logger into a started {@link MemoryDelay} and one whose appender does nothing, and the
 * bytes this thread allocated read around each batch logged through either, once the path
 * is compiled (the first half of the rounds).
 */
final class AllocationMeter implements AutoCloseable {

	private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	final LoggerContext context = BenchmarkLogging.newContext();

	final MemoryDelay memoryDelay;

	final TallyingSender sender = new TallyingSender();

	/** The logger into memorydelay. */
	final Logger logger;

	/** The logger whose appender does nothing: Logback's own allocations. */
	final Logger nopLogger;

	AllocationMeter(DigestSettings settings) {
		assumeThat(this.threads.isThreadAllocatedMemorySupported() && this.threads.isThreadAllocatedMemoryEnabled())
			.as("the JVM counts each thread's allocations")
			.isTrue();
		this.context.getMDCAdapter().put("traceId", "5f2c9a1e7b3d4c60-0");
		this.memoryDelay = new MemoryDelay(settings);
		this.memoryDelay.setContext(this.context);
		this.memoryDelay.start(this.sender, null, RetryPolicy.defaults());
		AttachedAppender appender = new AttachedAppender(this.memoryDelay);
		appender.setContext(this.context);
		appender.setName("memorydelay");
		appender.start();
		NopAppender nop = new NopAppender();
		nop.setContext(this.context);
		nop.setName("nop");
		nop.start();
		this.logger = BenchmarkLogging.logger(this.context, BenchmarkLogging.LOGGER_NAME, appender);
		this.nopLogger = BenchmarkLogging.logger(this.context, "com.example.checkout.LedgerService", nop);
	}

	/**
	 * Logs a batch through each logger, round after round.
	 * @param rounds how many rounds; the second half is measured
	 * @param eventsPerBatch events one batch logs
	 * @param batch what one batch logs, given the logger
	 * @param betweenRounds what is done after each round, not measured
	 * @return bytes per event through memorydelay, and through the logger that does
	 * nothing
	 * @throws InterruptedException when interrupted between rounds
	 */
	long[] measure(int rounds, int eventsPerBatch, Consumer<Logger> batch, BetweenRounds betweenRounds)
			throws InterruptedException {
		long memoryDelayBytes = 0;
		long nopBytes = 0;
		long measured = 0;
		for (int round = 0; round < rounds; round++) {
			long before = allocated();
			batch.accept(this.logger);
			long logged = allocated();
			batch.accept(this.nopLogger);
			long nopLogged = allocated();
			betweenRounds.run();
			if (round >= rounds / 2) {
				memoryDelayBytes += logged - before;
				nopBytes += nopLogged - logged;
				measured += eventsPerBatch;
			}
		}
		return new long[] { memoryDelayBytes / measured, nopBytes / measured };
	}

	private long allocated() {
		return this.threads.getCurrentThreadAllocatedBytes();
	}

	@Override
	public void close() {
		this.memoryDelay.shutdown(Duration.ofSeconds(5));
		this.context.stop();
	}

	/** What is done after each round, not measured. */
	interface BetweenRounds {

		void run() throws InterruptedException;

	}

}
