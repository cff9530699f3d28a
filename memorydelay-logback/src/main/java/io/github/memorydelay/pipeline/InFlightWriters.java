package io.github.memorydelay.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The logging threads that are adding to one {@link DigestBuffer}, so that the buffer is
 * read only once they are done, and the count of events they added: a writer
 * {@link #enter enters}, checks that the buffer is still the engine's current one, adds
 * and {@link #leave leaves} (or {@link #retreat retreats} when the buffer was replaced);
 * the engine replaces the buffer first and then {@link #awaitNone() waits} for the
 * writers still inside.
 * <p>
 * Writers count in stripes, one per cache line, so that threads that log at once do not
 * write the same line; each stripe counts the writers that entered and those that left,
 * which are the events added. No stripe is on the array's first or last 128 bytes: its
 * header, whose length every access reads for the bounds check, would otherwise share a
 * line with the first stripe, and every event of that stripe's thread would take the line
 * from the other cores (this alone took a duplicate on two threads from about 230 to 150
 * ns). Entering and leaving are atomic updates of the stripe, and the engine's swap of
 * the buffer is a volatile write that is followed by reads of the stripes: a writer
 * either sees the new buffer, or is seen by the swap.
 */
final class InFlightWriters {

	private static final VarHandle STRIPE = MethodHandles.arrayElementVarHandle(long[].class);

	/** Longs per stripe: 128 bytes, so that neighbouring stripes share no cache line. */
	static final int SPACING = 16;

	private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

	/**
	 * The stripes, with a stripe's room free before the first and after the last: the
	 * array's header (its length, read on every access) and the objects next to it are on
	 * cache lines no stripe writes.
	 */
	private final long[] counts = new long[(STRIPES + 2) * SPACING];

	/**
	 * How many stripes there are: four per processor, from 4 to 64.
	 * @return the number of stripes
	 */
	static int stripes() {
		return STRIPES;
	}

	private static int stripes(int processors) {
		int stripes = Integer.highestOneBit(Math.max(1, processors * 4) - 1) << 1;
		return Math.max(4, Math.min(64, stripes));
	}

	/**
	 * The stripe of a thread.
	 * @param seed a number of the thread, the same for each of its calls
	 * @return the stripe, for {@link #enter}
	 */
	static int stripe(int seed) {
		return ((seed & (STRIPES - 1)) + 1) * SPACING;
	}

	/**
	 * The stripe of a thread that has none of its own, see {@link LoggingThread}.
	 * @return the stripe, for {@link #enter}
	 */
	static int stripe() {
		int hash = System.identityHashCode(Thread.currentThread());
		return stripe(hash ^ (hash >>> 16));
	}

	/**
	 * Counts the calling thread in.
	 * @param stripe its stripe
	 */
	void enter(int stripe) {
		STRIPE.getAndAdd(this.counts, stripe, 1L);
	}

	/**
	 * Counts a thread out that added an event.
	 * @param stripe its stripe
	 */
	void leave(int stripe) {
		STRIPE.getAndAdd(this.counts, stripe + 1, 1L);
	}

	/**
	 * Counts a thread out that added nothing.
	 * @param stripe its stripe
	 */
	void retreat(int stripe) {
		STRIPE.getAndAdd(this.counts, stripe, -1L);
	}

	/**
	 * Counts an event of the calling thread in one of the other slots of its stripe: a
	 * count many threads add to at once without meeting on one cache line (a
	 * {@code LongAdder} shares its base until threads collide).
	 * @param stripe the thread's stripe
	 * @param slot the count, from {@link #FIRST_SLOT} to {@link #LAST_SLOT}
	 */
	void count(int stripe, int slot) {
		STRIPE.getAndAdd(this.counts, stripe + slot, 1L);
	}

	/**
	 * A count of {@link #count}, summed over the stripes: exact once no thread is inside.
	 * @param slot the count
	 * @return the sum
	 */
	long sum(int slot) {
		long sum = 0;
		for (int stripe = SPACING; stripe <= STRIPES * SPACING; stripe += SPACING) {
			sum += (long) STRIPE.getVolatile(this.counts, stripe + slot);
		}
		return sum;
	}

	/** The first slot of a stripe free for {@link #count}. */
	static final int FIRST_SLOT = 2;

	/** The last slot of a stripe free for {@link #count}. */
	static final int LAST_SLOT = SPACING - 1;

	/**
	 * Events added: exact once no thread is inside.
	 * @return the count
	 */
	long added() {
		return sum(1);
	}

	/**
	 * Waits until no thread is inside. Call it after the buffer was replaced, so that no
	 * new writer enters: writers stay inside for the time of one add.
	 */
	void awaitNone() {
		for (int stripe = SPACING; stripe <= STRIPES * SPACING; stripe += SPACING) {
			int spins = 0;
			// those that left first: a writer that enters after the first read is
			// counted by the second, one that leaves after it makes the loop read again
			while ((long) STRIPE.getVolatile(this.counts, stripe + 1) != (long) STRIPE.getVolatile(this.counts,
					stripe)) {
				if (++spins < 64) {
					Thread.onSpinWait();
				}
				else {
					Thread.yield();
				}
			}
		}
	}

}
