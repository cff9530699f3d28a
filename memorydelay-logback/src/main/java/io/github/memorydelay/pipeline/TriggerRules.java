package io.github.memorydelay.pipeline;

import java.time.Instant;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.policy.QuietHours;

/**
 * The trigger rules, in one place for this instance's buffer ({@link DigestEngine}) and
 * the fleet's ({@link FleetMember}): when the next capacity, level or delay digest of a
 * buffer is due, after the minimum interval and quiet hours, and which trigger it is. A
 * pure function of what the rules read of a buffer ({@link State}), the settings and the
 * time; each mode reads its buffer into a {@link State} and asks.
 */
final class TriggerRules {

	private final DigestSettings settings;

	TriggerRules(DigestSettings settings) {
		this.settings = settings;
	}

	/**
	 * What the rules read of a buffer that holds something to show.
	 *
	 * @param fired the capacity or level trigger that fired, {@code null} for none
	 * @param bypassesQuietHours whether an event that fires the level trigger is at or
	 * above the quiet hours' bypass level, see {@link #bypassesQuietHours(Level)}
	 * @param windowStart time of the buffer's first event
	 * @param activeSince time of its first event that can trigger (one that is not
	 * silenced), from which the delay runs; {@code null} for none
	 * @param lastDigestAt when the last digest was cut, {@code null} for never
	 * @param manual whether a manual flush is asked for: due at once, whatever the
	 * minimum interval and quiet hours
	 * @param released whether the buffer was held back (SMTP failed) while a trigger was
	 * due: due at once when released, whatever the minimum interval, but not during quiet
	 * hours
	 */
	record State(Trigger fired, boolean bypassesQuietHours, Instant windowStart, Instant activeSince,
			Instant lastDigestAt, boolean manual, boolean released) {

	}

	/**
	 * Whether an event of a level fires the level trigger.
	 * @param level the event's level
	 * @return {@code true} at or above {@code flush-level}
	 */
	boolean firesLevel(Level level) {
		return this.settings.triggersFlush(level);
	}

	/**
	 * Whether an event of a level fires the level trigger even during quiet hours.
	 * @param level the event's level
	 * @return {@code true} at or above {@code flush-level} and the bypass level
	 */
	boolean bypassesQuietHours(Level level) {
		return this.settings.triggersFlush(level) && this.settings.quietHours().bypasses(level);
	}

	/**
	 * The capacity or level trigger that a buffer's content fires.
	 * @param mostSevere the level of its most severe event, {@code null} for none
	 * @param entries its distinct entries
	 * @return the level trigger before the capacity trigger, {@code null} for none
	 */
	Trigger fired(Level mostSevere, int entries) {
		if (mostSevere != null && firesLevel(mostSevere)) {
			return Trigger.LEVEL;
		}
		return (entries >= this.settings.capacity()) ? Trigger.CAPACITY : null;
	}

	/**
	 * Whether the delay since a buffer's first active event has passed.
	 * @param activeSince time of that event, {@code null} for none
	 * @param now the time
	 * @return {@code true} when a delay is set and has passed
	 */
	boolean delayPassed(Instant activeSince, Instant now) {
		return this.settings.hasDelay() && activeSince != null
				&& !now.isBefore(activeSince.plus(this.settings.delay()));
	}

	/**
	 * When the buffer's next digest is due.
	 * @param state what the rules read of the buffer
	 * @param now the time
	 * @return the time, in the past when due now; {@code null} when no trigger is due
	 * (only a manual flush or shutdown would send the buffer)
	 */
	Instant dueAt(State state, Instant now) {
		Instant due;
		if (state.manual() || state.released()) {
			due = state.windowStart();
		}
		else {
			Instant notBefore = (state.lastDigestAt() != null) ? state.lastDigestAt().plus(this.settings.minInterval())
					: null;
			due = null;
			if (state.fired() != null) {
				due = (notBefore != null) ? notBefore : state.windowStart();
			}
			if (this.settings.hasDelay() && state.activeSince() != null) {
				Instant delayed = state.activeSince().plus(this.settings.delay());
				if (notBefore != null && notBefore.isAfter(delayed)) {
					delayed = notBefore;
				}
				if (due == null || delayed.isBefore(due)) {
					due = delayed;
				}
			}
		}
		if (due == null || state.manual() || state.bypassesQuietHours()) {
			return due;
		}
		QuietHours quietHours = this.settings.quietHours();
		if (quietHours.isOn()) {
			// a trigger due in quiet hours, or one that is due while they last, waits for
			// their end
			Instant end = quietHours.quietUntil(due.isAfter(now) ? due : now);
			if (end != null) {
				return end;
			}
		}
		return due;
	}

	/**
	 * The trigger of the buffer's digest when it is due.
	 * @param state what the rules read of the buffer
	 * @return a manual flush asked for, else the capacity or level trigger that fired,
	 * else the delay
	 */
	Trigger trigger(State state) {
		if (state.manual()) {
			return Trigger.MANUAL;
		}
		return (state.fired() != null) ? state.fired() : Trigger.DELAY;
	}

	/**
	 * The trigger of the buffer's digest if one is due now.
	 * @param state what the rules read of the buffer
	 * @param now the time
	 * @return the trigger, {@code null} when none is due now
	 */
	Trigger dueNow(State state, Instant now) {
		Instant due = dueAt(state, now);
		return (due == null || now.isBefore(due)) ? null : trigger(state);
	}

}
