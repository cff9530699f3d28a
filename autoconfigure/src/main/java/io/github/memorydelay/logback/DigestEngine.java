package io.github.memorydelay.logback;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The buffer and its trigger rules. Thread-safe: logging threads add, the dispatcher asks
 * what is due. It does no I/O and knows no threads, so that the rules are tested with a
 * clock and no sleeps.
 */
final class DigestEngine {

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

	private long totalSilenced;

	private final Silences silences;

	/**
	 * Time of the first event of the buffer that is not silenced, where the delay starts;
	 * {@code null} while the buffer has nothing to show.
	 */
	private Instant activeSince;

	/**
	 * Whether an event at or above the quiet hours' bypass level triggered the level
	 * trigger: then quiet hours do not hold the digest back.
	 */
	private boolean bypass;

	/**
	 * Since when delivery fails and no digest is cut, {@code null} while digests are
	 * delivered.
	 */
	private Instant holdingSince;

	/**
	 * Since when the events of the current buffer were held back, kept for its digest.
	 */
	private Instant heldSince;

	private String heldReason;

	/**
	 * Whether the buffer is due at once, because it was held back while its trigger
	 * fired.
	 */
	private boolean dueOnRelease;

	/** Whether a manual flush was asked for while the buffer was held back. */
	private boolean manualRequested;

	DigestEngine(DigestSettings settings, Clock clock) {
		this(settings, clock, new Silences(clock));
	}

	/**
	 * An engine whose entries the given silences mute.
	 * @param settings the settings
	 * @param clock the clock
	 * @param silences the silences, see {@link #applySilences()} for changes
	 */
	DigestEngine(DigestSettings settings, Clock clock, Silences silences) {
		this.settings = settings;
		this.clock = clock;
		this.silences = silences;
		this.buffer = new DigestBuffer(settings);
	}

	/**
	 * The silences that mute entries of this engine.
	 * @return the silences
	 */
	public Silences silences() {
		return this.silences;
	}

	/**
	 * Adds an event at or above the buffered level.
	 * @param event the event
	 * @return {@code true} when the time of the next flush changed, so that the
	 * dispatcher should look again
	 */
	public boolean add(ILoggingEvent event) {
		Fingerprint fingerprint = Fingerprint.of(event);
		boolean levelTrigger = this.settings.triggersFlush(event.getLevel());
		synchronized (this.lock) {
			boolean first = this.buffer.isEmpty();
			if (first) {
				// the window starts at the first event itself, not when it reached the
				// engine
				this.windowStart = Instant.ofEpochMilli(event.getTimeStamp());
			}
			int outcome = this.buffer.add(fingerprint, event, this.silences, this.clock);
			if (outcome == DigestBuffer.SILENCED) {
				// counted, and triggers nothing
				this.totalSilenced++;
				return false;
			}
			if (outcome == DigestBuffer.DUPLICATE) {
				this.duplicates++;
			}
			else if (outcome == DigestBuffer.NOT_SHOWN) {
				this.notShown++;
			}
			boolean active = this.activeSince == null;
			if (active) {
				this.activeSince = Instant.ofEpochMilli(event.getTimeStamp());
			}
			boolean bypassed = false;
			if (levelTrigger && !this.bypass && this.settings.quietHours().bypasses(event.getLevel())) {
				this.bypass = true;
				bypassed = true;
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
			return bypassed || (active && this.settings.hasDelay());
		}
	}

	/**
	 * Applies the silences as they are now to the events buffered: call it after each
	 * change of the silences. Entries silenced now are muted at once, and what they
	 * triggered no longer holds.
	 */
	public void applySilences() {
		synchronized (this.lock) {
			if (!this.buffer.applySilences(this.silences, this.clock.millis())) {
				return;
			}
			if (!this.buffer.hasContent()) {
				this.activeSince = null;
				this.pendingTrigger = null;
				this.bypass = false;
				this.dueOnRelease = false;
				this.manualRequested = false;
				return;
			}
			long firstShown = this.buffer.firstShown();
			if (this.buffer.notShown() == 0 && firstShown != Long.MAX_VALUE) {
				this.activeSince = Instant.ofEpochMilli(firstShown);
			}
			QuietHours quietHours = this.settings.quietHours();
			this.bypass = this.bypass && this.buffer
				.anyShownLevel((level) -> this.settings.triggersFlush(level) && quietHours.bypasses(level));
			if (this.pendingTrigger == Trigger.LEVEL && !this.buffer.anyShownLevel(this.settings::triggersFlush)) {
				this.pendingTrigger = null;
			}
			if (this.pendingTrigger == Trigger.CAPACITY && !this.buffer.isFull()) {
				this.pendingTrigger = null;
			}
		}
	}

	/**
	 * The entries shown in the buffer now, silenced ones left out.
	 * @return the entries, in the order they were first seen
	 */
	public List<DigestEntry> entries() {
		synchronized (this.lock) {
			List<BufferedEntry> shown = this.buffer.shown();
			List<DigestEntry> entries = new ArrayList<>(shown.size());
			for (BufferedEntry entry : shown) {
				Instant firstSeen = Instant.ofEpochMilli(entry.firstSeen());
				Instant lastSeen = Instant.ofEpochMilli(entry.lastSeen());
				entries.add(new DigestEntry(entry.level(), entry.logger(), entry.count(), firstSeen, lastSeen, "",
						entry.message(), Map.of(), "", entry.id(), Timeline.between(firstSeen, lastSeen, 1), null));
			}
			return entries;
		}
	}

	/**
	 * Events counted as silenced since start.
	 * @return the count
	 */
	public long silencedEvents() {
		synchronized (this.lock) {
			return this.totalSilenced;
		}
	}

	/**
	 * Takes the buffer as a digest if a capacity, level or delay trigger is due.
	 * @return the digest, {@code null} when nothing is due
	 */
	public Digest flushIfDue() {
		Cut cut;
		synchronized (this.lock) {
			Instant due = nextFlushAtLocked();
			Instant now = this.clock.instant();
			if (due == null || now.isBefore(due)) {
				return null;
			}
			Trigger trigger = this.manualRequested ? Trigger.MANUAL
					: (this.pendingTrigger != null) ? this.pendingTrigger : Trigger.DELAY;
			cut = cutLocked(trigger, now);
		}
		return digest(cut);
	}

	/**
	 * Holds the buffer back: until {@link #release()}, no capacity, level or delay digest
	 * is cut, and events keep being collected, deduplicated and counted into the one
	 * buffer. So an outage of the mail server gives one digest when it is over, not one
	 * per trigger.
	 * @param since when delivery began to fail
	 * @param reason why, for the digest to say
	 */
	public void hold(Instant since, String reason) {
		synchronized (this.lock) {
			if (this.holdingSince == null) {
				this.holdingSince = since;
				if (this.heldSince == null) {
					this.heldSince = since;
				}
			}
			this.heldReason = reason;
		}
	}

	/**
	 * Ends {@link #hold}: a trigger that fired meanwhile, or a manual flush asked for, is
	 * due at once, without waiting for the minimum interval.
	 */
	public void release() {
		synchronized (this.lock) {
			if (this.holdingSince == null) {
				return;
			}
			this.holdingSince = null;
			if (!this.buffer.hasContent()) {
				// nothing to say, or silenced events only: the next digest is not a held
				// one
				this.heldSince = null;
				this.heldReason = null;
				this.dueOnRelease = false;
				this.manualRequested = false;
				return;
			}
			Instant now = this.clock.instant();
			this.dueOnRelease = this.manualRequested || this.pendingTrigger != null
					|| (this.settings.hasDelay() && !now.isBefore(this.activeSince.plus(this.settings.delay())));
		}
	}

	/**
	 * Whether the buffer is held back, see {@link #hold}.
	 * @return {@code true} while held
	 */
	public boolean isHolding() {
		synchronized (this.lock) {
			return this.holdingSince != null;
		}
	}

	/**
	 * Takes the buffer out, without a digest, while it is held back: at shutdown, to keep
	 * it for the next start (see {@link HeldBuffer}).
	 * @return the buffer, {@code null} when it is not held back or empty
	 */
	HeldBuffer takeHeld() {
		synchronized (this.lock) {
			if (this.holdingSince == null || this.buffer.isEmpty()) {
				// silenced events only are kept too: their count goes with the next
				// digest
				return null;
			}
			HeldBuffer held = new HeldBuffer(this.buffer, this.windowStart,
					this.manualRequested ? Trigger.MANUAL : this.pendingTrigger, this.heldSince, this.heldReason);
			this.buffer = new DigestBuffer(this.settings);
			this.windowStart = null;
			this.activeSince = null;
			this.bypass = false;
			this.pendingTrigger = null;
			this.manualRequested = false;
			return held;
		}
	}

	/**
	 * Puts a buffer back that was held at the last shutdown: its entries merge with those
	 * buffered since, and what it says about being held back goes on to the next digest.
	 * @param held the buffer
	 */
	void restore(HeldBuffer held) {
		synchronized (this.lock) {
			boolean wasEmpty = this.buffer.isEmpty();
			this.buffer.addAll(held.buffer());
			if (wasEmpty || (held.windowStart() != null && held.windowStart().isBefore(this.windowStart))) {
				this.windowStart = held.windowStart();
			}
			if (this.buffer.hasContent() && (this.activeSince == null
					|| (held.windowStart() != null && held.windowStart().isBefore(this.activeSince)))) {
				this.activeSince = (held.windowStart() != null) ? held.windowStart() : this.windowStart;
			}
			if (held.pendingTrigger() == Trigger.MANUAL) {
				this.manualRequested = true;
			}
			else if (this.pendingTrigger == null && held.pendingTrigger() != null) {
				this.pendingTrigger = held.pendingTrigger();
			}
			if (this.pendingTrigger == null && this.buffer.isFull()) {
				this.pendingTrigger = Trigger.CAPACITY;
			}
			QuietHours quietHours = this.settings.quietHours();
			// an event of the held buffer that bypasses quiet hours still does
			this.bypass = this.bypass || this.buffer
				.anyShownLevel((level) -> this.settings.triggersFlush(level) && quietHours.bypasses(level));
			if (held.heldSince() != null && (this.heldSince == null || held.heldSince().isBefore(this.heldSince))) {
				this.heldSince = held.heldSince();
				this.heldReason = held.heldReason();
			}
		}
	}

	/**
	 * Asks for a manual digest while the buffer is held back: it is cut as soon as it is
	 * released.
	 * @return events the buffer holds now
	 */
	long requestManual() {
		synchronized (this.lock) {
			if (this.buffer.hasContent()) {
				this.manualRequested = true;
			}
			return this.buffer.events();
		}
	}

	/**
	 * Takes the buffer as a digest now, whatever the triggers say.
	 * @param trigger why, usually {@link Trigger#MANUAL} or {@link Trigger#SHUTDOWN}
	 * @return the digest, {@code null} when the buffer is empty
	 */
	public Digest flush(Trigger trigger) {
		Cut cut;
		synchronized (this.lock) {
			if (!this.buffer.hasContent()) {
				// nothing, or silenced events only: they go with the next digest
				return null;
			}
			cut = cutLocked(trigger, this.clock.instant());
		}
		return digest(cut);
	}

	/**
	 * When the next capacity, level or delay digest is due.
	 * @return the time, {@code null} when none is due (the buffer is empty or only a
	 * manual flush would send it)
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
					this.notShown, this.holdingSince, (this.holdingSince != null) ? this.heldReason : null,
					this.buffer.silenced(), this.totalSilenced);
		}
	}

	private Instant nextFlushAtLocked() {
		if (!this.buffer.hasContent() || this.holdingSince != null) {
			return null;
		}
		Instant due = dueLocked();
		if (due == null || this.manualRequested || this.bypass) {
			return due;
		}
		QuietHours quietHours = this.settings.quietHours();
		if (quietHours.isOn()) {
			// a trigger due in quiet hours, or one that is due while they last, waits for
			// their end
			Instant now = this.clock.instant();
			Instant end = quietHours.quietUntil(due.isAfter(now) ? due : now);
			if (end != null) {
				return end;
			}
		}
		return due;
	}

	private Instant dueLocked() {
		// a manual flush asked for while the buffer was held back, or while a first send
		// was under way
		if (this.dueOnRelease || this.manualRequested) {
			return this.windowStart;
		}
		Instant notBefore = (this.lastDigestAt != null) ? this.lastDigestAt.plus(this.settings.minInterval()) : null;
		Instant due = null;
		if (this.pendingTrigger != null) {
			due = (notBefore != null) ? notBefore : this.windowStart;
		}
		if (this.settings.hasDelay()) {
			Instant delayed = this.activeSince.plus(this.settings.delay());
			if (notBefore != null && notBefore.isAfter(delayed)) {
				delayed = notBefore;
			}
			if (due == null || delayed.isBefore(due)) {
				due = delayed;
			}
		}
		return due;
	}

	/**
	 * Takes the buffer out and starts a new one. The digest is made from what was taken
	 * after the lock is released ({@link #digest}): no one else reaches the old buffer
	 * any more, and entry ids and timelines are not computed while logging threads wait.
	 */
	private Cut cutLocked(Trigger trigger, Instant now) {
		Cut cut = new Cut(++this.sequence, trigger, this.windowStart, now, this.buffer, this.heldSince,
				this.heldReason);
		this.buffer = new DigestBuffer(this.settings);
		this.windowStart = null;
		this.activeSince = null;
		this.bypass = false;
		this.pendingTrigger = null;
		this.dueOnRelease = false;
		this.manualRequested = false;
		if (this.holdingSince == null) {
			this.heldSince = null;
			this.heldReason = null;
		}
		else {
			// cut while held (at shutdown): what comes next is held from now on
			this.heldSince = now;
		}
		this.lastDigestAt = now;
		return cut;
	}

	private Digest digest(Cut cut) {
		DigestBuffer taken = cut.buffer();
		return new Digest(cut.sequence(), this.settings.application(), this.settings.host(), cut.trigger(),
				cut.windowStart(), cut.windowEnd(), taken.digestEntries(), taken.notShownByLevel(), cut.heldSince(),
				cut.heldReason(), taken.silenced());
	}

	/**
	 * What a digest is made of, taken under the lock.
	 */
	private record Cut(long sequence, Trigger trigger, Instant windowStart, Instant windowEnd, DigestBuffer buffer,
			Instant heldSince, String heldReason) {
	}

}
