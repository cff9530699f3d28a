package io.github.memorydelay.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

import io.github.memorydelay.digest.Timeline;

/**
 * The {@link Timeline} of a buffered entry while its events come in, on any number of
 * threads at once and without a lock: counts in {@value Timeline#BUCKETS} buckets of a
 * width that doubles when an event falls beyond the last one.
 * <p>
 * A widening does not move counts: it starts a coarser set of buckets, and counts still
 * landing in the finer one (a thread that read it just before) stay there. A
 * {@link #snapshot()} merges the sets into the coarsest, bucket {@code i} of a set
 * {@code k} times finer counting into bucket {@code i >> k}, which is what widening in
 * place would have given. So no event is lost, and the counts add up to the entry's
 * count.
 * <p>
 * A bucket is a plain atomic count until two threads count into it at the same moment (a
 * flood of duplicates logged on many threads): from then on it counts in a
 * {@link LongAdder}, whose cells keep the threads off one cache line.
 * <p>
 * The event an entry is captured with is kept apart, as its offset, and the buckets are
 * made with its first duplicate: most entries of a digest that lists many distinct events
 * have one event each, and then neither the thread that logs it nor the digest touches a
 * set of buckets.
 */
public final class TimelineRecorder {

	private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

	private static final VarHandle HOT_COUNT = MethodHandles.arrayElementVarHandle(LongAdder[].class);

	private static final VarHandle RESOLUTION;

	private static final VarHandle FIRST;

	private static final VarHandle LAST;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			RESOLUTION = lookup.findVarHandle(TimelineRecorder.class, "resolution", Resolution.class);
			FIRST = lookup.findVarHandle(TimelineRecorder.class, "first", long.class);
			LAST = lookup.findVarHandle(TimelineRecorder.class, "last", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Start of the first bucket, epoch milliseconds. */
	private final long origin;

	/**
	 * Offset from the origin of the event the recorder was made with, counted in no
	 * bucket; {@code -1} for none.
	 */
	private final long captured;

	/** The coarsest set of buckets, {@code null} before an event is counted in one. */
	private volatile Resolution resolution;

	/** Offsets from the origin of the first and the last event, in milliseconds. */
	private volatile long first = Long.MAX_VALUE;

	private volatile long last = Long.MIN_VALUE;

	/**
	 * A recorder without events.
	 * @param origin start of the first bucket, epoch milliseconds
	 */
	TimelineRecorder(long origin) {
		this.origin = origin;
		this.captured = -1;
	}

	/**
	 * A recorder holding one event, the first of its entry. Only the thread that makes it
	 * sees it until it is published (by the entry that sets it with a compare-and-set),
	 * so its times are written without a fence.
	 * @param origin start of the first bucket, epoch milliseconds
	 * @param timestamp time of the event, epoch milliseconds
	 */
	TimelineRecorder(long origin, long timestamp) {
		this.origin = origin;
		this.captured = offset(origin, timestamp);
		FIRST.set(this, this.captured);
		LAST.set(this, this.captured);
	}

	/**
	 * The timeline of a single event, as {@link #snapshot()} of a recorder made with it
	 * shows it, without the recorder.
	 * @param origin start of the first bucket, epoch milliseconds
	 * @param timestamp time of the event, epoch milliseconds
	 * @return the timeline
	 */
	static Timeline one(long origin, long timestamp) {
		long offset = offset(origin, timestamp);
		return Timeline.one(origin, shiftFor(offset), offset);
	}

	/**
	 * A recorder holding the events of a timeline, each bucket's at its start.
	 * @param timeline the timeline
	 * @return the recorder
	 */
	static TimelineRecorder of(Timeline timeline) {
		TimelineRecorder recorder = new TimelineRecorder(timeline.origin());
		recorder.addAll(timeline);
		return recorder;
	}

	/**
	 * Counts one event.
	 * @param timestamp time of the event, epoch milliseconds
	 */
	void add(long timestamp) {
		add(timestamp, 1);
	}

	/**
	 * Counts the events of a timeline into this one, each bucket's at its start.
	 * @param timeline the timeline
	 */
	void addAll(Timeline timeline) {
		timeline.forEachBucket(this::add);
	}

	/**
	 * Counts the events of another recorder into this one.
	 * @param other the other recorder
	 */
	void addAll(TimelineRecorder other) {
		// bucket by bucket, each at its start: exact counts, which a snapshot caps at
		// Integer.MAX_VALUE
		long first = other.first;
		long last = other.last;
		if (first > last) {
			return;
		}
		if (other.captured >= 0) {
			add(other.origin + other.captured, 1);
		}
		for (Resolution resolution = other.resolution; resolution != null; resolution = resolution.finer) {
			long width = 1L << resolution.shift;
			for (int i = 0; i < Timeline.BUCKETS; i++) {
				long count = resolution.count(i);
				if (count > 0) {
					add(other.origin + Math.min(Math.max(i * width, first), last), count);
				}
			}
		}
	}

	private void add(long timestamp, long events) {
		long offset = offset(timestamp);
		Resolution resolution = this.resolution;
		if (resolution == null || (offset >> resolution.shift) >= Timeline.BUCKETS) {
			resolution = widen(resolution, offset);
		}
		resolution.count((int) (offset >> resolution.shift), events);
		// read first: most events do not move the first or the last time, and so do not
		// write
		long first = this.first;
		while (offset < first && !FIRST.weakCompareAndSet(this, first, offset)) {
			first = this.first;
		}
		long last = this.last;
		while (offset > last && !LAST.weakCompareAndSet(this, last, offset)) {
			last = this.last;
		}
	}

	private long offset(long timestamp) {
		return offset(this.origin, timestamp);
	}

	private static long offset(long origin, long timestamp) {
		// an event a few milliseconds older than the first of the buffer (another
		// thread's) counts at its start
		return Math.max(0, timestamp - origin);
	}

	/** The narrowest buckets that reach an offset. */
	private static int shiftFor(long offset) {
		int shift = 0;
		while ((offset >> shift) >= Timeline.BUCKETS) {
			shift++;
		}
		return shift;
	}

	private Resolution widen(Resolution current, long offset) {
		int shift = shiftFor(offset);
		for (;;) {
			if (current != null && current.shift >= shift) {
				return current;
			}
			Resolution wider = new Resolution(shift, current);
			if (RESOLUTION.compareAndSet(this, current, wider)) {
				return wider;
			}
			current = this.resolution;
		}
	}

	/**
	 * Events counted: the entry's count.
	 * @return the captured event, if any, and the sum of all buckets
	 */
	long total() {
		long total = (this.captured >= 0) ? 1 : 0;
		for (Resolution resolution = this.resolution; resolution != null; resolution = resolution.finer) {
			for (int i = 0; i < Timeline.BUCKETS; i++) {
				total += resolution.count(i);
			}
		}
		return total;
	}

	/**
	 * The timeline as it is now; exact once no event is being added.
	 * @return the timeline
	 */
	Timeline snapshot() {
		Resolution coarsest = this.resolution;
		if (coarsest == null) {
			return (this.captured >= 0) ? Timeline.one(this.origin, shiftFor(this.captured), this.captured)
					: Timeline.empty(this.origin);
		}
		long[] counts = new long[Timeline.BUCKETS];
		// the captured event may lie beyond the buckets its duplicates made (they can be
		// a few milliseconds older than it)
		int shift = (this.captured >= 0) ? Math.max(coarsest.shift, shiftFor(this.captured)) : coarsest.shift;
		if (this.captured >= 0) {
			counts[(int) (this.captured >> shift)]++;
		}
		for (Resolution resolution = coarsest; resolution != null; resolution = resolution.finer) {
			int narrower = shift - resolution.shift;
			for (int i = 0; i < Timeline.BUCKETS; i++) {
				// a set 32 or more times finer lies within the first bucket (and an int
				// shift would wrap)
				counts[(narrower < 31) ? i >> narrower : 0] += resolution.count(i);
			}
		}
		return Timeline.of(this.origin, shift, counts, this.first, this.last);
	}

	/**
	 * One set of buckets, each {@code 2^shift} milliseconds wide, with the finer set it
	 * replaced.
	 */
	private static final class Resolution {

		final int shift;

		final long[] counts = new long[Timeline.BUCKETS];

		final Resolution finer;

		/** Buckets contended once, which count in an adder since; created when needed. */
		private volatile LongAdder[] hot;

		Resolution(int shift, Resolution finer) {
			this.shift = shift;
			this.finer = finer;
		}

		void count(int bucket, long events) {
			LongAdder[] hot = this.hot;
			if (hot != null) {
				LongAdder adder = (LongAdder) HOT_COUNT.getVolatile(hot, bucket);
				if (adder != null) {
					adder.add(events);
					return;
				}
			}
			long count = (long) COUNT.getVolatile(this.counts, bucket);
			if (!COUNT.compareAndSet(this.counts, bucket, count, count + events)) {
				// another thread counts here at the same moment
				hotAdder(bucket).add(events);
			}
		}

		private LongAdder hotAdder(int bucket) {
			LongAdder[] hot = this.hot;
			if (hot == null) {
				synchronized (this) {
					hot = this.hot;
					if (hot == null) {
						hot = new LongAdder[Timeline.BUCKETS];
						this.hot = hot;
					}
				}
			}
			LongAdder adder = (LongAdder) HOT_COUNT.getVolatile(hot, bucket);
			if (adder == null) {
				LongAdder created = new LongAdder();
				adder = (LongAdder) HOT_COUNT.compareAndExchange(hot, bucket, null, created);
				if (adder == null) {
					adder = created;
				}
			}
			return adder;
		}

		long count(int bucket) {
			long count = (long) COUNT.getVolatile(this.counts, bucket);
			LongAdder[] hot = this.hot;
			if (hot != null) {
				LongAdder adder = (LongAdder) HOT_COUNT.getVolatile(hot, bucket);
				if (adder != null) {
					count += adder.sum();
				}
			}
			return count;
		}

	}

}
