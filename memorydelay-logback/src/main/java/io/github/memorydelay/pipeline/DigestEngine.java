package io.github.memorydelay.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Timeline;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.policy.Silences;

/**
 * The buffer, with the trigger rules ({@link TriggerRules}) applied to it. Thread-safe:
 * logging threads add, the dispatcher asks what is due. It does no I/O and starts no
 * thread, and its time is a clock's, so that it is tested without sleeps.
 * <p>
 * Adding takes no lock: a logging thread enters the current {@link DigestBuffer}, adds
 * and leaves (see {@link InFlightWriters}), and the buffer keeps its own trigger state in
 * atomics. Everything else runs under one lock and, where it reads or changes the buffer,
 * first takes the buffer out of the logging threads' way: a cut puts an empty buffer in
 * its place and waits for the threads still adding to the old one; applying silences or
 * merging a held buffer parks new events on the lock for as long.
 */
final class DigestEngine {

	private final DigestSettings settings;

	private final Clock clock;

	private final Object lock = new Object();

	private final KnownIds knownIds;

	private final TriggerRules rules;

	/**
	 * The buffer events go to; {@code null} while one is changed under the lock, see
	 * {@link #pause()}.
	 */
	private volatile DigestBuffer current;

	/** The buffer while it is paused, for events the thread that changes it logs. */
	private DigestBuffer paused;

	private Instant lastDigestAt;

	private long sequence;

	// counts of the buffers cut, the current one's not included

	private long duplicates;

	private long notShown;

	private long totalSilenced;

	private final Silences silences;

	/** The outage rule: whether the buffer is held back, and what is due on release. */
	private final OutageState outage = new OutageState();

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
		this.current = new DigestBuffer(settings);
		this.knownIds = new KnownIds(settings.capacity());
		this.rules = new TriggerRules(settings);
	}

	/**
	 * The ids of the entries of this engine's last digests.
	 * @return the ids
	 */
	KnownIds knownIds() {
		return this.knownIds;
	}

	/**
	 * The silences that mute entries of this engine.
	 * @return the silences
	 */
	public Silences silences() {
		return this.silences;
	}

	/**
	 * Adds an event at or above the buffered level. Takes no lock, on any number of
	 * threads at once.
	 * @param event the event
	 * @return {@code true} when the time of the next flush changed, so that the
	 * dispatcher should look again
	 */
	public boolean add(ILoggingEvent event) {
		return add(event, null);
	}

	/**
	 * Adds an event at or above the buffered level, with what is kept for the thread that
	 * logs it: an event that is a duplicate or finds the buffer full then allocates
	 * nothing.
	 * @param event the event
	 * @param thread the logging thread's state, {@code null} for none
	 * @return {@code true} when the time of the next flush changed, so that the
	 * dispatcher should look again
	 */
	boolean add(ILoggingEvent event, LoggingThread thread) {
		Fingerprint fingerprint = (thread != null) ? thread.probe.set(event) : Fingerprint.of(event);
		int stripe = (thread != null) ? thread.stripe : InFlightWriters.stripe();
		boolean levelTrigger = this.settings.triggersFlush(event.getLevel());
		for (;;) {
			DigestBuffer buffer = this.current;
			if (buffer == null) {
				if (Thread.holdsLock(this.lock)) {
					// logged by the thread that changes the buffer, which no one else
					// reaches now
					buffer = this.paused;
					buffer.writers().enter(stripe);
					try {
						return add(buffer, fingerprint, event, levelTrigger, stripe);
					}
					finally {
						buffer.writers().leave(stripe);
					}
				}
				// the buffer is being changed: wait for the lock its changer holds
				synchronized (this.lock) {
					continue;
				}
			}
			InFlightWriters writers = buffer.writers();
			writers.enter(stripe);
			// a buffer replaced after it was read takes nothing more: its cut may be
			// read already
			if (this.current != buffer) {
				writers.retreat(stripe);
				continue;
			}
			try {
				return add(buffer, fingerprint, event, levelTrigger, stripe);
			}
			finally {
				writers.leave(stripe);
			}
		}
	}

	private boolean add(DigestBuffer buffer, Fingerprint fingerprint, ILoggingEvent event, boolean levelTrigger,
			int stripe) {
		int outcome = buffer.add(fingerprint, event, this.silences, this.clock, stripe);
		if (outcome == DigestBuffer.SILENCED) {
			// counted, and triggers nothing
			return false;
		}
		boolean active = buffer.activate(event.getTimeStamp());
		boolean bypassed = false;
		if (levelTrigger && !buffer.bypass() && this.settings.quietHours().bypasses(event.getLevel())) {
			buffer.bypass(true);
			bypassed = true;
		}
		if (buffer.pendingTrigger() == null) {
			if (levelTrigger) {
				if (buffer.fire(Trigger.LEVEL)) {
					return true;
				}
			}
			else if (buffer.isFull() && buffer.fire(Trigger.CAPACITY)) {
				return true;
			}
		}
		return bypassed || (active && this.settings.hasDelay());
	}

	/**
	 * Stops logging threads from adding to the buffer, and waits for those adding now.
	 * Call it under the lock, and {@link #resume} before it is released: events logged
	 * meanwhile wait for the lock.
	 * @return the buffer, which no one else reaches until {@link #resume}
	 */
	private DigestBuffer pause() {
		DigestBuffer buffer = this.current;
		this.paused = buffer;
		this.current = null;
		buffer.writers().awaitNone();
		return buffer;
	}

	private void resume(DigestBuffer buffer) {
		this.paused = null;
		this.current = buffer;
	}

	/**
	 * Puts an empty buffer in place of the current one, under the lock, and waits for the
	 * threads still adding to the old one.
	 * @return the old buffer, complete
	 */
	private DigestBuffer swap() {
		DigestBuffer taken = this.current;
		this.current = new DigestBuffer(this.settings);
		taken.writers().awaitNone();
		this.duplicates += taken.duplicates();
		this.notShown += taken.notShownOnAdd();
		this.totalSilenced += taken.silencedOnAdd();
		return taken;
	}

	/**
	 * Applies the silences as they are now to the events buffered: call it after each
	 * change of the silences. Entries silenced now are muted at once, and what they
	 * triggered no longer holds.
	 */
	public void applySilences() {
		synchronized (this.lock) {
			DigestBuffer buffer = pause();
			try {
				applySilences(buffer);
			}
			finally {
				resume(buffer);
			}
		}
	}

	private void applySilences(DigestBuffer buffer) {
		if (!buffer.applySilences(this.silences, this.clock.millis())) {
			return;
		}
		if (!buffer.hasContent()) {
			buffer.activeSince(null);
			buffer.pendingTrigger(null);
			buffer.bypass(false);
			this.outage.nothingToShow();
			return;
		}
		long firstShown = buffer.firstShown();
		if (buffer.notShown() == 0 && firstShown != Long.MAX_VALUE) {
			buffer.activeSince(Instant.ofEpochMilli(firstShown));
		}
		buffer.bypass(buffer.bypass() && buffer.anyShownLevel(this.rules::bypassesQuietHours));
		Trigger pending = buffer.pendingTrigger();
		if (pending == Trigger.LEVEL && !buffer.anyShownLevel(this.rules::firesLevel)) {
			pending = null;
		}
		if (pending == Trigger.CAPACITY && !buffer.isFull()) {
			pending = null;
		}
		buffer.pendingTrigger(pending);
	}

	/**
	 * The entries shown in the buffer now, silenced ones left out.
	 * @return the entries, in the order they were first seen
	 */
	public List<DigestEntry> entries() {
		List<BufferedEntry> shown;
		synchronized (this.lock) {
			shown = this.current.shown();
		}
		List<DigestEntry> entries = new ArrayList<>(shown.size());
		for (BufferedEntry entry : shown) {
			Instant firstSeen = Instant.ofEpochMilli(entry.firstSeen());
			Instant lastSeen = Instant.ofEpochMilli(entry.lastSeen());
			entries.add(new DigestEntry(entry.level(), entry.logger(), entry.count(), firstSeen, lastSeen, "",
					entry.message(), Map.of(), "", entry.id(), Timeline.between(firstSeen, lastSeen, 1), null,
					entry.messages(), entry.lastMessage()));
		}
		return entries;
	}

	/**
	 * Events counted as silenced since start.
	 * @return the count
	 */
	public long silencedEvents() {
		synchronized (this.lock) {
			return this.totalSilenced + this.current.silencedOnAdd();
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
			// the trigger is read from the buffer taken: one that fired meanwhile is in
			// it
			cut = cutLocked(null, now);
		}
		return (cut != null) ? digest(cut) : null;
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
			this.outage.onFailure(since, reason);
		}
	}

	/**
	 * Ends {@link #hold}: a trigger that fired meanwhile, or a manual flush asked for, is
	 * due at once, without waiting for the minimum interval.
	 */
	public void release() {
		synchronized (this.lock) {
			DigestBuffer buffer = this.current;
			// without something to show (nothing, or silenced events only) the next
			// digest is not a held one
			this.outage.onDelivered(buffer.hasContent(), buffer.pendingTrigger() != null
					|| this.rules.delayPassed(buffer.activeSince(), this.clock.instant()));
		}
	}

	/**
	 * Whether the buffer is held back, see {@link #hold}.
	 * @return {@code true} while held
	 */
	public boolean isHolding() {
		synchronized (this.lock) {
			return this.outage.isHolding();
		}
	}

	/**
	 * Takes the buffer out, without a digest, while it is held back: at shutdown, to keep
	 * it for the next start (see {@link HeldBuffer}).
	 * @return the buffer, {@code null} when it is not held back or empty
	 */
	HeldBuffer takeHeld() {
		synchronized (this.lock) {
			return this.outage.isHolding() ? takeLocked() : null;
		}
	}

	/**
	 * Takes the buffer out, without a digest, unless it is held back: to hand it on (the
	 * fleet's staging buffer to the store, or what an instance buffered alone to the
	 * fleet). While delivery fails the buffer stays, so that the outage still ends in one
	 * digest.
	 * @return the buffer, {@code null} when it is held back or empty
	 */
	HeldBuffer drain() {
		synchronized (this.lock) {
			return this.outage.isHolding() ? null : takeLocked();
		}
	}

	private HeldBuffer takeLocked() {
		if (this.current.isEmpty()) {
			// silenced events only are taken too: their count goes with the next digest
			return null;
		}
		DigestBuffer taken = swap();
		OutageState.Held held = this.outage.held();
		boolean manual = this.outage.take();
		return new HeldBuffer(taken, taken.windowStart(), manual ? Trigger.MANUAL : taken.pendingTrigger(),
				(held != null) ? held.since() : null, (held != null) ? held.reason() : null);
	}

	/**
	 * Puts a buffer back that was held at the last shutdown: its entries merge with those
	 * buffered since, and what it says about being held back goes on to the next digest.
	 * @param held the buffer
	 */
	void restore(HeldBuffer held) {
		synchronized (this.lock) {
			DigestBuffer buffer = pause();
			try {
				restore(buffer, held);
			}
			finally {
				resume(buffer);
			}
		}
	}

	private void restore(DigestBuffer buffer, HeldBuffer held) {
		boolean wasEmpty = buffer.isEmpty();
		Instant windowStart = buffer.windowStart();
		buffer.addAll(held.buffer());
		if (wasEmpty || (held.windowStart() != null && held.windowStart().isBefore(windowStart))) {
			windowStart = held.windowStart();
		}
		if (windowStart != null) {
			buffer.windowStart(windowStart);
		}
		Instant activeSince = buffer.activeSince();
		if (buffer.hasContent()
				&& (activeSince == null || (held.windowStart() != null && held.windowStart().isBefore(activeSince)))) {
			buffer.activeSince((held.windowStart() != null) ? held.windowStart() : buffer.windowStart());
		}
		if (held.pendingTrigger() != Trigger.MANUAL && buffer.pendingTrigger() == null
				&& held.pendingTrigger() != null) {
			buffer.pendingTrigger(held.pendingTrigger());
		}
		if (buffer.pendingTrigger() == null && buffer.isFull()) {
			buffer.pendingTrigger(Trigger.CAPACITY);
		}
		// an event of the held buffer that bypasses quiet hours still does
		buffer.bypass(buffer.bypass() || buffer.anyShownLevel(this.rules::bypassesQuietHours));
		this.outage.restore(held.pendingTrigger() == Trigger.MANUAL, held.heldSince(), held.heldReason());
	}

	/**
	 * Asks for a manual digest while the buffer is held back: it is cut as soon as it is
	 * released.
	 * @return events the buffer holds now
	 */
	long requestManual() {
		synchronized (this.lock) {
			if (this.current.hasContent()) {
				this.outage.requestManual();
			}
			return this.current.events();
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
			if (!this.current.hasContent()) {
				// nothing, or silenced events only: they go with the next digest
				return null;
			}
			cut = cutLocked(trigger, this.clock.instant());
		}
		return (cut != null) ? digest(cut) : null;
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
			DigestBuffer buffer = this.current;
			return new BufferStatus(buffer.events(), buffer.entries(), buffer.notShown(), buffer.windowStart(),
					nextFlushAtLocked(), this.lastDigestAt, buffer.pendingTrigger(),
					this.duplicates + buffer.duplicates(), this.notShown + buffer.notShownOnAdd(),
					this.outage.holdingSince(), this.outage.holdingReason(), buffer.silenced(),
					this.totalSilenced + buffer.silencedOnAdd());
		}
	}

	private Instant nextFlushAtLocked() {
		DigestBuffer buffer = this.current;
		if (!buffer.hasContent() || this.outage.isHolding()) {
			return null;
		}
		return this.rules.dueAt(triggerState(buffer), this.clock.instant());
	}

	/**
	 * What the trigger rules read of the buffer: the trigger before the times, since an
	 * event sets its times before it fires, so a trigger seen has them.
	 */
	private TriggerRules.State triggerState(DigestBuffer buffer) {
		Trigger pending = buffer.pendingTrigger();
		return new TriggerRules.State(pending, buffer.bypass(), buffer.windowStart(), buffer.activeSince(),
				this.lastDigestAt, this.outage.manualRequested(), this.outage.dueOnRelease());
	}

	/**
	 * Takes the buffer out and starts a new one. The digest is made from what was taken
	 * after the lock is released ({@link #digest}): no one else reaches the old buffer
	 * any more, and entry ids and timelines are not computed while logging threads wait.
	 * @param given why, {@code null} for the trigger the buffer taken says (a manual
	 * flush asked for, the capacity or level trigger that fired, else the delay)
	 * @param now the time of the cut
	 * @return what was taken, {@code null} when it turned out to hold silenced events
	 * only (counted by a thread while the buffer was looked at), which then go back
	 */
	private Cut cutLocked(Trigger given, Instant now) {
		DigestBuffer taken = swap();
		if (!taken.hasContent()) {
			DigestBuffer buffer = pause();
			try {
				buffer.addAll(taken);
			}
			finally {
				resume(buffer);
			}
			return null;
		}
		Trigger trigger = (given != null) ? given : this.rules.trigger(triggerState(taken));
		OutageState.Held held = this.outage.cut(now);
		Cut cut = new Cut(++this.sequence, trigger, taken.windowStart(), now, taken,
				(held != null) ? held.since() : null, (held != null) ? held.reason() : null);
		this.lastDigestAt = now;
		return cut;
	}

	private Digest digest(Cut cut) {
		DigestBuffer taken = cut.buffer();
		DigestAssembly assembly = new DigestAssembly(this.settings.capacity());
		for (BufferedEntry entry : taken.shown()) {
			assembly.add(entry.toDigestEntry(this.knownIds));
		}
		assembly.notShown(taken.notShownCounts());
		assembly.silenced(taken.silenced());
		return assembly.digest(cut.sequence(), this.settings, cut.trigger(), cut.windowStart(), cut.windowEnd(),
				cut.heldSince(), cut.heldReason(), null);
	}

	/**
	 * What a digest is made of, taken under the lock.
	 */
	private record Cut(long sequence, Trigger trigger, Instant windowStart, Instant windowEnd, DigestBuffer buffer,
			Instant heldSince, String heldReason) {
	}

}
