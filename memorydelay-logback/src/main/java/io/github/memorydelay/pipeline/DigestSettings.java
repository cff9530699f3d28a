package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.util.Objects;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.policy.QuietHours;

/**
 * How events are buffered and when a digest is triggered. Immutable; build one with
 * {@link #builder()}.
 */
public final class DigestSettings {

	private final Level level;

	private final Level flushLevel;

	private final int capacity;

	private final Duration delay;

	private final Duration minInterval;

	private final int maxMessageLength;

	private final int maxStackTraceLines;

	private final int maxStackTraceLength;

	private final String application;

	private final String host;

	private final Duration history;

	private final QuietHours quietHours;

	private DigestSettings(Builder builder) {
		this.level = Objects.requireNonNull(builder.level, "level");
		this.flushLevel = Objects.requireNonNull(builder.flushLevel, "flushLevel");
		this.capacity = requirePositive(builder.capacity, "capacity");
		this.delay = requireNotNegative(builder.delay, "delay");
		this.minInterval = requireNotNegative(builder.minInterval, "minInterval");
		this.maxMessageLength = requirePositive(builder.maxMessageLength, "maxMessageLength");
		this.maxStackTraceLines = requirePositive(builder.maxStackTraceLines, "maxStackTraceLines");
		this.maxStackTraceLength = requirePositive(builder.maxStackTraceLength, "maxStackTraceLength");
		this.application = Objects.requireNonNull(builder.application, "application");
		this.host = Objects.requireNonNull(builder.host, "host");
		this.history = requireNotNegative(builder.history, "history");
		this.quietHours = Objects.requireNonNull(builder.quietHours, "quietHours");
	}

	private static int requirePositive(int value, String name) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be greater than 0, was " + value);
		}
		return value;
	}

	private static Duration requireNotNegative(Duration value, String name) {
		Objects.requireNonNull(value, name);
		if (value.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
		return value;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * @return least severe level that is buffered
	 */
	public Level level() {
		return this.level;
	}

	/**
	 * @return level at or above which an event triggers a digest, {@link Level#OFF} for
	 * never
	 */
	public Level flushLevel() {
		return this.flushLevel;
	}

	/**
	 * @return distinct entries held
	 */
	public int capacity() {
		return this.capacity;
	}

	/**
	 * @return time after the first event of a buffer at which it is sent, zero for never
	 */
	public Duration delay() {
		return this.delay;
	}

	/**
	 * @return least time between two digests for the capacity, level and delay triggers
	 */
	public Duration minInterval() {
		return this.minInterval;
	}

	/**
	 * @return characters of a message kept per entry
	 */
	public int maxMessageLength() {
		return this.maxMessageLength;
	}

	/**
	 * @return stack frames kept per entry
	 */
	public int maxStackTraceLines() {
		return this.maxStackTraceLines;
	}

	/**
	 * @return characters of stack trace kept per entry
	 */
	public int maxStackTraceLength() {
		return this.maxStackTraceLength;
	}

	/**
	 * @return name of the application, shown in every digest
	 */
	public String application() {
		return this.application;
	}

	/**
	 * @return name of the host, shown in every digest
	 */
	public String host() {
		return this.host;
	}

	/**
	 * @return how long a reported fingerprint is remembered for the new/recurring mark,
	 * zero for never
	 */
	public Duration history() {
		return this.history;
	}

	/**
	 * When digests wait, see {@link QuietHours}.
	 * @return the quiet hours, {@link QuietHours#NONE} when there are none
	 */
	public QuietHours quietHours() {
		return this.quietHours;
	}

	public boolean isBuffered(Level eventLevel) {
		return eventLevel.levelInt >= this.level.levelInt;
	}

	boolean triggersFlush(Level eventLevel) {
		return this.flushLevel.levelInt != Level.OFF_INT && eventLevel.levelInt >= this.flushLevel.levelInt;
	}

	boolean hasDelay() {
		return !this.delay.isZero();
	}

	@Override
	public String toString() {
		return "DigestSettings[level=" + this.level + ", flushLevel=" + this.flushLevel + ", capacity=" + this.capacity
				+ ", delay=" + this.delay + ", minInterval=" + this.minInterval + "]";
	}

	/**
	 * Builder of {@link DigestSettings}, with the defaults of the contract.
	 */
	public static final class Builder {

		private Level level = Level.WARN;

		private Level flushLevel = Level.ERROR;

		private int capacity = 128;

		private Duration delay = Duration.ofSeconds(60);

		private Duration minInterval = Duration.ofMinutes(1);

		private int maxMessageLength = 10_000;

		private int maxStackTraceLines = 100;

		private int maxStackTraceLength = 20_000;

		private String application = Defaults.APPLICATION;

		private String host = "localhost";

		private Duration history = Duration.ofDays(7);

		private QuietHours quietHours = QuietHours.NONE;

		private Builder() {
		}

		public Builder level(Level level) {
			this.level = level;
			return this;
		}

		public Builder flushLevel(Level flushLevel) {
			this.flushLevel = flushLevel;
			return this;
		}

		public Builder capacity(int capacity) {
			this.capacity = capacity;
			return this;
		}

		public Builder delay(Duration delay) {
			this.delay = delay;
			return this;
		}

		public Builder minInterval(Duration minInterval) {
			this.minInterval = minInterval;
			return this;
		}

		public Builder maxMessageLength(int maxMessageLength) {
			this.maxMessageLength = maxMessageLength;
			return this;
		}

		public Builder maxStackTraceLines(int maxStackTraceLines) {
			this.maxStackTraceLines = maxStackTraceLines;
			return this;
		}

		public Builder maxStackTraceLength(int maxStackTraceLength) {
			this.maxStackTraceLength = maxStackTraceLength;
			return this;
		}

		public Builder application(String application) {
			this.application = application;
			return this;
		}

		public Builder host(String host) {
			this.host = host;
			return this;
		}

		public Builder history(Duration history) {
			this.history = history;
			return this;
		}

		/**
		 * When digests wait.
		 * @param quietHours the quiet hours, {@link QuietHours#NONE} for none
		 * @return this builder
		 */
		public Builder quietHours(QuietHours quietHours) {
			this.quietHours = quietHours;
			return this;
		}

		public DigestSettings build() {
			return new DigestSettings(this);
		}

	}

}
