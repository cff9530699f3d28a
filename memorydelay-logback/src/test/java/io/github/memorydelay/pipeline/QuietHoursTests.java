package io.github.memorydelay.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.policy.QuietHours;
import io.github.memorydelay.policy.Silence;
import io.github.memorydelay.policy.Silences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Quiet hours: how {@link DigestEngine} holds digests during them and what bypasses them,
 * driven by a {@link MutableClock}.
 */
class QuietHoursTests {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private final MutableClock clock = MutableClock.start();

	private final TestEvents events = new TestEvents(this.clock);

	private final Silences silences = new Silences(this.clock);

	private static DigestSettings.Builder settings() {
		return DigestSettings.builder()
			.flushLevel(Level.ERROR)
			.capacity(1000)
			.delay(Duration.ofSeconds(10))
			.minInterval(Duration.ZERO);
	}

	private DigestEngine engine(DigestSettings.Builder settings) {
		return new DigestEngine(settings.build(), this.clock, this.silences);
	}

	private void silence(DigestEngine engine, ILoggingEvent event, Duration duration) {
		this.silences.silence(Fingerprint.of(event).id(), duration, "known");
		engine.applySilences();
	}

	private static void assertAccounted(Digest digest) {
		assertThat(digest.events()).isEqualTo(digest.shownEvents() + digest.notShownEvents() + digest.silenced());
	}

	@Test
	void quietHoursAcrossMidnightHoldADelayDigestUntilTheirEnd() {
		QuietHours quiet = QuietHours.of(List.of("MON-FRI 20:00-08:00"), ZoneOffset.UTC, Level.ERROR);
		DigestEngine engine = engine(settings().delay(Duration.ofMinutes(10)).quietHours(quiet));
		// a Monday
		this.clock.set(Instant.parse("2025-03-17T19:55:00Z"));
		engine.add(this.events.warn("Coupon service slow"));
		Instant tuesdayMorning = Instant.parse("2025-03-18T08:00:00Z");
		assertThat(engine.nextFlushAt()).isEqualTo(tuesdayMorning);
		this.clock.set(Instant.parse("2025-03-17T20:05:00Z"));
		assertThat(engine.flushIfDue()).isNull();
		this.clock.set(Instant.parse("2025-03-18T07:59:59Z"));
		assertThat(engine.flushIfDue()).isNull();
		engine.add(this.events.warn("Coupon service slow"));
		this.clock.set(tuesdayMorning);
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
		DigestEngine engine = engine(settings().quietHours(quiet));
		this.clock.set(Instant.parse("2026-03-29T01:30:00Z"));
		engine.add(this.events.warn("Nightly import slow"));
		assertThat(engine.nextFlushAt()).isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
		this.clock.set(Instant.parse("2026-03-29T05:59:59Z"));
		assertThat(engine.flushIfDue()).isNull();
		this.clock.set(Instant.parse("2026-03-29T06:00:00Z"));
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
		DigestEngine engine = engine(settings().flushLevel(Level.WARN).quietHours(quiet));
		engine.add(this.events.warn("Coupon service slow"));
		assertThat(engine.nextFlushAt()).isAfter(this.clock.instant().plus(Duration.ofDays(1)));
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.add(this.events.error("Payment gateway down"))).isTrue();
		Digest digest = engine.flushIfDue();
		assertThat(digest.trigger()).isEqualTo(Trigger.LEVEL);
		assertThat(digest.events()).isEqualTo(2);
	}

	@Test
	void withBypassOffEvenAnErrorWaitsForTheEndOfTheRange() {
		QuietHours quiet = QuietHours.of(List.of("FRI 08:00-10:00"), ZoneOffset.UTC, Level.OFF);
		DigestEngine engine = engine(settings().quietHours(quiet));
		// Friday, 14 March 2025, 09:00
		engine.add(this.events.error("Payment gateway down"));
		assertThat(engine.nextFlushAt()).isEqualTo(Instant.parse("2025-03-14T10:00:00Z"));
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.flush(Trigger.MANUAL)).as("a manual flush does not wait").isNotNull();
	}

	@Test
	void aSilencedErrorDoesNotBypassQuietHours() {
		QuietHours quiet = QuietHours.of(List.of("FRI 08:00-10:00"), ZoneOffset.UTC, Level.ERROR);
		DigestEngine engine = engine(settings().quietHours(quiet));
		silence(engine, this.events.error("Payment gateway down"), Duration.ofHours(1));
		engine.add(this.events.error("Payment gateway down"));
		engine.add(this.events.warn("Coupon service slow"));
		assertThat(engine.nextFlushAt()).isEqualTo(Instant.parse("2025-03-14T10:00:00Z"));
	}

	@Test
	void aCapacityTriggerDuringQuietHoursWaitsAndEventsKeepBeingCounted() {
		QuietHours quiet = QuietHours.of(List.of("FRI 08:00-10:00"), ZoneOffset.UTC, Level.ERROR);
		DigestEngine engine = engine(settings().capacity(3).delay(Duration.ZERO).quietHours(quiet));
		for (int i = 0; i < 3; i++) {
			engine.add(this.events.warn("warning " + i));
		}
		assertThat(engine.status().pendingTrigger()).isEqualTo(Trigger.CAPACITY);
		Instant end = Instant.parse("2025-03-14T10:00:00Z");
		assertThat(engine.nextFlushAt()).isEqualTo(end);
		assertThat(engine.flushIfDue()).isNull();
		for (int i = 0; i < 10; i++) {
			engine.add(this.events.warn("more " + i));
			engine.add(this.events.warn("warning 0"));
		}
		assertThat(engine.status().events()).isEqualTo(23);
		assertThat(engine.status().notShown()).isEqualTo(10);
		this.clock.set(end.minusMillis(1));
		assertThat(engine.flushIfDue()).isNull();
		this.clock.set(end);
		Digest digest = engine.flushIfDue();
		assertThat(digest.trigger()).isEqualTo(Trigger.CAPACITY);
		assertThat(digest.events()).isEqualTo(23);
		assertAccounted(digest);
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
