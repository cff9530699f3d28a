package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.fleet.FleetStore;
import io.github.memorydelay.policy.QuietHours;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trigger rules have one home, {@link TriggerRules}, and both modes call it: one
 * table of scenarios, each run against this instance's buffer ({@link DigestEngine}, fed
 * real events) and against fleet mode ({@link FleetMember}, fed the fleet's buffer as its
 * store reports it). Capacity 3, {@code flush-level} ERROR, delay 60 s unless a scenario
 * says otherwise.
 */
class TriggerRulesTests {

	/** A Wednesday, midday. */
	private static final Instant MIDDAY = Instant.parse("2026-12-02T12:00:00Z");

	/** The same Wednesday, in the quiet hours of {@link #QUIET}. */
	private static final Instant NIGHT = Instant.parse("2026-12-02T21:00:00Z");

	private static final List<String> QUIET = List.of("MON-FRI 20:00-08:00");

	static Stream<Arguments> scenarios() {
		List<Scenario> table = List.of(
				// name, start, events (level@seconds), last digest (seconds, null for
				// none), min-interval, quiet hours bypass level (null for none), now,
				// expected
				new Scenario("a warning waits for the delay", MIDDAY, "W@0", null, 0, null, 59, null),
				new Scenario("the delay runs from the first event", MIDDAY, "W@0 W@30", null, 0, null, 60,
						Trigger.DELAY),
				new Scenario("an error fires at once", MIDDAY, "W@0 E@10", null, 0, null, 10, Trigger.LEVEL),
				new Scenario("capacity fires at once", MIDDAY, "W@0 W@1 W@2", null, 0, null, 2, Trigger.CAPACITY),
				new Scenario("below capacity nothing fires", MIDDAY, "W@0 W@1", null, 0, null, 2, null),
				new Scenario("the level trigger waits for the minimum interval", MIDDAY, "E@0", -60, 300, null, 0,
						null),
				new Scenario("the level trigger fires after the minimum interval", MIDDAY, "E@0", -60, 300, null, 240,
						Trigger.LEVEL),
				new Scenario("the delay waits for the minimum interval", MIDDAY, "W@0", -30, 300, null, 60, null),
				new Scenario("the delay fires after the minimum interval", MIDDAY, "W@0", -30, 300, null, 270,
						Trigger.DELAY),
				new Scenario("quiet hours hold the delay", NIGHT, "W@0", null, 0, Level.ERROR, 3_600, null),
				new Scenario("quiet hours hold capacity", NIGHT, "W@0 W@1 W@2", null, 0, Level.ERROR, 2, null),
				new Scenario("an error bypasses quiet hours", NIGHT, "W@0 E@5", null, 0, Level.ERROR, 5, Trigger.LEVEL),
				new Scenario("with bypass OFF an error waits too", NIGHT, "E@0", null, 0, Level.OFF, 60, null),
				new Scenario("what quiet hours held is due at their end", NIGHT, "W@0", null, 0, Level.ERROR,
						11 * 3_600, Trigger.DELAY),
				new Scenario("a level trigger held by quiet hours is due at their end", NIGHT, "E@0", null, 0,
						Level.OFF, 11 * 3_600, Trigger.LEVEL));
		return table.stream()
			.flatMap((scenario) -> Stream.of(Arguments.of(scenario, "local"), Arguments.of(scenario, "fleet")));
	}

	@ParameterizedTest(name = "{1}: {0}")
	@MethodSource("scenarios")
	void bothModesApplyTheSameRules(Scenario scenario, String mode) {
		Trigger due = mode.equals("local") ? scenario.dueInEngine() : scenario.dueInFleet();
		assertThat(due).isEqualTo(scenario.expected());
	}

	record Scenario(String name, Instant start, String events, Integer lastDigest, int minInterval, Level bypass,
			int now, Trigger expected) {

		DigestSettings settings() {
			DigestSettings.Builder builder = DigestSettings.builder()
				.capacity(3)
				.flushLevel(Level.ERROR)
				.delay(Duration.ofSeconds(60))
				.minInterval(Duration.ofSeconds(this.minInterval));
			if (this.bypass != null) {
				builder.quietHours(QuietHours.of(QUIET, ZoneOffset.UTC, this.bypass));
			}
			return builder.build();
		}

		List<Event> parsed() {
			List<Event> parsed = new ArrayList<>();
			for (String event : this.events.split(" ")) {
				String[] parts = event.split("@");
				Level level = parts[0].equals("E") ? Level.ERROR : Level.WARN;
				parsed.add(new Event(level, this.start.plusSeconds(Integer.parseInt(parts[1]))));
			}
			return parsed;
		}

		Trigger dueInEngine() {
			MutableClock clock = new MutableClock(this.start);
			TestEvents events = new TestEvents(clock);
			DigestEngine engine = new DigestEngine(settings(), clock);
			if (this.lastDigest != null) {
				clock.set(this.start.plusSeconds(this.lastDigest));
				engine.add(events.warn("an earlier digest's warning"));
				assertThat(engine.flush(Trigger.MANUAL)).isNotNull();
			}
			int i = 0;
			for (Event event : parsed()) {
				clock.set(event.at());
				engine.add(events.event(event.level(), "event " + TestEvents.word(i++)).build());
			}
			clock.set(this.start.plusSeconds(this.now));
			Digest digest = engine.flushIfDue();
			return (digest != null) ? digest.trigger() : null;
		}

		Trigger dueInFleet() {
			List<Event> parsed = parsed();
			Level mostSevere = parsed.stream().map(Event::level).reduce((a, b) -> a.isGreaterOrEqual(b) ? a : b).get();
			Instant lastDigestAt = (this.lastDigest != null) ? this.start.plusSeconds(this.lastDigest) : null;
			FleetStore.FleetState state = new FleetStore.FleetState(parsed.size(), parsed.size(), parsed.get(0).at(),
					mostSevere, 0, lastDigestAt, 0);
			Instant now = this.start.plusSeconds(this.now);
			TriggerRules rules = new TriggerRules(settings());
			return rules.dueNow(FleetMember.triggerState(rules, state, now), now);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	record Event(Level level, Instant at) {

	}

}
