package io.github.memorydelay.digest;

import java.time.Instant;
import java.util.Arrays;

/**
 * When the events of an entry happened: counts in 16 equal time buckets from the start of
 * the buffer, a fixed cost per entry whatever the number of events, and no list of times.
 * <p>
 * The end of the window is unknown while events are buffered, so the buckets start 1 ms
 * wide and an event beyond the last bucket doubles their width, merging neighbours, until
 * it fits. The buckets thus always reach past the latest event, with at least half of
 * them before it. A digest shows the counts over its own window as a strip of
 * {@value #BARS} bars.
 * <p>
 * Mutable only within this package, while its entry is buffered; a digest holds a copy.
 */
public final class Timeline {

	/** Bars of the strip a digest shows per entry. */
	public static final int BARS = 8;

	public static final int BUCKETS = 16;

	private static final String BLOCKS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";

	/** Start of the first bucket, epoch milliseconds. */
	private final long origin;

	/** Width of a bucket: 2 to the power of this, in milliseconds. */
	private int shift;

	private final int[] counts;

	/** Offsets from the origin of the first and the last event, in milliseconds. */
	private long first = Long.MAX_VALUE;

	private long last = Long.MIN_VALUE;

	private Timeline(long origin) {
		this.origin = origin;
		this.counts = new int[BUCKETS];
	}

	/**
	 * A timeline with no event.
	 * @param origin start of the first bucket, epoch milliseconds
	 * @return the timeline
	 */
	public static Timeline empty(long origin) {
		return new Timeline(origin);
	}

	/**
	 * A timeline of given counts, as a recorder of a buffered entry has them.
	 * @param origin start of the first bucket, epoch milliseconds
	 * @param shift width of the buckets, a power of two in milliseconds
	 * @param counts events per bucket, {@value #BUCKETS} of them
	 * @param first offset of the first event from the origin, in milliseconds
	 * @param last offset of the last event from the origin, in milliseconds
	 * @return the timeline
	 */
	public static Timeline of(long origin, int shift, long[] counts, long first, long last) {
		return new Timeline(origin, shift, counts, first, last);
	}

	private Timeline(long origin, int shift, long[] counts, long first, long last) {
		this.origin = origin;
		this.shift = shift;
		this.counts = new int[BUCKETS];
		for (int i = 0; i < BUCKETS; i++) {
			this.counts[i] = saturated(counts[i]);
		}
		this.first = first;
		this.last = last;
	}

	/**
	 * A timeline of one event.
	 * @param origin start of the first bucket, epoch milliseconds
	 * @param shift width of the buckets, a power of two in milliseconds, that reach the
	 * event
	 * @param offset offset of the event from the origin, in milliseconds
	 * @return the timeline
	 */
	public static Timeline one(long origin, int shift, long offset) {
		Timeline timeline = new Timeline(origin);
		timeline.shift = shift;
		timeline.counts[(int) (offset >> shift)] = 1;
		timeline.first = offset;
		timeline.last = offset;
		return timeline;
	}

	private Timeline(Timeline source) {
		this.origin = source.origin;
		this.shift = source.shift;
		this.counts = source.counts.clone();
		this.first = source.first;
		this.last = source.last;
	}

	/**
	 * A timeline for an entry known only by its count and first and last time: the first
	 * and the last event at their times, the others spread evenly between them.
	 * @param firstSeen time of the first event
	 * @param lastSeen time of the last event
	 * @param count number of events
	 * @return the timeline
	 */
	public static Timeline between(Instant firstSeen, Instant lastSeen, long count) {
		long start = firstSeen.toEpochMilli();
		long end = Math.max(start, lastSeen.toEpochMilli());
		Timeline timeline = new Timeline(start);
		if (count <= 0) {
			return timeline;
		}
		timeline.add(start);
		if (count > 1) {
			timeline.add(end);
		}
		long rest = count - Math.min(count, 2);
		if (rest > 0) {
			int used = (int) Math.min(BUCKETS, ((end - start) >> timeline.shift) + 1);
			for (int i = 0; i < used; i++) {
				timeline.counts[i] = saturated(timeline.counts[i] + rest / used + ((i < rest % used) ? 1 : 0));
			}
		}
		return timeline;
	}

	/**
	 * Counts one event.
	 * @param timestamp time of the event, epoch milliseconds
	 */
	private void add(long timestamp) {
		add(timestamp, 1);
	}

	/**
	 * Hands each bucket that holds events to the consumer, with a time within the bucket
	 * and between the first and the last event.
	 * @param consumer takes the time, epoch milliseconds, and the bucket's count
	 */
	public void forEachBucket(BucketConsumer consumer) {
		if (this.first > this.last) {
			return;
		}
		long width = 1L << this.shift;
		for (int i = 0; i < BUCKETS; i++) {
			if (this.counts[i] > 0) {
				long offset = Math.min(Math.max(i * width, this.first), this.last);
				consumer.accept(this.origin + offset, this.counts[i]);
			}
		}
	}

	public long origin() {
		return this.origin;
	}

	private void add(long timestamp, long events) {
		// an event a few milliseconds older than the first of the buffer (another
		// thread's) counts at its start
		long offset = Math.max(0, timestamp - this.origin);
		while ((offset >> this.shift) >= BUCKETS) {
			widen();
		}
		int bucket = (int) (offset >> this.shift);
		this.counts[bucket] = saturated(this.counts[bucket] + events);
		this.first = Math.min(this.first, offset);
		this.last = Math.max(this.last, offset);
	}

	private void widen() {
		for (int i = 0; i < BUCKETS / 2; i++) {
			this.counts[i] = saturated((long) this.counts[2 * i] + this.counts[2 * i + 1]);
		}
		Arrays.fill(this.counts, BUCKETS / 2, BUCKETS, 0);
		this.shift++;
	}

	private static int saturated(long value) {
		return (int) Math.min(Integer.MAX_VALUE, value);
	}

	Timeline copy() {
		return new Timeline(this);
	}

	/**
	 * How the events spread over a window, in {@value #BARS} bars of equal length. A
	 * bucket that spans several bars shares its count between them by overlap; events
	 * outside the window count in its first or last bar.
	 * @param windowStart start of the window
	 * @param windowEnd end of the window
	 * @return the events per bar, fractions where a bucket was shared
	 */
	public double[] bars(Instant windowStart, Instant windowEnd) {
		double[] bars = new double[BARS];
		if (this.first > this.last) {
			return bars;
		}
		long start = windowStart.toEpochMilli();
		// the window includes the millisecond of its end
		double length = Math.max(1, windowEnd.toEpochMilli() - start + 1);
		double barLength = length / BARS;
		long width = 1L << this.shift;
		for (int i = 0; i < BUCKETS; i++) {
			if (this.counts[i] == 0) {
				continue;
			}
			// the part of the bucket where events were, relative to the window start
			double from = this.origin - start + Math.max(i * width, this.first);
			double to = this.origin - start + Math.min((i + 1) * width, this.last + 1);
			from = Math.min(Math.max(from, 0), length - 1);
			to = Math.min(Math.max(to, from + 1), length);
			for (int bar = (int) (from / barLength); bar < BARS && bar * barLength < to; bar++) {
				double overlap = Math.min(to, (bar + 1) * barLength) - Math.max(from, bar * barLength);
				if (overlap > 0) {
					bars[bar] += this.counts[i] * overlap / (to - from);
				}
			}
		}
		return bars;
	}

	/**
	 * The bars as {@value #BARS} block characters, {@code ▁} for no event and {@code ▂}
	 * to {@code █} in proportion to the fullest bar.
	 * @param windowStart start of the window
	 * @param windowEnd end of the window
	 * @return the strip
	 */
	public String strip(Instant windowStart, Instant windowEnd) {
		double[] bars = bars(windowStart, windowEnd);
		double max = 0;
		for (double bar : bars) {
			max = Math.max(max, bar);
		}
		StringBuilder strip = new StringBuilder(BARS);
		for (double bar : bars) {
			int level = (bar <= 0) ? 0 : Math.max(1, (int) Math.ceil(bar / max * (BLOCKS.length() - 1)));
			strip.append(BLOCKS.charAt(Math.min(level, BLOCKS.length() - 1)));
		}
		return strip.toString();
	}

	@Override
	public boolean equals(Object obj) {
		return obj instanceof Timeline other && this.origin == other.origin && this.shift == other.shift
				&& this.first == other.first && this.last == other.last && Arrays.equals(this.counts, other.counts);
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.origin) * 31 + Arrays.hashCode(this.counts);
	}

	/**
	 * A builder of a timeline from its events one by one, in any order.
	 * @param origin start of the first bucket, epoch milliseconds
	 * @return the builder
	 */
	public static Builder builder(long origin) {
		return new Builder(origin);
	}

	/**
	 * Adds events to a timeline under construction; {@link #build()} hands out a copy.
	 */
	public static final class Builder {

		private final Timeline timeline;

		private Builder(long origin) {
			this.timeline = new Timeline(origin);
		}

		/**
		 * Adds an event.
		 * @param timestamp when it happened, epoch milliseconds
		 * @return this builder
		 */
		public Builder add(long timestamp) {
			this.timeline.add(timestamp);
			return this;
		}

		/**
		 * The timeline of the events added so far.
		 * @return the timeline
		 */
		public Timeline build() {
			return new Timeline(this.timeline);
		}

	}

	/**
	 * Takes the count of one bucket.
	 */
	@FunctionalInterface
	public interface BucketConsumer {

		void accept(long timestamp, long events);

	}

	@Override
	public String toString() {
		return "Timeline[origin=" + Instant.ofEpochMilli(this.origin) + ", bucket=" + (1L << this.shift)
				+ " ms, counts=" + Arrays.toString(this.counts) + "]";
	}

}
