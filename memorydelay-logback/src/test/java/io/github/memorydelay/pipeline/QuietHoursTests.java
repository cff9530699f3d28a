package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.policy.QuietHours;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Quiet hours: how {@link DigestEngine} holds digests during them and what bypasses them,
 * driven by a {@link MutableClock}.
 */
class QuietHoursTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private final EngineFixture fixture = new EngineFixture();

	@Test
	void quietHoursAcrossMidnightHoldADelayDigestUntilTheirEnd() {
		QuietHours quiet = QuietHours.of(List.of("MON-FRI 20:00-08:00"), ZoneOffset.UTC, Level.ERROR);
		DigestEngine engine = this.fixture
			.engine(EngineFixture.settings().delay(Duration.ofMinutes(10)).quietHours(quiet));
		// a Monday
		this.fixture.clock.set(Instant.parse("2025-03-17T19:55:00Z"));
		engine.add(this.fixture.events.warn("Coupon service slow"));
		Instant tuesdayMorning = Instant.parse("2025-03-18T08:00:00Z");
		assertThat(engine.nextFlushAt()).isEqualTo(tuesdayMorning);
		this.fixture.clock.set(Instant.parse("2025-03-17T20:05:00Z"));
		assertThat(engine.flushIfDue()).isNull();
		this.fixture.clock.set(Instant.parse("2025-03-18T07:59:59Z"));
		assertThat(engine.flushIfDue()).isNull();
		engine.add(this.fixture.events.warn("Coupon service slow"));
		this.fixture.clock.set(tuesdayMorning);
		Digest digest = engine.flushIfDue();
		assertThat(digest.trigger()).isEqualTo(Trigger.DELAY);
		assertThat(digest.events()).isEqualTo(2);
	}

	@Test
	void rangesCoverTheirDaysAndThePartAfterMidnight() {
		QuietHours quiet = QuietHours.of(List.of("MON-FRI 20:00-08:00", "SAT-SUN 00:00-24:00"), ZoneOffset.UTC,
				Level.ERROR);
		// Friday night runs into the weekend; Monday 00:00-08:00 is not quiet, as Sunday
		// has no range from 20:00
		assertThat(quiet.quietUntil(Instant.parse("2025-03-21T21:00:00Z")))
			.isEqualTo(Instant.parse("2025-03-24T00:00:00Z"));
		assertThat(quiet.quietUntil(Instant.parse("2025-03-17T07:00:00Z"))).as("Monday 07:00: Sunday has no 20:00")
			.isNull();
		assertThat(quiet.quietUntil(Instant.parse("2025-03-18T07:00:00Z")))
			.isEqualTo(Instant.parse("2025-03-18T08:00:00Z"));
		assertThat(quiet.quietUntil(Instant.parse("2025-03-18T12:00:00Z"))).isNull();
		assertThat(quiet.quietUntil(Instant.parse("2025-03-18T08:00:00Z"))).as("the end is not quiet").isNull();
		QuietHours wrapping = QuietHours.of(List.of("FRI-MON 09:00-17:00"), ZoneOffset.UTC, Level.ERROR);
		assertThat(wrapping.quietUntil(Instant.parse("2025-03-24T10:00:00Z"))).as("Monday")
			.isEqualTo(Instant.parse("2025-03-24T17:00:00Z"));
		assertThat(wrapping.quietUntil(Instant.parse("2025-03-25T10:00:00Z"))).as("Tuesday").isNull();
	}

	@Test
	void quietHoursKeepTheirLocalTimesAcrossTheSpringDaylightSavingChange() {
		// Europe/Berlin moves from 02:00 CET to 03:00 CEST on Sunday, 29 March 2026
		QuietHours quiet = QuietHours.of(List.of("SAT 20:00-08:00"), BERLIN, Level.ERROR);
		assertThat(quiet.quietUntil(Instant.parse("2026-03-28T19:00:00Z"))).as("Saturday 20:00 CET")
			.isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
		assertThat(quiet.quietUntil(Instant.parse("2026-03-29T05:30:00Z"))).as("Sunday 07:30 CEST")
			.isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
		assertThat(quiet.quietUntil(Instant.parse("2026-03-29T06:00:00Z"))).as("Sunday 08:00 CEST").isNull();
		assertThat(quiet.quietUntil(Instant.parse("2026-03-28T18:59:00Z"))).as("Saturday 19:59 CET").isNull();
		DigestEngine engine = this.fixture.engine(EngineFixture.settings().quietHours(quiet));
		this.fixture.clock.set(Instant.parse("2026-03-29T01:30:00Z"));
		engine.add(this.fixture.events.warn("Nightly import slow"));
		assertThat(engine.nextFlushAt()).isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
		this.fixture.clock.set(Instant.parse("2026-03-29T05:59:59Z"));
		assertThat(engine.flushIfDue()).isNull();
		this.fixture.clock.set(Instant.parse("2026-03-29T06:00:00Z"));
		assertThat(engine.flushIfDue()).isNotNull();
	}

	@Test
	void quietHoursKeepTheirLocalTimesAcrossTheAutumnChangeAndAGap() {
		// back from 03:00 CEST to 02:00 CET on Sunday, 25 October 2026
		QuietHours autumn = QuietHours.of(List.of("SAT 20:00-08:00"), BERLIN, Level.ERROR);
		assertThat(autumn.quietUntil(Instant.parse("2026-10-25T06:30:00Z"))).as("Sunday 07:30 CET")
			.isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
		// a range that starts in the gap starts when the gap ends
		QuietHours gap = QuietHours.of(List.of("SUN 02:30-04:00"), BERLIN, Level.ERROR);
		assertThat(gap.quietUntil(Instant.parse("2026-03-29T00:59:00Z"))).as("01:59 CET").isNull();
		assertThat(gap.quietUntil(Instant.parse("2026-03-29T01:00:00Z"))).as("03:00 CEST")
			.isEqualTo(Instant.parse("2026-03-29T02:00:00Z"));
	}

	@Test
	void duringQuietHoursAnEventAtTheBypassLevelTriggersAtOnce() {
		QuietHours quiet = QuietHours.of(List.of("MON-SUN 00:00-24:00"), ZoneOffset.UTC, Level.ERROR);
		DigestEngine engine = this.fixture.engine(EngineFixture.settings().flushLevel(Level.WARN).quietHours(quiet));
		engine.add(this.fixture.events.warn("Coupon service slow"));
		assertThat(engine.nextFlushAt()).isAfter(this.fixture.clock.instant().plus(Duration.ofDays(1)));
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.add(this.fixture.events.error("Payment gateway down"))).isTrue();
		Digest digest = engine.flushIfDue();
		assertThat(digest.trigger()).isEqualTo(Trigger.LEVEL);
		assertThat(digest.events()).isEqualTo(2);
	}

	@Test
	void withBypassOffEvenAnErrorWaitsForTheEndOfTheRange() {
		QuietHours quiet = QuietHours.of(List.of("FRI 08:00-10:00"), ZoneOffset.UTC, Level.OFF);
		DigestEngine engine = this.fixture.engine(EngineFixture.settings().quietHours(quiet));
		// Friday, 14 March 2025, 09:00
		engine.add(this.fixture.events.error("Payment gateway down"));
		assertThat(engine.nextFlushAt()).isEqualTo(Instant.parse("2025-03-14T10:00:00Z"));
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.flush(Trigger.MANUAL)).as("a manual flush does not wait").isNotNull();
	}

	@Test
	void aSilencedErrorDoesNotBypassQuietHours() {
		QuietHours quiet = QuietHours.of(List.of("FRI 08:00-10:00"), ZoneOffset.UTC, Level.ERROR);
		DigestEngine engine = this.fixture.engine(EngineFixture.settings().quietHours(quiet));
		this.fixture.silence(engine, this.fixture.events.error("Payment gateway down"), Duration.ofHours(1));
		engine.add(this.fixture.events.error("Payment gateway down"));
		engine.add(this.fixture.events.warn("Coupon service slow"));
		assertThat(engine.nextFlushAt()).isEqualTo(Instant.parse("2025-03-14T10:00:00Z"));
	}

	@Test
	void aCapacityTriggerDuringQuietHoursWaitsAndEventsKeepBeingCounted() {
		QuietHours quiet = QuietHours.of(List.of("FRI 08:00-10:00"), ZoneOffset.UTC, Level.ERROR);
		DigestEngine engine = this.fixture
			.engine(EngineFixture.settings().capacity(3).delay(Duration.ZERO).quietHours(quiet));
		for (int i = 0; i < 3; i++) {
			engine.add(this.fixture.events.warn("warning " + TestEvents.word(i)));
		}
		assertThat(engine.status().pendingTrigger()).isEqualTo(Trigger.CAPACITY);
		Instant end = Instant.parse("2025-03-14T10:00:00Z");
		assertThat(engine.nextFlushAt()).isEqualTo(end);
		assertThat(engine.flushIfDue()).isNull();
		for (int i = 0; i < 10; i++) {
			engine.add(this.fixture.events.warn("more " + TestEvents.word(i)));
			engine.add(this.fixture.events.warn("warning " + TestEvents.word(0)));
		}
		assertThat(engine.status().events()).isEqualTo(23);
		assertThat(engine.status().notShown()).isEqualTo(10);
		this.fixture.clock.set(end.minusMillis(1));
		assertThat(engine.flushIfDue()).isNull();
		this.fixture.clock.set(end);
		Digest digest = engine.flushIfDue();
		assertThat(digest.trigger()).isEqualTo(Trigger.CAPACITY);
		assertThat(digest.events()).isEqualTo(23);
		EngineFixture.assertAccounted(digest);
	}

	@Test
	void badRangesAreRefusedNamingTheRange() {
		for (String bad : List.of("MON-FRI 25:00-08:00", "MOX 20:00-08:00", "weeknights", "MON 20:00-20:00",
				"MON 8:00-9:00", "MON 24:00-08:00", "MON 10:60-11:00")) {
			assertThatIllegalArgumentException().isThrownBy(() -> QuietHours.of(List.of(bad), BERLIN, Level.ERROR))
				.withMessageContaining(bad);
		}
		assertThat(QuietHours.of(List.of("sat-sun 00:00-24:00"), BERLIN, Level.ERROR).isOn()).isTrue();
	}

}
