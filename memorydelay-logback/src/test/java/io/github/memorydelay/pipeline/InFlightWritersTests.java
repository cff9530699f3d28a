package io.github.memorydelay.pipeline;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The stripes of {@link InFlightWriters}: where they lie, what they count, and who is
 * waited for.
 */
class InFlightWritersTests {

	@Test
	void theFirstThreadsGetStripesOfTheirOwnAwayFromTheArraysEnds() {
		int stripes = InFlightWriters.stripes();
		Set<Integer> taken = new HashSet<>();
		for (int seed = 0; seed < stripes; seed++) {
			int stripe = InFlightWriters.stripe(seed);
			// the first 128 bytes hold the array's header, read on every access; the
			// last 128 bytes border on another object
			assertThat(stripe).isGreaterThanOrEqualTo(InFlightWriters.SPACING)
				.isLessThanOrEqualTo(stripes * InFlightWriters.SPACING)
				.isEqualTo(stripe / InFlightWriters.SPACING * InFlightWriters.SPACING);
			assertThat(taken.add(stripe)).as("stripe of seed %d is free", seed).isTrue();
		}
		assertThat(InFlightWriters.stripe(stripes)).isEqualTo(InFlightWriters.stripe(0));
		assertThat(InFlightWriters.stripe(-1)).isEqualTo(InFlightWriters.stripe(stripes - 1));
	}

	@Test
	void everyStripeCountsIntoTheSums() {
		InFlightWriters writers = new InFlightWriters();
		int stripes = InFlightWriters.stripes();
		for (int seed = 0; seed < stripes; seed++) {
			int stripe = InFlightWriters.stripe(seed);
			for (int i = 0; i <= seed; i++) {
				writers.enter(stripe);
				writers.count(stripe, InFlightWriters.FIRST_SLOT);
				writers.count(stripe, InFlightWriters.LAST_SLOT);
				writers.leave(stripe);
			}
			writers.enter(stripe);
			writers.retreat(stripe);
		}
		long expected = (long) stripes * (stripes + 1) / 2;
		assertThat(writers.added()).isEqualTo(expected);
		assertThat(writers.sum(InFlightWriters.FIRST_SLOT)).isEqualTo(expected);
		assertThat(writers.sum(InFlightWriters.LAST_SLOT)).isEqualTo(expected);
		assertThat(writers.sum(InFlightWriters.FIRST_SLOT + 1)).isZero();
	}

	@Test
	void awaitNoneWaitsForAWriterOnTheLastStripe() throws Exception {
		InFlightWriters writers = new InFlightWriters();
		int last = InFlightWriters.stripe(InFlightWriters.stripes() - 1);
		writers.enter(last);
		CompletableFuture<Void> waited = CompletableFuture.runAsync(writers::awaitNone);
		try {
			assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> waited.get(200, TimeUnit.MILLISECONDS));
		}
		finally {
			writers.leave(last);
		}
		waited.get(10, TimeUnit.SECONDS);
		assertThat(writers.added()).isEqualTo(1);
	}

}
