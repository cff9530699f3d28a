package io.github.memorydelay.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.memorydelay.digest.Timeline;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A timeline recorded on many threads at once is the one recorded on one thread.
 */
class TimelineRecorderTests {

	private static final long ORIGIN = Instant.parse("2026-12-01T09:00:00Z").toEpochMilli();

	@Test
	void recordsAsTheSingleThreadedTimelineDoes() {
		TimelineRecorder recorder = new TimelineRecorder(ORIGIN);
		Timeline.Builder expected = Timeline.builder(ORIGIN);
		for (long offset : new long[] { 3, 3, 40, 7, 900, 65_000, 12 }) {
			recorder.add(ORIGIN + offset);
			expected.add(ORIGIN + offset);
		}
		assertThat(recorder.snapshot()).isEqualTo(expected.build());
		assertThat(recorder.total()).isEqualTo(7);
	}

	@Test
	void theEventAnEntryIsCapturedWithCountsAsIfItWereAdded() {
		// the first offset is the captured event; where its duplicates are all older,
		// the buckets they make do not reach it
		long[][] cases = { { 900 }, { 900, 3, 3, 40 }, { 3, 900, 65_000, 12 }, { 70_000, 1, 2, 2 } };
		for (long[] offsets : cases) {
			TimelineRecorder recorder = new TimelineRecorder(ORIGIN, ORIGIN + offsets[0]);
			Timeline.Builder expected = Timeline.builder(ORIGIN);
			expected.add(ORIGIN + offsets[0]);
			for (int i = 1; i < offsets.length; i++) {
				recorder.add(ORIGIN + offsets[i]);
				expected.add(ORIGIN + offsets[i]);
			}
			assertThat(recorder.snapshot()).as("offsets %s", Arrays.toString(offsets)).isEqualTo(expected.build());
			assertThat(recorder.total()).isEqualTo(offsets.length);
		}
	}

	@Test
	void aCapturedEventIsCountedWhenItsRecorderIsAddedToAnother() {
		TimelineRecorder absorbing = new TimelineRecorder(ORIGIN, ORIGIN + 5);
		absorbing.addAll(new TimelineRecorder(ORIGIN, ORIGIN + 7_000));
		TimelineRecorder other = new TimelineRecorder(ORIGIN, ORIGIN + 40);
		other.add(ORIGIN + 41);
		absorbing.addAll(other);
		Timeline.Builder expected = Timeline.builder(ORIGIN);
		for (long offset : new long[] { 5, 7_000, 40, 41 }) {
			expected.add(ORIGIN + offset);
		}
		assertThat(absorbing.snapshot()).isEqualTo(expected.build());
		assertThat(absorbing.total()).isEqualTo(4);
	}

	@Test
	void eventsOlderThanTheOriginCountAtItsStart() {
		TimelineRecorder recorder = new TimelineRecorder(ORIGIN);
		recorder.add(ORIGIN - 5);
		Timeline.Builder expected = Timeline.builder(ORIGIN);
		expected.add(ORIGIN);
		assertThat(recorder.snapshot()).isEqualTo(expected.build());
	}

	@Test
	void concurrentEventsThatWidenTheBucketsAreAllCounted() throws Exception {
		int threads = 8;
		int perThread = 20_000;
		for (int round = 0; round < 10; round++) {
			SplittableRandom random = new SplittableRandom(round);
			// every other round the recorder is made with its entry's first event, as a
			// new entry's is
			long captured = (round % 2 == 1) ? ORIGIN + random.nextLong(3_600_000) : -1;
			TimelineRecorder recorder = (captured >= 0) ? new TimelineRecorder(ORIGIN, captured)
					: new TimelineRecorder(ORIGIN);
			List<long[]> times = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				long[] own = new long[perThread];
				for (int i = 0; i < perThread; i++) {
					// mostly the same few milliseconds (contended buckets), some far out
					// (widening)
					own[i] = ORIGIN + ((i % 50 == 0) ? random.nextLong(3_600_000) : random.nextLong(4));
				}
				times.add(own);
			}
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				CountDownLatch go = new CountDownLatch(1);
				List<Future<?>> adders = new ArrayList<>();
				for (long[] own : times) {
					adders.add(executor.submit(() -> {
						go.await();
						for (long time : own) {
							recorder.add(time);
						}
						return null;
					}));
				}
				go.countDown();
				for (Future<?> adder : adders) {
					adder.get(30, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
				assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			}
			Timeline.Builder expected = Timeline.builder(ORIGIN);
			if (captured >= 0) {
				expected.add(captured);
			}
			for (long[] own : times) {
				for (long time : own) {
					expected.add(time);
				}
			}
			assertThat(recorder.total()).isEqualTo((long) threads * perThread + ((captured >= 0) ? 1 : 0));
			assertThat(recorder.snapshot()).as("round %d", round).isEqualTo(expected.build());
		}
	}

	@Test
	void recorderOfATimelineHoldsItsEvents() {
		Timeline between = Timeline.between(Instant.ofEpochMilli(ORIGIN), Instant.ofEpochMilli(ORIGIN + 10_000), 41);
		TimelineRecorder recorder = TimelineRecorder.of(between);
		assertThat(recorder.total()).isEqualTo(41);
		assertThat(recorder.snapshot().bars(Instant.ofEpochMilli(ORIGIN), Instant.ofEpochMilli(ORIGIN + 10_000)))
			.containsExactly(between.bars(Instant.ofEpochMilli(ORIGIN), Instant.ofEpochMilli(ORIGIN + 10_000)));
	}

}
