package io.github.memorydelay.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Timeline;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.MDCAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An entry makes its timeline with its first duplicate: until then it counts the event it
 * was captured with, and the threads that race to count its first duplicates count each
 * event once.
 */
class BufferedEntryTests {

	private static final Instant WINDOW_START = Instant.parse("2026-12-01T09:00:00Z");

	private final TestEvents events = new TestEvents();

	private final DigestSettings settings = DigestSettings.builder().build();

	private LoggingEvent at(long offset) {
		return this.events.event(Level.WARN, "Card issuer {} timed out", "acme")
			.at(WINDOW_START.plusMillis(offset))
			.build();
	}

	private BufferedEntry capture(LoggingEvent event) {
		return BufferedEntry.capture(event, Fingerprint.of(event), WINDOW_START.toEpochMilli(), this.settings);
	}

	private static long events(Timeline timeline) {
		long[] events = new long[1];
		timeline.forEachBucket((time, count) -> events[0] += count);
		return events[0];
	}

	@Test
	void anEntryWithoutDuplicatesShowsTheEventItWasCapturedWith() {
		BufferedEntry entry = capture(at(9_000));
		DigestEntry shown = entry.toDigestEntry(null);
		Timeline.Builder expected = Timeline.builder(WINDOW_START.toEpochMilli());
		expected.add(WINDOW_START.toEpochMilli() + 9_000);
		assertThat(entry.count()).isOne();
		assertThat(shown.count()).isOne();
		assertThat(shown.timeline()).isEqualTo(expected.build())
			.isEqualTo(
					new TimelineRecorder(WINDOW_START.toEpochMilli(), WINDOW_START.toEpochMilli() + 9_000).snapshot());
	}

	@Test
	void duplicatesCountWithTheCapturedEvent() {
		BufferedEntry entry = capture(at(9_000));
		Timeline.Builder expected = Timeline.builder(WINDOW_START.toEpochMilli());
		expected.add(WINDOW_START.toEpochMilli() + 9_000);
		for (long offset : new long[] { 9_000, 12, 70_000 }) {
			entry.count(at(offset));
			expected.add(WINDOW_START.toEpochMilli() + offset);
		}
		DigestEntry shown = entry.toDigestEntry(null);
		assertThat(shown.count()).isEqualTo(4);
		assertThat(shown.timeline()).isEqualTo(expected.build());
		assertThat(shown.lastSeen()).isEqualTo(WINDOW_START.plusMillis(70_000));
	}

	@Test
	void anEntryAbsorbsTheCapturedEventOfAnother() {
		BufferedEntry absorbing = capture(at(5));
		absorbing.absorb(capture(at(40)));
		assertThat(absorbing.count()).isEqualTo(2);
		assertThat(events(absorbing.toDigestEntry(null).timeline())).isEqualTo(2);
	}

	@Test
	void theMdcIsTheOneOfTheMomentTheEventWasLogged() {
		MDCAdapter mdc = this.events.context().getMDCAdapter();
		mdc.put("traceId", "5f2c9a1e");
		try {
			BufferedEntry first = capture(at(1));
			mdc.put("traceId", "7b3d4c60");
			BufferedEntry second = capture(this.events.warn("Ledger is slow"));
			mdc.put("user", "alice");
			BufferedEntry third = capture(this.events.warn("Ledger is down"));
			mdc.remove("traceId");
			assertThat(first.mdc()).containsExactly(Map.entry("traceId", "5f2c9a1e"));
			assertThat(second.mdc()).containsExactly(Map.entry("traceId", "7b3d4c60"));
			assertThat(third.mdc()).containsExactly(Map.entry("traceId", "7b3d4c60"), Map.entry("user", "alice"));
			assertThatExceptionOfType(UnsupportedOperationException.class)
				.isThrownBy(() -> first.mdc().put("traceId", "changed"));
		}
		finally {
			mdc.clear();
		}
	}

	@Test
	void anMdcMapThatCanChangeIsCopied() {
		// set by hand rather than by Logback's MDC adapter, whose maps are unmodifiable
		// copies
		Map<String, String> changing = new HashMap<>(Map.of("traceId", "5f2c9a1e"));
		LoggingEvent event = at(1);
		event.setMDCPropertyMap(changing);
		BufferedEntry entry = capture(event);
		changing.put("traceId", "changed");
		assertThat(entry.mdc()).containsExactly(Map.entry("traceId", "5f2c9a1e"));
	}

	@Test
	void threadsThatRaceToCountTheFirstDuplicatesCountEachEventOnce() throws Exception {
		// as many threads as processors, started by a spin rather than a barrier that
		// parks them, so that their first duplicates come at the same moment
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		int perThread = 4;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 5_000; round++) {
				BufferedEntry entry = capture(at(0));
				AtomicInteger waiting = new AtomicInteger(threads);
				List<Future<?>> counting = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					LoggingEvent duplicate = at(t);
					counting.add(pool.submit(() -> {
						waiting.decrementAndGet();
						while (waiting.get() > 0) {
							Thread.onSpinWait();
						}
						for (int i = 0; i < perThread; i++) {
							entry.count(duplicate);
						}
					}));
				}
				for (Future<?> future : counting) {
					future.get(10, TimeUnit.SECONDS);
				}
				long expected = 1 + (long) threads * perThread;
				assertThat(entry.count()).as("round %d", round).isEqualTo(expected);
				assertThat(events(entry.toDigestEntry(null).timeline())).as("round %d", round).isEqualTo(expected);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
