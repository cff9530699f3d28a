package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.time.Instant;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.Trigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trigger rules of {@link DigestEngine}, driven by a {@link MutableClock}.
 */
class DigestEngineTests {

	private static final Duration MILLI = Duration.ofMillis(1);

	private final MutableClock clock = MutableClock.start();

	private final Instant t0 = this.clock.instant();

	private final TestEvents events = new TestEvents(this.clock);

	/**
	 * Only the triggers a test turns on: no level, delay, min-interval or (practically)
	 * capacity trigger.
	 */
	private static DigestSettings.Builder noTriggers() {
		return DigestSettings.builder()
			.flushLevel(Level.OFF)
			.capacity(1000)
			.delay(Duration.ZERO)
			.minInterval(Duration.ZERO);
	}

	private DigestEngine engine(DigestSettings.Builder settings) {
		return new DigestEngine(settings.build(), this.clock);
	}

	private void addDistinctWarnings(DigestEngine engine, int count) {
		for (int i = 0; i < count; i++) {
			engine.add(this.events.warn("distinct warning " + TestEvents.word(i)));
		}
	}

	private Instant at(Duration sinceStart) {
		this.clock.set(this.t0.plus(sinceStart));
		return this.clock.instant();
	}

	@Test
	void capacityTriggerIsDueWhenBufferHoldsCapacityDistinctEntries() {
		DigestEngine engine = engine(noTriggers().capacity(3));
		addDistinctWarnings(engine, 2);
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.nextFlushAt()).isNull();
		boolean changed = engine.add(this.events.warn("third distinct warning"));
		assertThat(changed).isTrue();
		assertThat(engine.nextFlushAt()).isEqualTo(this.t0);
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.CAPACITY);
		assertThat(digest.entries()).hasSize(3);
	}

	@Test
	void duplicatesDoNotFillCapacity() {
		DigestEngine engine = engine(noTriggers().capacity(2));
		for (int i = 0; i < 10; i++) {
			engine.add(this.events.warn("same warning"));
		}
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.status().events()).isEqualTo(10);
		assertThat(engine.status().entries()).isEqualTo(1);
	}

	@Test
	void levelTriggerIsImmediateWithoutMinInterval() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR));
		engine.add(this.events.warn("first a warning"));
		assertThat(engine.flushIfDue()).isNull();
		boolean changed = engine.add(this.events.error("then an error"));
		assertThat(changed).isTrue();
		assertThat(engine.nextFlushAt()).isEqualTo(this.t0);
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.LEVEL);
		assertThat(digest.events()).isEqualTo(2);
	}

	@Test
	void levelTriggerBeforeFirstDigestDoesNotWaitForMinInterval() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR).minInterval(Duration.ofMinutes(1)));
		engine.add(this.events.error("boom"));
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.LEVEL);
	}

	@Test
	void eventBelowFlushLevelDoesNotTriggerLevel() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR));
		boolean changed = engine.add(this.events.warn("only a warning"));
		assertThat(changed).isFalse();
		assertThat(engine.nextFlushAt()).isNull();
		assertThat(engine.flushIfDue()).isNull();
	}

	@Test
	void flushLevelOffDisablesLevelTrigger() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.OFF));
		engine.add(this.events.error("an error that must wait"));
		assertThat(engine.nextFlushAt()).isNull();
		at(Duration.ofDays(1));
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.status().events()).isEqualTo(1);
	}

	@Test
	void delayTriggerIsDueExactlyAtFirstEventPlusDelay() {
		DigestEngine engine = engine(noTriggers().delay(Duration.ofSeconds(60)));
		boolean changed = engine.add(this.events.warn("slow disk"));
		assertThat(changed).isTrue();
		assertThat(engine.nextFlushAt()).isEqualTo(this.t0.plusSeconds(60));
		this.clock.advance(Duration.ofSeconds(60).minus(MILLI));
		assertThat(engine.flushIfDue()).isNull();
		this.clock.advance(MILLI);
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.DELAY);
	}

	@Test
	void laterEventsDoNotPostponeDelay() {
		DigestEngine engine = engine(noTriggers().delay(Duration.ofSeconds(60)));
		engine.add(this.events.warn("first"));
		at(Duration.ofSeconds(30));
		boolean changed = engine.add(this.events.warn("second"));
		assertThat(changed).isFalse();
		assertThat(engine.nextFlushAt()).isEqualTo(this.t0.plusSeconds(60));
	}

	@Test
	void delayCountsFromFirstEventOfCurrentBuffer() {
		DigestEngine engine = engine(noTriggers().delay(Duration.ofSeconds(60)));
		engine.add(this.events.warn("in the first buffer"));
		at(Duration.ofSeconds(60));
		assertThat(engine.flushIfDue()).isNotNull();
		assertThat(engine.nextFlushAt()).isNull();
		Instant secondStart = at(Duration.ofSeconds(100));
		engine.add(this.events.warn("in the second buffer"));
		assertThat(engine.nextFlushAt()).isEqualTo(secondStart.plusSeconds(60));
		at(Duration.ofSeconds(160).minus(MILLI));
		assertThat(engine.flushIfDue()).isNull();
		at(Duration.ofSeconds(160));
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.DELAY);
		assertThat(digest.windowStart()).isEqualTo(secondStart);
	}

	@Test
	void zeroDelayDisablesDelayTrigger() {
		DigestEngine engine = engine(noTriggers().delay(Duration.ZERO));
		boolean changed = engine.add(this.events.warn("waits for a manual flush"));
		assertThat(changed).isFalse();
		assertThat(engine.nextFlushAt()).isNull();
		at(Duration.ofDays(7));
		assertThat(engine.flushIfDue()).isNull();
	}

	@Test
	void levelTriggerWaitsForMinInterval() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR).minInterval(Duration.ofSeconds(60)));
		engine.add(this.events.error("first error"));
		assertThat(engine.flushIfDue()).isNotNull();
		at(Duration.ofSeconds(10));
		engine.add(this.events.error("second error"));
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.nextFlushAt()).isEqualTo(this.t0.plusSeconds(60));
		assertThat(engine.status().pendingTrigger()).isEqualTo(Trigger.LEVEL);
		at(Duration.ofSeconds(60).minus(MILLI));
		assertThat(engine.flushIfDue()).isNull();
		at(Duration.ofSeconds(60));
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.LEVEL);
	}

	@Test
	void capacityTriggerWaitsForMinInterval() {
		DigestEngine engine = engine(noTriggers().capacity(2).minInterval(Duration.ofSeconds(60)));
		addDistinctWarnings(engine, 2);
		assertThat(engine.flushIfDue()).isNotNull();
		at(Duration.ofSeconds(10));
		addDistinctWarnings(engine, 2);
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.nextFlushAt()).isEqualTo(this.t0.plusSeconds(60));
		at(Duration.ofSeconds(60));
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.CAPACITY);
	}

	@Test
	void delayTriggerWaitsForMinInterval() {
		DigestEngine engine = engine(noTriggers().delay(Duration.ofSeconds(60)).minInterval(Duration.ofMinutes(5)));
		engine.add(this.events.warn("before the first digest"));
		engine.flush(Trigger.MANUAL);
		at(Duration.ofSeconds(10));
		engine.add(this.events.warn("after the first digest"));
		assertThat(engine.nextFlushAt()).isEqualTo(this.t0.plus(Duration.ofMinutes(5)));
		at(Duration.ofSeconds(70));
		assertThat(engine.flushIfDue()).isNull();
		at(Duration.ofMinutes(5));
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.DELAY);
	}

	@Test
	void triggerThatComesAfterMinIntervalIsNotDelayed() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR).minInterval(Duration.ofSeconds(60)));
		engine.add(this.events.error("first error"));
		engine.flushIfDue();
		at(Duration.ofSeconds(90));
		engine.add(this.events.error("much later"));
		Digest digest = engine.flushIfDue();
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.LEVEL);
	}

	@Test
	void manualFlushDoesNotWaitForMinInterval() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR).minInterval(Duration.ofSeconds(60)));
		engine.add(this.events.error("first error"));
		engine.flushIfDue();
		at(Duration.ofSeconds(10));
		engine.add(this.events.warn("right after"));
		Digest digest = engine.flush(Trigger.MANUAL);
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.MANUAL);
		assertThat(digest.events()).isEqualTo(1);
	}

	@Test
	void shutdownFlushDoesNotWaitForMinInterval() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR).minInterval(Duration.ofSeconds(60)));
		engine.add(this.events.error("first error"));
		engine.flushIfDue();
		at(Duration.ofSeconds(10));
		engine.add(this.events.error("second error, waiting for the min interval"));
		Digest digest = engine.flush(Trigger.SHUTDOWN);
		assertThat(digest).isNotNull();
		assertThat(digest.trigger()).isEqualTo(Trigger.SHUTDOWN);
		assertThat(engine.status().pendingTrigger()).isNull();
		assertThat(engine.nextFlushAt()).isNull();
	}

	@Test
	void manualFlushCountsAsLastDigest() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR).minInterval(Duration.ofSeconds(60)));
		at(Duration.ofSeconds(5));
		engine.add(this.events.warn("flushed by hand"));
		Instant manualAt = at(Duration.ofSeconds(20));
		engine.flush(Trigger.MANUAL);
		at(Duration.ofSeconds(30));
		engine.add(this.events.error("must wait for the min interval after the manual flush"));
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.nextFlushAt()).isEqualTo(manualAt.plusSeconds(60));
		assertThat(engine.status().lastDigestAt()).isEqualTo(manualAt);
	}

	@Test
	void emptyFlushReturnsNull() {
		DigestEngine engine = engine(noTriggers());
		assertThat(engine.flush(Trigger.MANUAL)).isNull();
		assertThat(engine.flush(Trigger.SHUTDOWN)).isNull();
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.nextFlushAt()).isNull();
	}

	@Test
	void emptyFlushDoesNotCountAsLastDigest() {
		DigestEngine engine = engine(noTriggers().flushLevel(Level.ERROR).minInterval(Duration.ofSeconds(60)));
		engine.flush(Trigger.MANUAL);
		at(Duration.ofSeconds(1));
		engine.add(this.events.error("nothing was sent before"));
		assertThat(engine.status().lastDigestAt()).isNull();
		assertThat(engine.flushIfDue()).isNotNull();
	}

	@Test
	void digestWindowRunsFromFirstEventToFlush() {
		DigestEngine engine = engine(noTriggers());
		Instant first = at(Duration.ofSeconds(5));
		engine.add(this.events.warn("first"));
		at(Duration.ofSeconds(20));
		engine.add(this.events.warn("second"));
		Instant flushedAt = at(Duration.ofSeconds(45));
		Digest digest = engine.flush(Trigger.MANUAL);
		assertThat(digest.windowStart()).isEqualTo(first);
		assertThat(digest.windowEnd()).isEqualTo(flushedAt);
		assertThat(digest.window()).isEqualTo(Duration.ofSeconds(40));
	}

	@Test
	void digestsAreNumberedFromOne() {
		DigestEngine engine = engine(noTriggers());
		engine.add(this.events.warn("first"));
		Digest first = engine.flush(Trigger.MANUAL);
		engine.flush(Trigger.MANUAL);
		engine.add(this.events.warn("second"));
		Digest second = engine.flush(Trigger.MANUAL);
		assertThat(first.sequence()).isEqualTo(1);
		assertThat(second.sequence()).isEqualTo(2);
	}

	@Test
	void digestCarriesApplicationAndHost() {
		DigestEngine engine = engine(noTriggers().application("billing").host("app-7.example.org"));
		engine.add(this.events.warn("anything"));
		Digest digest = engine.flush(Trigger.MANUAL);
		assertThat(digest.application()).isEqualTo("billing");
		assertThat(digest.host()).isEqualTo("app-7.example.org");
	}

}
