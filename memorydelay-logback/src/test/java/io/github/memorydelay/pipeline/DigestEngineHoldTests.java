package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link DigestEngine} holds its buffer back while digests cannot be delivered, and
 * how a held buffer is carried over a restart, driven by a {@link MutableClock}.
 */
class DigestEngineHoldTests {

	private final MutableClock clock = MutableClock.start();

	private final Instant t0 = this.clock.instant();

	private final TestEvents events = new TestEvents(this.clock);

	private final DigestSettings settings = DigestSettings.builder()
		.flushLevel(Level.ERROR)
		.capacity(3)
		.delay(Duration.ofSeconds(60))
		.minInterval(Duration.ofSeconds(60))
		.build();

	private final DigestEngine engine = new DigestEngine(this.settings, this.clock);

	@Test
	void heldBufferIsNotCutByAnyTriggerAndKeepsCounting() {
		this.engine.hold(this.t0, "connection refused");
		for (int window = 0; window < 10; window++) {
			this.engine.add(this.events.error("Payment failed"));
			this.engine.add(this.events.warn("distinct warning " + TestEvents.word(window)));
			this.clock.advance(Duration.ofMinutes(5));
			assertThat(this.engine.flushIfDue()).as("window %d", window).isNull();
			assertThat(this.engine.nextFlushAt()).isNull();
		}
		BufferStatus status = this.engine.status();
		assertThat(status.events()).isEqualTo(20);
		assertThat(status.entries()).isEqualTo(3);
		assertThat(status.notShown()).isEqualTo(8);
		assertThat(status.holdingSince()).isEqualTo(this.t0);
		assertThat(status.holdingReason()).isEqualTo("connection refused");
	}

	@Test
	void releasedBufferIsDueAtOnceWithTheTriggerThatFiredAndSaysItWasHeld() {
		this.engine.add(this.events.error("first failure"));
		Digest first = this.engine.flushIfDue();
		assertThat(first.trigger()).isEqualTo(Trigger.LEVEL);
		this.clock.advance(Duration.ofSeconds(1));
		this.engine.hold(this.clock.instant(), "connection refused");
		Instant heldAt = this.clock.instant();
		this.engine.add(this.events.error("second failure"));
		this.clock.advance(Duration.ofSeconds(5));
		this.engine.release();
		assertThat(this.engine.nextFlushAt()).as("min-interval is not waited for").isBefore(this.clock.instant());
		Digest held = this.engine.flushIfDue();
		assertThat(held).isNotNull();
		assertThat(held.trigger()).isEqualTo(Trigger.LEVEL);
		assertThat(held.heldSince()).isEqualTo(heldAt);
		assertThat(held.heldReason()).isEqualTo("connection refused");
		this.engine.add(this.events.error("after the outage"));
		Digest next = this.engine.flushIfDue();
		assertThat(next).as("the min-interval applies again").isNull();
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(this.engine.flushIfDue().heldSince()).isNull();
	}

	@Test
	void releaseWithNothingDueWaitsForTheUsualTriggers() {
		this.engine.hold(this.t0, "timeout");
		this.engine.add(this.events.warn("only a warning"));
		this.engine.release();
		assertThat(this.engine.flushIfDue()).isNull();
		assertThat(this.engine.nextFlushAt()).isEqualTo(this.t0.plus(Duration.ofSeconds(60)));
	}

	@Test
	void releaseOfAnEmptyBufferForgetsTheHold() {
		this.engine.hold(this.t0, "timeout");
		this.engine.release();
		this.engine.add(this.events.error("later"));
		assertThat(this.engine.flushIfDue().heldSince()).isNull();
	}

	@Test
	void manualFlushAskedForWhileHeldIsCutAsManualOnRelease() {
		this.engine.hold(this.t0, "timeout");
		this.engine.add(this.events.warn("a warning"));
		assertThat(this.engine.requestManual()).isEqualTo(1);
		assertThat(this.engine.flushIfDue()).isNull();
		this.engine.release();
		assertThat(this.engine.flushIfDue().trigger()).isEqualTo(Trigger.MANUAL);
	}

	@Test
	void heldBufferSurvivesARestartAndMergesWithWhatIsBufferedSince() throws Exception {
		this.engine.hold(this.t0, "connection refused");
		this.engine.add(this.events.event(Level.ERROR, "Payment failed for order {}", 1)
			.mdc(Map.of("order", "1"))
			.thrown(new IllegalStateException("declined"))
			.build());
		Instant firstSlow = this.t0.minusSeconds(30);
		this.engine.add(this.events.event(Level.WARN, "Slow ledger").at(firstSlow).build());
		this.engine.add(this.events.warn("Slow ledger"));
		this.engine.add(this.events.warn("a"));
		this.engine.add(this.events.warn("b"));
		HeldBuffer taken = this.engine.takeHeld();
		assertThat(this.engine.status().events()).isZero();
		byte[] kept = taken.encode();

		this.clock.advance(Duration.ofMinutes(1));
		DigestEngine restarted = new DigestEngine(this.settings, this.clock);
		restarted.add(this.events.warn("Slow ledger"));
		restarted.restore(HeldBuffer.decode(kept, this.settings));
		restarted.add(this.events.warn("Slow ledger"));
		BufferStatus status = restarted.status();
		assertThat(status.events()).isEqualTo(7);
		assertThat(status.windowStart()).isEqualTo(this.t0);
		Digest digest = restarted.flush(Trigger.SHUTDOWN);
		assertThat(digest.events()).isEqualTo(7);
		assertThat(digest.heldSince()).isEqualTo(this.t0);
		assertThat(digest.heldReason()).isEqualTo("connection refused");
		DigestEntry slow = digest.entries().stream().filter((e) -> e.message().equals("Slow ledger")).findFirst().get();
		assertThat(slow.count()).isEqualTo(4);
		assertThat(slow.firstSeen()).as("the earlier run's first occurrence").isEqualTo(firstSlow);
		DigestEntry payment = digest.entries().stream().filter((e) -> e.level() == Level.ERROR).findFirst().get();
		assertThat(payment.message()).isEqualTo("Payment failed for order 1");
		assertThat(payment.mdc()).containsEntry("order", "1");
		assertThat(payment.stackTrace()).contains("IllegalStateException: declined");
		assertThat(digest.entries()).hasSize(3);
		assertThat(digest.notShownEvents()).isEqualTo(1);
	}

	@Test
	void damagedHeldBufferIsRefused() {
		byte[] kept = new HeldBuffer(new DigestBuffer(this.settings), this.t0, null, this.t0, "x").encode();
		byte[] truncated = java.util.Arrays.copyOf(kept, kept.length - 3);
		org.assertj.core.api.Assertions.assertThatExceptionOfType(java.io.IOException.class)
			.isThrownBy(() -> HeldBuffer.decode(truncated, this.settings));
		org.assertj.core.api.Assertions.assertThatExceptionOfType(java.io.IOException.class)
			.isThrownBy(() -> HeldBuffer.decode("not a buffer".getBytes(), this.settings));
	}

}
