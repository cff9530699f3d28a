package io.github.memorydelay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it, so that trigger rules are tested
 * without sleeping.
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	private final ZoneId zone;

	public MutableClock(Instant now) {
		this(now, ZoneOffset.UTC);
	}

	private MutableClock(Instant now, ZoneId zone) {
		this.now = now;
		this.zone = zone;
	}

	/**
	 * A clock at a fixed, arbitrary start time.
	 * @return the clock
	 */
	public static MutableClock start() {
		return new MutableClock(Instant.parse("2025-03-14T09:00:00Z"));
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 * @return the new time
	 */
	public synchronized Instant advance(Duration duration) {
		this.now = this.now.plus(duration);
		return this.now;
	}

	/**
	 * Sets the clock to a time.
	 * @param instant the time
	 */
	public void set(Instant instant) {
		this.now = instant;
	}

	@Override
	public Instant instant() {
		return this.now;
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return new MutableClock(this.now, zone);
	}

}
