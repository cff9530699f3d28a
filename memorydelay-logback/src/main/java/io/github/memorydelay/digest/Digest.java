package io.github.memorydelay.digest;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;

/**
 * Immutable snapshot of a flushed buffer: what one digest email reports.
 *
 * @param sequence number of the digest since the start of the application, from 1
 * @param application name of the application the events came from
 * @param host host the events came from
 * @param trigger why the digest was sent
 * @param windowStart time of the first event of the buffer
 * @param windowEnd time of the flush
 * @param entries distinct entries, in the order they were first seen
 * @param notShown events that found the buffer full, counted per level, most severe first
 * @param heldSince since when the digest was held back because digests could not be
 * delivered, {@code null} when it was not
 * @param heldReason why it was held back, {@code null} when it was not
 * @param silenced events of silenced fingerprints, counted but not shown
 * @param fleet what the digest says about the fleet in fleet mode, {@code null} outside
 * fleet mode
 */
public record Digest(long sequence, String application, String host, Trigger trigger, Instant windowStart,
		Instant windowEnd, List<DigestEntry> entries, Map<Level, Long> notShown, Instant heldSince, String heldReason,
		long silenced, DigestFleet fleet) {

	public Digest {
		entries = List.copyOf(entries);
		notShown = Collections.unmodifiableMap(Levels.sortedCopy(notShown));
		if (heldSince != null && heldReason == null) {
			heldReason = "digests could not be delivered";
		}
	}

	/**
	 * A digest outside fleet mode.
	 * @param sequence number of the digest since the start of the application, from 1
	 * @param application name of the application the events came from
	 * @param host host the events came from
	 * @param trigger why the digest was sent
	 * @param windowStart time of the first event of the buffer
	 * @param windowEnd time of the flush
	 * @param entries distinct entries, in the order they were first seen
	 * @param notShown events that found the buffer full, counted per level
	 * @param heldSince since when the digest was held back, {@code null} when it was not
	 * @param heldReason why it was held back, {@code null} when it was not
	 * @param silenced events of silenced fingerprints, counted but not shown
	 */
	public Digest(long sequence, String application, String host, Trigger trigger, Instant windowStart,
			Instant windowEnd, List<DigestEntry> entries, Map<Level, Long> notShown, Instant heldSince,
			String heldReason, long silenced) {
		this(sequence, application, host, trigger, windowStart, windowEnd, entries, notShown, heldSince, heldReason,
				silenced, null);
	}

	/**
	 * A digest without silenced events.
	 * @param sequence number of the digest since the start of the application, from 1
	 * @param application name of the application the events came from
	 * @param host host the events came from
	 * @param trigger why the digest was sent
	 * @param windowStart time of the first event of the buffer
	 * @param windowEnd time of the flush
	 * @param entries distinct entries, in the order they were first seen
	 * @param notShown events that found the buffer full, counted per level
	 * @param heldSince since when the digest was held back, {@code null} when it was not
	 * @param heldReason why it was held back, {@code null} when it was not
	 */
	public Digest(long sequence, String application, String host, Trigger trigger, Instant windowStart,
			Instant windowEnd, List<DigestEntry> entries, Map<Level, Long> notShown, Instant heldSince,
			String heldReason) {
		this(sequence, application, host, trigger, windowStart, windowEnd, entries, notShown, heldSince, heldReason, 0);
	}

	/**
	 * A digest that was not held back.
	 * @param sequence number of the digest since the start of the application, from 1
	 * @param application name of the application the events came from
	 * @param host host the events came from
	 * @param trigger why the digest was sent
	 * @param windowStart time of the first event of the buffer
	 * @param windowEnd time of the flush
	 * @param entries distinct entries, in the order they were first seen
	 * @param notShown events that found the buffer full, counted per level
	 */
	public Digest(long sequence, String application, String host, Trigger trigger, Instant windowStart,
			Instant windowEnd, List<DigestEntry> entries, Map<Level, Long> notShown) {
		this(sequence, application, host, trigger, windowStart, windowEnd, entries, notShown, null, null, 0);
	}

	/**
	 * Whether the digest was held back while digests could not be delivered.
	 * @return {@code true} when held back
	 */
	public boolean wasHeld() {
		return this.heldSince != null;
	}

	/**
	 * All events the digest accounts for: duplicates, events not shown and silenced
	 * events included.
	 * @return the number of events
	 */
	public long events() {
		return shownEvents() + notShownEvents() + this.silenced;
	}

	/**
	 * Events counted in the entries shown, duplicates included.
	 * @return the number of events
	 */
	public long shownEvents() {
		long sum = 0;
		for (DigestEntry entry : this.entries) {
			sum += entry.count();
		}
		return sum;
	}

	/**
	 * Entries whose fingerprint no digest delivered within the history reported.
	 * @return the number of new entries
	 */
	public int newEntries() {
		int count = 0;
		for (DigestEntry entry : this.entries) {
			if (entry.isNew()) {
				count++;
			}
		}
		return count;
	}

	/**
	 * This digest with other entries, for instance marked new or recurring.
	 * @param marked the entries
	 * @return the digest
	 */
	public Digest withEntries(List<DigestEntry> marked) {
		return new Digest(this.sequence, this.application, this.host, this.trigger, this.windowStart, this.windowEnd,
				marked, this.notShown, this.heldSince, this.heldReason, this.silenced, this.fleet);
	}

	/**
	 * This digest with what it says about the fleet.
	 * @param about the fleet part
	 * @return the digest
	 */
	public Digest withFleet(DigestFleet about) {
		return new Digest(this.sequence, this.application, this.host, this.trigger, this.windowStart, this.windowEnd,
				this.entries, this.notShown, this.heldSince, this.heldReason, this.silenced, about);
	}

	/**
	 * Events that found the buffer full and are only counted.
	 * @return the number of events
	 */
	public long notShownEvents() {
		long sum = 0;
		for (long count : this.notShown.values()) {
			sum += count;
		}
		return sum;
	}

	/**
	 * Events of one level, shown or not.
	 * @param level the level
	 * @return the number of events at exactly that level
	 */
	public long events(Level level) {
		long sum = this.notShown.getOrDefault(level, 0L);
		for (DigestEntry entry : this.entries) {
			if (entry.level().equals(level)) {
				sum += entry.count();
			}
		}
		return sum;
	}

	/**
	 * Most severe level among all events of the digest.
	 * @return the level, {@code null} for an empty digest
	 */
	public Level mostSevereLevel() {
		Level most = null;
		for (DigestEntry entry : this.entries) {
			most = Levels.moreSevere(most, entry.level());
		}
		for (Level level : this.notShown.keySet()) {
			most = Levels.moreSevere(most, level);
		}
		return most;
	}

	/**
	 * The entry of the most severe level that was seen first.
	 * @return the entry, {@code null} when no entry is shown
	 */
	public DigestEntry mostSevereEntry() {
		DigestEntry most = null;
		for (DigestEntry entry : this.entries) {
			if (most == null || entry.level().toInt() > most.level().toInt()) {
				most = entry;
			}
		}
		return most;
	}

	/**
	 * Length of the time window the digest covers.
	 * @return the duration from the first event to the flush
	 */
	public Duration window() {
		return Duration.between(this.windowStart, this.windowEnd);
	}

}
