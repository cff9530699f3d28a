package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.policy.Silences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's accounting under contention: many threads add at once while another cuts
 * digests (level triggers, manual flushes) and, in one case, a third sets and ends
 * silences. Whatever the interleaving, every event is counted exactly once across all
 * digests, in an entry, as not shown or as silenced. Each case runs many rounds.
 */
class ConcurrentAccountingTests {

	private static final int ROUNDS = 25;

	private static final int EVENTS_PER_THREAD = 3_000;

	/** Patterns that every thread logs again and again. */
	private static final int SHARED_PATTERNS = 6;

	private final MutableClock clock = MutableClock.start();

	private final TestEvents events = new TestEvents(this.clock);

	@ParameterizedTest(name = "{0} threads, capacity {1}")
	@CsvSource({ "8, 4", "8, 100000", "16, 4", "16, 100000" })
	void everyEventIsCountedOnceInEntriesOrAsNotShown(int threads, int capacity) throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			DigestEngine engine = engine(capacity);
			Run run = run(engine, threads, false);
			Map<Level, Long> logged = run.loggedByLevel();
			Map<Level, Long> counted = new HashMap<>();
			long entries = 0;
			for (Digest digest : run.digests()) {
				assertThat(digest.entries()).hasSizeLessThanOrEqualTo(capacity);
				assertThat(digest.entries()).extracting(DigestEntry::id).doesNotHaveDuplicates();
				for (DigestEntry entry : digest.entries()) {
					assertThat(entry.count()).isPositive();
					assertThat(entry.lastSeen()).isAfterOrEqualTo(entry.firstSeen());
					assertThat(entry.timeline().bars(digest.windowStart(), digest.windowEnd()))
						.as("the entry's timeline holds its count")
						.satisfies((bars) -> assertThat(sum(bars)).isCloseTo(entry.count(),
								org.assertj.core.data.Offset.offset(0.001)));
					counted.merge(entry.level(), entry.count(), Long::sum);
					entries++;
				}
				digest.notShown().forEach((level, count) -> counted.merge(level, count, Long::sum));
				assertThat(digest.silenced()).isZero();
			}
			assertThat(counted).as("round %d", round).isEqualTo(logged);
			BufferStatus status = engine.status();
			assertThat(status.events()).isZero();
			// every event was a new entry, a duplicate of one, or not shown: each counted
			// once
			assertThat(entries + status.totalDuplicates() + status.totalNotShown()).as("round %d", round)
				.isEqualTo(run.logged());
			if (capacity > run.distinct()) {
				assertThat(status.totalNotShown()).isZero();
				assertThat(run.countsByMessage()).as("round %d", round).isEqualTo(run.loggedByMessage());
			}
		}
	}

	@ParameterizedTest(name = "{0} threads, silences set and ended meanwhile")
	@CsvSource({ "8", "16" })
	void everyEventIsCountedOnceWhileSilencesChange(int threads) throws Exception {
		for (int round = 0; round < ROUNDS; round++) {
			DigestEngine engine = engine(100_000);
			Run run = run(engine, threads, true);
			long counted = 0;
			for (Digest digest : run.digests()) {
				counted += digest.entries().stream().mapToLong(DigestEntry::count).sum() + digest.notShownEvents()
						+ digest.silenced();
			}
			BufferStatus status = engine.status();
			// what is left is silenced events only, which no digest carried yet
			assertThat(status.events()).isEqualTo(status.silenced());
			assertThat(counted + status.silenced()).as("round %d", round).isEqualTo(run.logged());
		}
	}

	@Test
	void aSilencedEventStillBeingAddedDoesNotHideAShownOne() {
		// the moment when one thread is inside add with a silenced event (counted as
		// silenced, not yet as added) while another's error is added: the buffer has
		// content, and a shutdown flush sends it
		DigestSettings settings = DigestSettings.builder().flushLevel(Level.ERROR).build();
		Silences silences = new Silences(this.clock);
		LoggingEvent muted = this.events.warn("Muted warning");
		silences.silence(Fingerprint.of(muted).id(), Duration.ofHours(1), null);
		DigestBuffer buffer = new DigestBuffer(settings);
		int inside = InFlightWriters.stripe(0);
		int done = InFlightWriters.stripe(1);
		buffer.writers().enter(inside);
		assertThat(buffer.add(Fingerprint.of(muted), muted, silences, this.clock, inside))
			.isEqualTo(DigestBuffer.SILENCED);
		LoggingEvent error = this.events.error("Payment failed");
		buffer.writers().enter(done);
		assertThat(buffer.add(Fingerprint.of(error), error, silences, this.clock, done))
			.isEqualTo(DigestBuffer.NEW_ENTRY);
		buffer.writers().leave(done);
		assertThat(buffer.hasContent()).isTrue();
		assertThat(buffer.isEmpty()).isFalse();
		buffer.writers().leave(inside);
		assertThat(buffer.events()).isEqualTo(2);
		assertThat(buffer.silenced()).isEqualTo(1);
		assertThat(buffer.hasContent()).isTrue();
	}

	private DigestEngine engine(int capacity) {
		return new DigestEngine(DigestSettings.builder()
			.capacity(capacity)
			.flushLevel(Level.ERROR)
			.delay(Duration.ZERO)
			.minInterval(Duration.ZERO)
			.build(), this.clock);
	}

	private Run run(DigestEngine engine, int threads, boolean silencing) throws Exception {
		List<LoggingEvent[]> perThread = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			LoggingEvent[] logged = new LoggingEvent[EVENTS_PER_THREAD];
			for (int i = 0; i < EVENTS_PER_THREAD; i++) {
				logged[i] = event(t, i);
			}
			perThread.add(logged);
		}
		String silenced = Fingerprint.of(event(0, 1)).id();
		ExecutorService executor = Executors.newFixedThreadPool(threads + 2);
		try {
			CountDownLatch ready = new CountDownLatch(threads + 2);
			CountDownLatch go = new CountDownLatch(1);
			AtomicBoolean adding = new AtomicBoolean(true);
			List<Future<?>> adders = new ArrayList<>();
			for (LoggingEvent[] logged : perThread) {
				adders.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					for (LoggingEvent event : logged) {
						engine.add(event);
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
					Digest digest = (due != null) ? due : engine.flush(Trigger.MANUAL);
					if (digest != null) {
						flushed.add(digest);
					}
				}
				return flushed;
			});
			Future<?> silencer = executor.submit(() -> {
				ready.countDown();
				go.await();
				while (silencing && adding.get()) {
					engine.silences().silence(silenced, Duration.ofHours(1), null);
					engine.applySilences();
					Thread.yield();
					engine.silences().end(silenced);
					engine.applySilences();
				}
				return null;
			});
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			for (Future<?> adder : adders) {
				adder.get(30, TimeUnit.SECONDS);
			}
			adding.set(false);
			silencer.get(10, TimeUnit.SECONDS);
			List<Digest> digests = new ArrayList<>(flusher.get(10, TimeUnit.SECONDS));
			Digest last = engine.flush(Trigger.MANUAL);
			if (last != null) {
				digests.add(last);
			}
			assertThat(digests).extracting(Digest::sequence).doesNotHaveDuplicates();
			return new Run(perThread, digests);
		}
		finally {
			executor.shutdownNow();
			assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	/**
	 * Mostly duplicates of a few shared entries, one distinct warning in four, an error
	 * (a level trigger) now and then.
	 */
	private LoggingEvent event(int thread, int i) {
		if (i % 250 == 0) {
			return this.events.error("Error {} on thread {}", i, thread);
		}
		if (i % 4 == 0) {
			return this.events.warn("Distinct warning " + TestEvents.word(thread) + " " + TestEvents.word(i));
		}
		return this.events.warn("Shared warning " + TestEvents.word(i % SHARED_PATTERNS));
	}

	private static double sum(double[] values) {
		double sum = 0;
		for (double value : values) {
			sum += value;
		}
		return sum;
	}

	private record Run(List<LoggingEvent[]> threads, List<Digest> digests) {

		long logged() {
			return this.threads.stream().mapToLong((events) -> events.length).sum();
		}

		Map<Level, Long> loggedByLevel() {
			Map<Level, Long> byLevel = new HashMap<>();
			for (LoggingEvent[] events : this.threads) {
				for (LoggingEvent event : events) {
					byLevel.merge(event.getLevel(), 1L, Long::sum);
				}
			}
			return byLevel;
		}

		Map<String, Long> loggedByMessage() {
			Map<String, Long> byMessage = new HashMap<>();
			for (LoggingEvent[] events : this.threads) {
				for (LoggingEvent event : events) {
					byMessage.merge(event.getMessage(), 1L, Long::sum);
				}
			}
			return byMessage;
		}

		long distinct() {
			return loggedByMessage().size();
		}

		/** Counts of the entries of all digests, by pattern (all entries shown). */
		Map<String, Long> countsByMessage() {
			Map<String, Long> byMessage = new HashMap<>();
			for (Digest digest : this.digests) {
				for (DigestEntry entry : digest.entries()) {
					// the patterns here have no arguments but the errors', whose first
					// occurrence names them
					String pattern = entry.level().equals(Level.ERROR) ? "Error {} on thread {}" : entry.message();
					byMessage.merge(pattern, entry.count(), Long::sum);
				}
			}
			return byMessage;
		}

	}

}
