package io.github.memorydelay.logback;

import java.time.Clock;
import java.time.Instant;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The buffer and its trigger rules. Thread-safe: logging threads add, the dispatcher asks what is due.
 * It does no I/O and knows no threads, so that the rules are tested with a clock and no sleeps.
 */
public final class DigestEngine {

	private final DigestSettings settings;

	private final Clock clock;

	private final Object lock = new Object();

	private DigestBuffer buffer;

	private Instant windowStart;

	private Trigger pendingTrigger;

	private Instant lastDigestAt;

	private long sequence;

	private long duplicates;

	private long notShown;

	public DigestEngine(DigestSettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.buffer = new DigestBuffer(settings);
	}

	/**
	 * Adds an event at or above the buffered level.
	 * @param event the event
	 * @return {@code true} when the time of the next flush changed, so that the dispatcher should look again
	 */
	public boolean add(ILoggingEvent event) {
		Fingerprint fingerprint = Fingerprint.of(event);
		boolean levelTrigger = this.settings.triggersFlush(event.getLevel());
		synchronized (this.lock) {
			boolean first = this.buffer.isEmpty();
			if (first) {
				// the window starts at the first event itself, not when it reached the engine
				this.windowStart = Instant.ofEpochMilli(event.getTimeStamp());
			}
			int outcome = this.buffer.add(fingerprint, event);
			if (outcome == DigestBuffer.DUPLICATE) {
				this.duplicates++;
			}
			else if (outcome == DigestBuffer.NOT_SHOWN) {
				this.notShown++;
			}
			if (this.pendingTrigger == null) {
				if (levelTrigger) {
					this.pendingTrigger = Trigger.LEVEL;
					return true;
				}
				if (this.buffer.isFull()) {
					this.pendingTrigger = Trigger.CAPACITY;
					return true;
				}
			}
			return first && this.settings.hasDelay();
		}
	}

	/**
	 * Takes the buffer as a digest if a capacity, level or delay trigger is due.
	 * @return the digest, {@code null} when nothing is due
	 */
	public Digest flushIfDue() {
		synchronized (this.lock) {
			Instant due = nextFlushAtLocked();
			Instant now = this.clock.instant();
			if (due == null || now.isBefore(due)) {
				return null;
			}
			return drainLocked((this.pendingTrigger != null) ? this.pendingTrigger : Trigger.DELAY, now);
		}
	}

	/**
	 * Takes the buffer as a digest now, whatever the triggers say.
	 * @param trigger why, usually {@link Trigger#MANUAL} or {@link Trigger#SHUTDOWN}
	 * @return the digest, {@code null} when the buffer is empty
	 */
	public Digest flush(Trigger trigger) {
		synchronized (this.lock) {
			if (this.buffer.isEmpty()) {
				return null;
			}
			return drainLocked(trigger, this.clock.instant());
		}
	}

	/**
	 * When the next capacity, level or delay digest is due.
	 * @return the time, {@code null} when none is due (the buffer is empty or only a manual flush would send it)
	 */
	public Instant nextFlushAt() {
		synchronized (this.lock) {
			return nextFlushAtLocked();
		}
	}

	/**
	 * What the buffer holds now.
	 * @return the status
	 */
	public BufferStatus status() {
		synchronized (this.lock) {
			return new BufferStatus(this.buffer.events(), this.buffer.entries(), this.buffer.notShown(),
					this.windowStart, nextFlushAtLocked(), this.lastDigestAt, this.pendingTrigger, this.duplicates,
					this.notShown);
		}
	}

	public DigestSettings settings() {
		return this.settings;
	}

	private Instant nextFlushAtLocked() {
		if (this.buffer.isEmpty()) {
			return null;
		}
		Instant notBefore = (this.lastDigestAt != null) ? this.lastDigestAt.plus(this.settings.minInterval()) : null;
		Instant due = null;
		if (this.pendingTrigger != null) {
			due = (notBefore != null) ? notBefore : this.windowStart;
		}
		if (this.settings.hasDelay()) {
			Instant delayed = this.windowStart.plus(this.settings.delay());
			if (notBefore != null && notBefore.isAfter(delayed)) {
				delayed = notBefore;
			}
			if (due == null || delayed.isBefore(due)) {
				due = delayed;
			}
		}
		return due;
	}

	private Digest drainLocked(Trigger trigger, Instant now) {
		Digest digest = new Digest(++this.sequence, this.settings.application(), this.settings.host(), trigger,
				this.windowStart, now, this.buffer.digestEntries(), this.buffer.notShownByLevel());
		this.buffer = new DigestBuffer(this.settings);
		this.windowStart = null;
		this.pendingTrigger = null;
		this.lastDigestAt = now;
		return digest;
	}

	/**
	 * What the buffer holds at one moment.
	 *
	 * @param events events buffered, duplicates and events not shown included
	 * @param entries distinct entries held
	 * @param notShown events counted but not held because the buffer was full
	 * @param windowStart time of the first event of the buffer, {@code null} when empty
	 * @param nextFlushAt when the next digest is due, {@code null} when none is
	 * @param lastDigestAt time of the last digest, {@code null} before the first
	 * @param pendingTrigger trigger that fired and waits for the minimum interval, {@code null} if none
	 * @param totalDuplicates events counted into an existing entry since start
	 * @param totalNotShown events counted as not shown since start
	 */
	public record BufferStatus(long events, int entries, long notShown, Instant windowStart, Instant nextFlushAt,
			Instant lastDigestAt, Trigger pendingTrigger, long totalDuplicates, long totalNotShown) {
	}

}
