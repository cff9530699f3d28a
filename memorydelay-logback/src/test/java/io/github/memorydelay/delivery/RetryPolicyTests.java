package io.github.memorydelay.delivery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Backoff of digests that could not be sent.
 */
class RetryPolicyTests {

	private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(3));

	@Test
	void firstRetryWaitsInitialInterval() {
		assertThat(this.policy.next(null)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void waitDoublesAfterEachFailure() {
		Duration first = this.policy.next(null);
		Duration second = this.policy.next(first);
		Duration third = this.policy.next(second);
		assertThat(second).isEqualTo(Duration.ofSeconds(60));
		assertThat(third).isEqualTo(Duration.ofSeconds(120));
	}

	@Test
	void waitIsCappedAtMaxInterval() {
		assertThat(this.policy.next(Duration.ofSeconds(120))).isEqualTo(Duration.ofMinutes(3));
		assertThat(this.policy.next(Duration.ofMinutes(3))).isEqualTo(Duration.ofMinutes(3));
	}

	@Test
	void defaultsAreThirtySecondsUpToOneHour() {
		RetryPolicy defaults = RetryPolicy.defaults();
		assertThat(defaults.initialInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.maxInterval()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void defaultsReachOneHourAndStay() {
		RetryPolicy defaults = RetryPolicy.defaults();
		Duration wait = null;
		for (int i = 0; i < 20; i++) {
			wait = defaults.next(wait);
		}
		assertThat(wait).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void equalIntervalsAreAllowed() {
		RetryPolicy fixed = new RetryPolicy(Duration.ofSeconds(5), Duration.ofSeconds(5));
		assertThat(fixed.next(fixed.next(null))).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void initialIntervalMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofMinutes(1)))
			.withMessageContaining("initialInterval");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(Duration.ofSeconds(-1), Duration.ofMinutes(1)));
	}

	@Test
	void maxIntervalMustNotBeLessThanInitialInterval() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryPolicy(Duration.ofMinutes(2), Duration.ofMinutes(1)))
			.withMessageContaining("maxInterval");
	}

	@Test
	void intervalsAreRequired() {
		assertThatNullPointerException().isThrownBy(() -> new RetryPolicy(null, Duration.ofMinutes(1)));
		assertThatNullPointerException().isThrownBy(() -> new RetryPolicy(Duration.ofMinutes(1), null));
	}

}
