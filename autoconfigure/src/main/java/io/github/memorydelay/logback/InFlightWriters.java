package io.github.memorydelay.logback;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The logging threads that are adding to one {@link DigestBuffer}, so that the buffer is
 * read only once they are done: a writer {@link #enter() enters}, checks that the buffer
 * is still the engine's current one, adds and {@link #leave leaves}; the engine replaces
 * the buffer first and then {@link #awaitNone() waits} for the writers still inside.
 * <p>
 * Writers count in stripes, one per cache line, picked by thread, so that threads that
 * log at once do not write the same line. Entering and leaving are atomic updates of the
 * stripe, and the engine's swap of the buffer is a volatile write that is followed by
 * reads of the stripes: a writer either sees the new buffer, or is seen by the swap.
 */
final class InFlightWriters {

	private static final VarHandle STRIPE = MethodHandles.arrayElementVarHandle(long[].class);

	/** Longs per stripe: 128 bytes, so that neighbouring stripes share no cache line. */
	private static final int SPACING = 16;

	private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

	private final long[] counts = new long[STRIPES * SPACING];

	private static int stripes(int processors) {
		int stripes = Integer.highestOneBit(Math.max(1, processors * 4) - 1) << 1;
		return Math.max(4, Math.min(64, stripes));
	}

	/**
	 * Counts the calling thread in.
	 * @return its stripe, for {@link #leave}
	 */
	int enter() {
		int hash = System.identityHashCode(Thread.currentThread());
		int stripe = ((hash ^ (hash >>> 16)) & (STRIPES - 1)) * SPACING;
		STRIPE.getAndAdd(this.counts, stripe, 1L);
		return stripe;
	}

	/**
	 * Counts a thread out.
	 * @param stripe what {@link #enter()} returned
	 */
	void leave(int stripe) {
		STRIPE.getAndAdd(this.counts, stripe, -1L);
	}

	/**
	 * Waits until no thread is inside. Call it after the buffer was replaced, so that no
	 * new writer enters: writers stay inside for the time of one add.
	 */
	void awaitNone() {
		for (int stripe = 0; stripe < this.counts.length; stripe += SPACING) {
			int spins = 0;
			while ((long) STRIPE.getVolatile(this.counts, stripe) != 0) {
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
