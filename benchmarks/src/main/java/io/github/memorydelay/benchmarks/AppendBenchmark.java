package io.github.memorydelay.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.net.SMTPAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.boolex.EventEvaluatorBase;
import io.github.memorydelay.benchmarks.BenchmarkLogging.CountingAppender;
import io.github.memorydelay.benchmarks.BenchmarkLogging.NopAppender;
import io.github.memorydelay.benchmarks.BenchmarkLogging.TallyingSender;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.logback.AttachedAppender;
import io.github.memorydelay.pipeline.BufferStatus;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * What one event costs the thread that logs it, through a real Logback {@link Logger}
 * (level check, event creation, appender), for each appender compared:
 * <ul>
 * <li>{@code nop}: an appender that does nothing, the cost of Logback itself;</li>
 * <li>{@code async}: Logback's {@link AsyncAppender} over a no-op appender,
 * {@code neverBlock} so that a full queue drops rather than blocks;</li>
 * <li>{@code asyncBlocking}: the same with {@code neverBlock=false}, so that a full queue
 * blocks the logging thread and nothing is dropped;</li>
 * <li>{@code smtp}: Logback's {@link SMTPAppender} with an evaluator that never fires, so
 * it only keeps events in its cyclic buffer and never connects;</li>
 * <li>{@code memorydelay}: an {@link AttachedAppender} feeding a started
 * {@link MemoryDelay} whose sender sends nothing.</li>
 * </ul>
 * One thread here; {@link AppendBenchmark2Threads} runs the same methods on two.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Threads(1)
public class AppendBenchmark {

	/**
	 * Distinct events per thread between two flushes of the buffer, and distinct patterns
	 * per thread.
	 */
	static final int BATCH = 1024;

	/**
	 * Capacity of the buffer that takes new entries: more than two threads' batches, so
	 * it never fills.
	 */
	static final int OPEN_CAPACITY = 16 * 1024;

	/** Capacity of the buffer that is full. */
	static final int FULL_CAPACITY = 16;

	private static final Object ORDER = "4711-0815";

	private static final Object ORDER_REFERENCE = new OrderReference("4711-0815");

	private static final String HELD_PATTERN = "Card issuer {} timed out, payment will be retried";

	/**
	 * A distinct event: the buffer takes a new entry for each. The buffer is flushed
	 * before every batch of {@value #BATCH} distinct events, outside the timed region (in
	 * an application the dispatcher thread drains it, not the thread that logs); each
	 * thread logs its own patterns, so no event of a batch is a duplicate.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void newEvent(Pipeline pipeline, Messages messages, EmptyBuffer emptyBuffer) {
		logDistinct(pipeline, messages, ORDER);
	}

	/**
	 * As {@link #newEvent}, but the argument is an object of the application's (a
	 * record): memorydelay cannot tell whether its text will change, so it takes its
	 * {@code toString()} on the logging thread, where a string argument is kept as it is
	 * until the digest formats the message.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void newEventObjectArgument(Pipeline pipeline, Messages messages, EmptyBuffer emptyBuffer) {
		logDistinct(pipeline, messages, ORDER_REFERENCE);
	}

	private static void logDistinct(Pipeline pipeline, Messages messages, Object argument) {
		Logger logger = pipeline.logger;
		for (String pattern : messages.distinct) {
			logger.warn(pattern, argument);
		}
		messages.logged += BATCH;
	}

	/** The same pattern as an entry the buffer holds: counted into that entry. */
	@Benchmark
	public void duplicate(Pipeline pipeline, Messages messages) {
		pipeline.logger.warn(HELD_PATTERN, ORDER);
		messages.logged++;
	}

	/**
	 * A message built by concatenation whose template is an entry the buffer holds: each
	 * message differs (a row number, a quoted value), so memorydelay masks it to its
	 * template and counts it into that entry. The messages are built before the run, so
	 * that no appender pays for building them; their hashes are then cached after the
	 * first round, as a new string's is not (one more pass over its characters).
	 */
	@Benchmark
	public void templateDuplicate(Pipeline pipeline, Messages messages) {
		pipeline.logger.warn(messages.nextConcatenated());
		messages.logged++;
	}

	/**
	 * A {@code DEBUG} event, below memorydelay's level ({@code WARN}) but not below the
	 * logger's.
	 */
	@Benchmark
	public void belowLevel(Pipeline pipeline, Messages messages) {
		pipeline.logger.debug(HELD_PATTERN, ORDER);
		messages.logged++;
	}

	/**
	 * A distinct event while the buffer holds its capacity of entries and the minimum
	 * interval holds the digest back: only counted as not shown. For the other appenders
	 * the same distinct events.
	 */
	@Benchmark
	public void fullBuffer(Pipeline pipeline, Messages messages) {
		pipeline.fullLogger.warn(messages.nextDistinct(), ORDER);
		messages.logged++;
	}

	/**
	 * As {@link #fullBuffer}, but the distinct events are built beforehand and handed to
	 * the appender directly: what the appender alone costs and allocates. Through a
	 * logger, whether the JIT can keep Logback's event off the heap depends on how much
	 * of the appender it inlines, which blurs a comparison of allocations.
	 */
	@Benchmark
	public void fullBufferAppendOnly(Pipeline pipeline, Messages messages) {
		pipeline.fullAppender.doAppend(messages.nextEvent());
		messages.logged++;
	}

	/**
	 * The appender under test, attached to two loggers of one context: one whose buffer
	 * takes entries, one whose buffer is full.
	 */
	@State(Scope.Benchmark)
	public static class Pipeline {

		@Param({ "nop", "async", "asyncBlocking", "smtp", "memorydelay" })
		public String appender;

		LoggerContext context;

		Logger logger;

		Logger fullLogger;

		Appender<ILoggingEvent> fullAppender;

		/** Behind {@link #logger}; {@code null} for the other appenders. */
		MemoryDelay memoryDelay;

		MemoryDelay fullMemoryDelay;

		private final TallyingSender sender = new TallyingSender();

		/** Events the set-up logs, which go through the async queues too. */
		private long setupEvents;

		/** Behind the async appenders: what went through their queues. */
		private final List<CountingAppender> asyncSinks = new CopyOnWriteArrayList<>();

		/**
		 * What each thread logs, so that the events logged can be counted once all
		 * threads stopped.
		 */
		final List<Messages> threads = new CopyOnWriteArrayList<>();

		@Setup(Level.Trial)
		public void start() {
			this.context = BenchmarkLogging.newContext();
			this.logger = BenchmarkLogging.logger(this.context, BenchmarkLogging.LOGGER_NAME,
					create("open", DigestSettings.builder().capacity(OPEN_CAPACITY).build()));
			this.fullLogger = BenchmarkLogging.logger(this.context, "com.example.checkout.RefundService", create("full",
					DigestSettings.builder().capacity(FULL_CAPACITY).minInterval(Duration.ofDays(365)).build()));
			this.fullAppender = this.fullLogger.getAppender("full");
			this.logger.warn(HELD_PATTERN, ORDER);
			// the entry of the concatenated messages' template
			this.logger.warn(BenchmarkLogging.concatenatedMessages(99, 1)[0]);
			this.setupEvents += 2;
			if ("memorydelay".equals(this.appender)) {
				this.memoryDelay = ((AttachedAppender) this.logger.getAppender("open")).getMemoryDelay();
				this.fullMemoryDelay = ((AttachedAppender) this.fullAppender).getMemoryDelay();
				// a first digest, so that the minimum interval holds back the next one
				this.fullLogger.warn("Refund {} sent", ORDER);
				this.fullMemoryDelay.flush();
			}
			for (int i = 0; i < FULL_CAPACITY; i++) {
				this.fullLogger.warn("Refund {} rejected by rule " + BenchmarkLogging.word(i), ORDER);
				this.setupEvents++;
			}
			if (this.fullMemoryDelay != null) {
				BufferStatus full = this.fullMemoryDelay.status().buffer();
				if (full.entries() != FULL_CAPACITY || full.pendingTrigger() != Trigger.CAPACITY
						|| full.nextFlushAt().isBefore(full.windowStart().plus(Duration.ofDays(300)))) {
					throw new IllegalStateException("The full buffer is not held: " + full);
				}
			}
		}

		private Appender<ILoggingEvent> create(String name, DigestSettings settings) {
			switch (this.appender) {
				case "nop":
					return started(new NopAppender(), name);
				case "async":
				case "asyncBlocking":
					AsyncAppender async = new AsyncAppender();
					async.setDiscardingThreshold(0);
					// async drops an event when the queue is full; asyncBlocking waits
					// for room, as a user who must not lose events configures it
					async.setNeverBlock("async".equals(this.appender));
					CountingAppender sink = started(new CountingAppender(), name + "-sink");
					this.asyncSinks.add(sink);
					async.setContext(this.context);
					async.addAppender(sink);
					return started(async, name);
				case "smtp":
					PatternLayout layout = new PatternLayout();
					layout.setContext(this.context);
					layout.setPattern("%d{ISO8601} %-5level [%thread] %logger - %msg%n");
					layout.start();
					EventEvaluatorBase<ILoggingEvent> never = new EventEvaluatorBase<>() {
						@Override
						public boolean evaluate(ILoggingEvent event) {
							return false;
						}
					};
					never.setContext(this.context);
					never.setName("never");
					never.start();
					SMTPAppender smtp = new SMTPAppender();
					smtp.setContext(this.context); // before addTo, which starts a layout
					smtp.setLayout(layout);
					smtp.setEvaluator(never);
					smtp.addTo("ops@example.com");
					smtp.setFrom("app@example.com");
					smtp.setSmtpHost("smtp.example.invalid");
					return started(smtp, name);
				case "memorydelay":
					MemoryDelay memoryDelay = new MemoryDelay(settings);
					memoryDelay.setContext(this.context);
					memoryDelay.start(this.sender, null, RetryPolicy.defaults());
					return started(new AttachedAppender(memoryDelay), name);
				default:
					throw new IllegalArgumentException("Unknown appender: " + this.appender);
			}
		}

		private <A extends Appender<ILoggingEvent>> A started(A appender, String name) {
			appender.setContext(this.context);
			appender.setName(name);
			appender.start();
			if (!appender.isStarted()) {
				throw new IllegalStateException("Appender " + name + " did not start: "
						+ this.context.getStatusManager().getCopyOfStatusList());
			}
			return appender;
		}

		@TearDown(Level.Trial)
		public void stop() {
			if (this.memoryDelay != null) {
				BufferStatus full = this.fullMemoryDelay.status().buffer();
				this.memoryDelay.shutdown(Duration.ofSeconds(5));
				this.fullMemoryDelay.shutdown(Duration.ofSeconds(5));
				long logged = this.threads.stream().mapToLong((messages) -> messages.logged).sum();
				System.out.printf(
						"%nmemorydelay: %d events logged, %d digests with %d entries and %d events not shown; "
								+ "full buffer: %d entries, %d events, %d not shown%n",
						logged, this.sender.digests(), this.sender.entries(), this.sender.notShown(), full.entries(),
						full.events(), full.notShown());
			}
			this.context.stop();
			if (!this.asyncSinks.isEmpty()) {
				long logged = this.setupEvents + this.threads.stream().mapToLong((messages) -> messages.logged).sum();
				long appended = this.asyncSinks.stream().mapToLong(CountingAppender::appended).sum();
				System.out.printf("%n%s: %d of %d events logged went through the queue, %d (%.1f%%) were dropped%n",
						this.appender, appended, logged, logged - appended,
						(logged > 0) ? 100.0 * (logged - appended) / logged : 0.0);
			}
		}

	}

	/**
	 * What one thread logs: its own distinct patterns, and a count of its events. Each
	 * thread has a trace id in its MDC, as in a web application.
	 */
	@State(Scope.Thread)
	public static class Messages {

		String[] distinct;

		private String[] concatenated;

		private int nextConcatenated;

		private LoggingEvent[] events;

		private int next;

		long logged;

		@Setup(Level.Trial)
		public void create(Pipeline pipeline, ThreadParams thread) {
			this.distinct = BenchmarkLogging.distinctPatterns(thread.getThreadIndex(), BATCH);
			this.concatenated = BenchmarkLogging.concatenatedMessages(thread.getThreadIndex(), BATCH);
			this.events = new LoggingEvent[BATCH];
			for (int i = 0; i < BATCH; i++) {
				this.events[i] = new LoggingEvent(Logger.class.getName(), pipeline.fullLogger,
						ch.qos.logback.classic.Level.WARN, this.distinct[i], null, new Object[] { ORDER });
			}
			pipeline.threads.add(this);
		}

		@Setup(Level.Iteration)
		public void traceId(Pipeline pipeline, ThreadParams thread) {
			pipeline.context.getMDCAdapter().put("traceId", "5f2c9a1e7b3d4c60-" + thread.getThreadIndex());
		}

		String nextDistinct() {
			String pattern = this.distinct[this.next];
			this.next = (this.next + 1) % BATCH;
			return pattern;
		}

		String nextConcatenated() {
			String message = this.concatenated[this.nextConcatenated];
			this.nextConcatenated = (this.nextConcatenated + 1) % BATCH;
			return message;
		}

		LoggingEvent nextEvent() {
			LoggingEvent event = this.events[this.next];
			this.next = (this.next + 1) % BATCH;
			return event;
		}

	}

	/**
	 * Empties memorydelay's buffer before each batch of distinct events, outside the
	 * timed region.
	 */
	@State(Scope.Thread)
	public static class EmptyBuffer {

		@Setup(Level.Invocation)
		public void flush(Pipeline pipeline) {
			MemoryDelay memoryDelay = pipeline.memoryDelay;
			if (memoryDelay == null) {
				return;
			}
			// while the last digest is still being sent, flush() only asks for the next
			// (one email per outage), and the buffer is cut once that one is done: wait
			// for a cut after this batch, or the next batch would be duplicates of it
			Instant lastCut = memoryDelay.status().buffer().lastDigestAt();
			memoryDelay.flush();
			for (BufferStatus now = memoryDelay.status().buffer(); now.events() > 0
					&& Objects.equals(now.lastDigestAt(), lastCut); now = memoryDelay.status().buffer()) {
				Thread.yield();
			}
		}

	}

	/**
	 * An argument of the application's own type.
	 *
	 * @param number the order number
	 */
	record OrderReference(String number) {

		@Override
		public String toString() {
			return this.number;
		}

	}

}
