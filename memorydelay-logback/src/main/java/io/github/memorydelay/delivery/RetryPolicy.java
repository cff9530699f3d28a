package io.github.memorydelay.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff for digests that could not be sent: the first retry after
 * {@code initialInterval}, then twice as long after each failure, at most
 * {@code maxInterval}.
 *
 * @param initialInterval wait before the first retry
 * @param maxInterval upper bound of the wait
 */
public record RetryPolicy(Duration initialInterval, Duration maxInterval) {

	public RetryPolicy {
		Objects.requireNonNull(initialInterval, "initialInterval");
		Objects.requireNonNull(maxInterval, "maxInterval");
		if (initialInterval.isNegative() || initialInterval.isZero()) {
			throw new IllegalArgumentException("initialInterval must be positive, was " + initialInterval);
		}
		if (maxInterval.compareTo(initialInterval) < 0) {
			throw new IllegalArgumentException("maxInterval (" + maxInterval
					+ ") must not be less than initialInterval (" + initialInterval + ")");
		}
	}

	/**
	 * The contract's defaults: 30 seconds, doubling up to one hour.
	 * @return the policy
	 */
	public static RetryPolicy defaults() {
		return new RetryPolicy(Duration.ofSeconds(30), Duration.ofHours(1));
	}

	/**
	 * The wait after one more failure.
	 * @param current the wait used so far, {@code null} before the first failure
	 * @return the next wait
	 */
	public Duration next(Duration current) {
		if (current == null) {
			return this.initialInterval;
		}
		Duration doubled = current.multipliedBy(2);
		return (doubled.compareTo(this.maxInterval) > 0) ? this.maxInterval : doubled;
	}

}
