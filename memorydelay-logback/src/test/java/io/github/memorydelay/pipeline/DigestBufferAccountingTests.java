package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * How the buffer counts events into entries: nothing is dropped without being counted.
 */
class DigestBufferAccountingTests {

	private static final Instant T0 = Instant.parse("2025-03-14T09:00:00Z");

	private final MutableClock clock = MutableClock.start();

	private final TestEvents events = new TestEvents(this.clock);

	private DigestEngine engine(int capacity) {
		return engine(DigestSettings.builder().capacity(capacity));
	}

	private DigestEngine engine(DigestSettings.Builder settings) {
		return new DigestEngine(settings.flushLevel(Level.OFF).delay(Duration.ZERO).minInterval(Duration.ZERO).build(),
				this.clock);
	}

	private static Digest flush(DigestEngine engine) {
		return engine.flush(Trigger.MANUAL);
	}

	/** Every exception made here has the same class and throwing frame. */
	private static IllegalStateException failureAtOneSite(String message) {
		return new IllegalStateException(message);
	}

	private static IllegalStateException failureAtAnotherSite(String message) {
		return new IllegalStateException(message);
	}

	@Test
	void duplicatesShareOneEntryWithCount() {
		DigestEngine engine = engine(10);
		for (int i = 0; i < 3; i++) {
			engine.add(this.events.event(Level.ERROR, "Payment failed").thrown(failureAtOneSite("declined")).build());
		}
		Digest digest = flush(engine);
		assertThat(digest.entries()).hasSize(1);
		assertThat(digest.entries().get(0).count()).isEqualTo(3);
		assertThat(digest.events()).isEqualTo(3);
	}

	@Test
	void entryKeepsFirstAndLastSeenFromEventTimestamps() {
		DigestEngine engine = engine(10);
		engine.add(this.events.event(Level.WARN, "Slow query").at(T0.plusSeconds(3)).build());
		engine.add(this.events.event(Level.WARN, "Slow query").at(T0.plusSeconds(9)).build());
		engine.add(this.events.event(Level.WARN, "Slow query").at(T0.plusSeconds(7)).build());
		DigestEntry entry = flush(engine).entries().get(0);
		assertThat(entry.firstSeen()).isEqualTo(T0.plusSeconds(3));
		assertThat(entry.lastSeen()).isEqualTo(T0.plusSeconds(9));
	}

	@Test
	void entryKeepsFirstOccurrence() {
		DigestEngine engine = engine(10);
		engine.add(this.events.event(Level.WARN, "Order {} rejected", 41)
			.thread("http-nio-8080-exec-1")
			.mdc(Map.of("requestId", "r-1"))
			.build());
		engine.add(this.events.event(Level.WARN, "Order {} rejected", 42)
			.thread("http-nio-8080-exec-2")
			.mdc(Map.of("requestId", "r-2"))
			.build());
		DigestEntry entry = flush(engine).entries().get(0);
		assertThat(entry.message()).isEqualTo("Order 41 rejected");
		assertThat(entry.thread()).isEqualTo("http-nio-8080-exec-1");
		assertThat(entry.mdc()).containsExactly(entry("requestId", "r-1"));
		assertThat(entry.logger()).isEqualTo(TestEvents.LOGGER);
		assertThat(entry.level()).isEqualTo(Level.WARN);
	}

	@Test
	void entryCapturesMdcOfTheLoggingThread() {
		DigestEngine engine = engine(10);
		this.events.context().getMDCAdapter().put("user", "alice");
		try {
			engine.add(this.events.warn("with MDC from the adapter"));
		}
		finally {
			this.events.context().getMDCAdapter().clear();
		}
		assertThat(flush(engine).entries().get(0).mdc()).containsExactly(entry("user", "alice"));
	}

	@Test
	void differentArgumentsOfOnePatternShareOneEntry() {
		DigestEngine engine = engine(10);
		engine.add(this.events.warn("Retry {} of {} for {}", 1, 3, "invoice-7"));
		engine.add(this.events.warn("Retry {} of {} for {}", 2, 3, "invoice-9"));
		Digest digest = flush(engine);
		assertThat(digest.entries()).singleElement().satisfies((entry) -> assertThat(entry.count()).isEqualTo(2));
	}

	@Test
	void differentLoggersAreDifferentEntries() {
		DigestEngine engine = engine(10);
		engine.add(this.events.event(Level.WARN, "Timeout").logger("com.example.a.Client").build());
		engine.add(this.events.event(Level.WARN, "Timeout").logger("com.example.b.Client").build());
		assertThat(flush(engine).entries()).hasSize(2);
	}

	@Test
	void differentLevelsAreDifferentEntries() {
		DigestEngine engine = engine(10);
		engine.add(this.events.warn("Timeout"));
		engine.add(this.events.error("Timeout"));
		assertThat(flush(engine).entries()).extracting(DigestEntry::level).containsExactly(Level.WARN, Level.ERROR);
	}

	@Test
	void differentPatternsAreDifferentEntries() {
		DigestEngine engine = engine(10);
		engine.add(this.events.warn("Timeout calling {}", "a"));
		engine.add(this.events.warn("Timeout reading {}", "a"));
		assertThat(flush(engine).entries()).hasSize(2);
	}

	@Test
	void differentThrowingFramesAreDifferentEntries() {
		DigestEngine engine = engine(10);
		engine.add(this.events.event(Level.ERROR, "Payment failed").thrown(failureAtOneSite("x")).build());
		engine.add(this.events.event(Level.ERROR, "Payment failed").thrown(failureAtAnotherSite("x")).build());
		assertThat(flush(engine).entries()).hasSize(2);
	}

	@Test
	void differentExceptionClassesAreDifferentEntries() {
		DigestEngine engine = engine(10);
		for (Exception failure : List.of(new IllegalStateException("x"), new IllegalArgumentException("x"))) {
			engine.add(this.events.event(Level.ERROR, "Payment failed").thrown(failure).build());
		}
		assertThat(flush(engine).entries()).hasSize(2);
	}

	@Test
	void differentCauseClassesAreDifferentEntries() {
		DigestEngine engine = engine(10);
		for (Exception cause : List.of(new java.io.IOException("x"), new java.util.concurrent.TimeoutException("x"))) {
			engine.add(this.events.event(Level.ERROR, "Payment failed").thrown(new RuntimeException(cause)).build());
		}
		assertThat(flush(engine).entries()).hasSize(2);
	}

	@Test
	void eventWithThrowableIsNotDuplicateOfEventWithout() {
		DigestEngine engine = engine(10);
		engine.add(this.events.error("Payment failed"));
		engine.add(this.events.event(Level.ERROR, "Payment failed").thrown(failureAtOneSite("x")).build());
		assertThat(flush(engine).entries()).hasSize(2);
	}

	@Test
	void eventsBeyondCapacityAreCountedPerLevelAsNotShown() {
		DigestEngine engine = engine(2);
		engine.add(this.events.warn("held one"));
		engine.add(this.events.warn("held two"));
		engine.add(this.events.warn("not shown one"));
		engine.add(this.events.warn("not shown two"));
		engine.add(this.events.error("not shown three"));
		Digest digest = flush(engine);
		assertThat(digest.entries()).extracting(DigestEntry::message).containsExactly("held one", "held two");
		assertThat(digest.notShown()).containsExactly(entry(Level.ERROR, 1L), entry(Level.WARN, 2L));
		assertThat(digest.notShownEvents()).isEqualTo(3);
		assertThat(digest.events()).isEqualTo(5);
		assertThat(digest.events(Level.WARN)).isEqualTo(4);
		assertThat(digest.events(Level.ERROR)).isEqualTo(1);
	}

	@Test
	void duplicatesOfHeldEntriesAreCountedWhileFull() {
		DigestEngine engine = engine(2);
		engine.add(this.events.warn("held one"));
		engine.add(this.events.warn("held two"));
		engine.add(this.events.warn("not shown"));
		engine.add(this.events.warn("held one"));
		engine.add(this.events.warn("held one"));
		Digest digest = flush(engine);
		assertThat(digest.entries()).extracting(DigestEntry::count).containsExactly(3L, 1L);
		assertThat(digest.notShownEvents()).isEqualTo(1);
		assertThat(digest.events()).isEqualTo(5);
	}

	@Test
	void bufferStatusCountsEveryEvent() {
		DigestEngine engine = engine(1);
		engine.add(this.events.warn("held"));
		engine.add(this.events.warn("held"));
		engine.add(this.events.warn("not shown"));
		BufferStatus status = engine.status();
		assertThat(status.events()).isEqualTo(3);
		assertThat(status.entries()).isEqualTo(1);
		assertThat(status.notShown()).isEqualTo(1);
	}

	@Test
	void messageIsTruncatedToMaxMessageLength() {
		DigestEngine engine = engine(DigestSettings.builder().maxMessageLength(20));
		engine.add(this.events.warn("x".repeat(50)));
		String message = flush(engine).entries().get(0).message();
		assertThat(message).startsWith("x".repeat(20)).doesNotContain("x".repeat(21)).contains("30 more characters");
	}

	@Test
	void messageWithinMaxMessageLengthIsKept() {
		DigestEngine engine = engine(DigestSettings.builder().maxMessageLength(20));
		engine.add(this.events.warn("y".repeat(20)));
		assertThat(flush(engine).entries().get(0).message()).isEqualTo("y".repeat(20));
	}

	@Test
	void stackTraceIsTruncatedToMaxStackTraceLines() {
		DigestEngine engine = engine(DigestSettings.builder().maxStackTraceLines(3));
		IllegalStateException failure = failureAtOneSite("deep");
		assertThat(failure.getStackTrace().length).isGreaterThan(3);
		engine.add(this.events.event(Level.ERROR, "Payment failed").thrown(failure).build());
		String stackTrace = flush(engine).entries().get(0).stackTrace();
		assertThat(stackTrace).startsWith("java.lang.IllegalStateException: deep");
		assertThat(stackTrace.lines().filter((line) -> line.startsWith("\tat "))).hasSize(3);
		assertThat(stackTrace).contains("\t... " + (failure.getStackTrace().length - 3) + " more");
	}

	@Test
	void stackTraceIsTruncatedToMaxStackTraceLength() {
		DigestEngine engine = engine(DigestSettings.builder().maxStackTraceLength(40));
		engine.add(this.events.event(Level.ERROR, "Payment failed").thrown(failureAtOneSite("deep")).build());
		String stackTrace = flush(engine).entries().get(0).stackTrace();
		assertThat(stackTrace).startsWith("java.lang.IllegalStateException: deep")
			.endsWith("(stack trace truncated)")
			.hasSizeLessThan(40 + 40);
	}

	@Test
	void entryWithoutThrowableHasEmptyStackTrace() {
		DigestEngine engine = engine(10);
		engine.add(this.events.warn("no throwable"));
		assertThat(flush(engine).entries().get(0).stackTrace()).isEmpty();
	}

	@Test
	void concurrentAddsAndFlushesAccountForEveryEventExactlyOnce() throws Exception {
		int threads = 8;
		int perThread = 2_000;
		DigestEngine engine = engine(DigestSettings.builder().capacity(5).flushLevel(Level.ERROR));
		ExecutorService executor = Executors.newFixedThreadPool(threads + 1);
		try {
			CountDownLatch ready = new CountDownLatch(threads + 1);
			CountDownLatch go = new CountDownLatch(1);
			AtomicBoolean adding = new AtomicBoolean(true);
			List<Future<?>> adders = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				adders.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					for (int i = 0; i < perThread; i++) {
						engine.add(concurrentEvent(thread, i));
					}
					return null;
				}));
			}
			Future<List<Digest>> flusher = executor.submit(() -> {
				List<Digest> flushed = new ArrayList<>();
				ready.countDown();
				go.await();
				while (adding.get()) {
					Digest due = engine.flushIfDue();
					if (due != null) {
						flushed.add(due);
					}
					else {
						Digest manual = engine.flush(Trigger.MANUAL);
						if (manual != null) {
							flushed.add(manual);
						}
					}
				}
				return flushed;
			});
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			for (Future<?> adder : adders) {
				adder.get(20, TimeUnit.SECONDS);
			}
			adding.set(false);
			List<Digest> digests = new ArrayList<>(flusher.get(10, TimeUnit.SECONDS));
			Digest last = engine.flush(Trigger.MANUAL);
			if (last != null) {
				digests.add(last);
			}
			long accounted = digests.stream().mapToLong(Digest::events).sum();
			assertThat(accounted).isEqualTo((long) threads * perThread);
			assertThat(digests).allSatisfy((digest) -> assertThat(digest.entries()).hasSizeLessThanOrEqualTo(5));
			assertThat(digests).extracting(Digest::sequence).doesNotHaveDuplicates();
			assertThat(engine.status().events()).isZero();
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	/**
	 * Mostly duplicates of a few entries, some distinct warnings, an occasional error.
	 */
	private ch.qos.logback.classic.spi.LoggingEvent concurrentEvent(int thread, int i) {
		if (i % 100 == 0) {
			return this.events.error("Error {} on thread {}", i, thread);
		}
		if (i % 3 == 0) {
			return this.events.warn("Distinct warning " + TestEvents.word(thread) + " " + TestEvents.word(i));
		}
		return this.events.warn("Duplicate warning {}", i % 4);
	}

}
