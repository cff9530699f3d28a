package io.github.memorydelay.logback;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Distinct entries of the current digest, at most {@code capacity} of them. Duplicates
 * are counted into their entry; distinct events that find the buffer full are counted per
 * level as not shown. Not thread-safe: {@link DigestEngine} guards it.
 */
final class DigestBuffer {

	private final DigestSettings settings;

	private final Map<Fingerprint, BufferedEntry> entries;

	private final List<BufferedEntry> order;

	private final long[] notShown = new long[Levels.EVENT_LEVELS.size()];

	private long events;

	/** Events of silenced fingerprints, counted and not shown. */
	private long silenced;

	/**
	 * Fingerprints that found the buffer full and were looked up among the silences and
	 * not found, so that their id is not computed again for each of their events.
	 */
	private Set<Fingerprint> notSilenced;

	/**
	 * Time of the first event, epoch milliseconds: where the digest's window and its
	 * entries' timelines start.
	 */
	private long windowStart;

	DigestBuffer(DigestSettings settings) {
		this.settings = settings;
		this.entries = new HashMap<>(Math.min(settings.capacity(), 1024) * 2);
		this.order = new ArrayList<>(Math.min(settings.capacity(), 1024));
	}

	static final int NEW_ENTRY = 0;

	static final int DUPLICATE = 1;

	static final int NOT_SHOWN = 2;

	static final int SILENCED = 3;

	private static final int MAX_NOT_SILENCED = 4096;

	/**
	 * Adds an event, no silence applying.
	 * @param fingerprint the event's fingerprint
	 * @param event the event
	 * @return {@link #NEW_ENTRY}, {@link #DUPLICATE} or {@link #NOT_SHOWN}
	 */
	int add(Fingerprint fingerprint, ILoggingEvent event) {
		return add(fingerprint, event, null, null);
	}

	/**
	 * Adds an event. An entry's id is computed once, when its first event comes while
	 * silences are set; the events of a muted entry are counted as silenced without it.
	 * @param fingerprint the event's fingerprint
	 * @param event the event
	 * @param silences the silences, {@code null} when none is set
	 * @param clock the clock that tells when a silence ended, {@code null} without
	 * silences
	 * @return {@link #NEW_ENTRY}, {@link #DUPLICATE}, {@link #NOT_SHOWN} or
	 * {@link #SILENCED}
	 */
	int add(Fingerprint fingerprint, ILoggingEvent event, Silences silences, Clock clock) {
		if (this.events++ == 0) {
			this.windowStart = event.getTimeStamp();
		}
		BufferedEntry entry = this.entries.get(fingerprint);
		String knownId = null;
		if (entry != null) {
			if (!entry.isMuted()) {
				entry.count(event);
				return DUPLICATE;
			}
			if (entry.mutedUntil() > 0 && clock != null && clock.millis() < entry.mutedUntil()) {
				this.silenced++;
				return SILENCED;
			}
			// its silence ended: the entry is shown again from this event on
			this.entries.remove(fingerprint);
			knownId = entry.id();
		}
		boolean full = this.order.size() >= this.settings.capacity();
		if (silences != null && !silences.isEmpty()
				&& (!full || this.notSilenced == null || !this.notSilenced.contains(fingerprint))) {
			String id = (knownId != null) ? knownId : fingerprint.id();
			long now = (clock != null) ? clock.millis() : event.getTimeStamp();
			long until = silences.until(id, now);
			if (until > 0) {
				this.entries.put(fingerprint,
						BufferedEntry.muted(fingerprint, id, until, event.getTimeStamp(), this.windowStart));
				this.silenced++;
				return SILENCED;
			}
			knownId = id;
			if (full) {
				if (this.notSilenced == null) {
					this.notSilenced = new HashSet<>();
				}
				if (this.notSilenced.size() < MAX_NOT_SILENCED) {
					this.notSilenced.add(fingerprint);
				}
			}
		}
		if (!full) {
			entry = BufferedEntry.capture(event, fingerprint, this.windowStart, this.settings);
			if (knownId != null) {
				entry.knownId(knownId);
			}
			this.entries.put(fingerprint, entry);
			this.order.add(entry);
			return NEW_ENTRY;
		}
		this.notShown[Levels.index(event.getLevel())]++;
		return NOT_SHOWN;
	}

	/**
	 * Applies the silences in force now: shown entries that are silenced are muted, their
	 * events counted as silenced; muted entries take the end of their silence, or are
	 * shown again from their next event on when it ended.
	 * @param silences the silences
	 * @param now the time, epoch milliseconds
	 * @return whether an entry was muted
	 */
	boolean applySilences(Silences silences, long now) {
		this.notSilenced = null;
		boolean changed = false;
		for (BufferedEntry entry : this.entries.values()) {
			if (entry.isMuted()) {
				entry.mute(silences.isEmpty() ? 0 : silences.until(entry.id(), now));
			}
		}
		if (silences.isEmpty()) {
			return false;
		}
		for (Iterator<BufferedEntry> it = this.order.iterator(); it.hasNext();) {
			BufferedEntry entry = it.next();
			long until = silences.until(entry.id(), now);
			if (until > 0) {
				entry.mute(until);
				this.silenced += entry.count();
				it.remove();
				changed = true;
			}
		}
		return changed;
	}

	/**
	 * Whether the buffer holds anything to show: an entry or events not shown.
	 * @return {@code false} when it is empty or holds silenced events only
	 */
	boolean hasContent() {
		return this.events > this.silenced;
	}

	long silenced() {
		return this.silenced;
	}

	/**
	 * Time of the first event shown, epoch milliseconds.
	 * @return the time, {@link Long#MAX_VALUE} when no entry is shown
	 */
	long firstShown() {
		long first = Long.MAX_VALUE;
		for (BufferedEntry entry : this.order) {
			first = Math.min(first, entry.firstSeen());
		}
		return first;
	}

	/**
	 * Whether an entry shown, or an event not shown, is of a level.
	 * @param test the levels
	 * @return {@code true} if one is
	 */
	boolean anyShownLevel(Predicate<Level> test) {
		for (BufferedEntry entry : this.order) {
			if (test.test(entry.level())) {
				return true;
			}
		}
		for (int i = 0; i < this.notShown.length; i++) {
			if (this.notShown[i] > 0 && test.test(Levels.EVENT_LEVELS.get(i))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The entries shown, in the order they were first seen.
	 * @return the entries
	 */
	List<BufferedEntry> shown() {
		return List.copyOf(this.order);
	}

	/**
	 * Adds the entries of another buffer, the held buffer of an earlier run: the same
	 * fingerprints merge, the earlier first occurrence is kept, and what does not fit is
	 * counted as not shown.
	 * @param other the other buffer
	 */
	void addAll(DigestBuffer other) {
		if (this.events == 0 || (other.events > 0 && other.windowStart < this.windowStart)) {
			this.windowStart = other.windowStart;
		}
		this.events += other.events;
		this.silenced += other.silenced;
		for (int i = 0; i < this.notShown.length; i++) {
			this.notShown[i] += other.notShown[i];
		}
		Map<BufferedEntry, Fingerprint> fingerprints = new IdentityHashMap<>();
		other.entries.forEach((fingerprint, entry) -> fingerprints.put(entry, fingerprint));
		for (BufferedEntry entry : other.order) {
			Fingerprint fingerprint = fingerprints.get(entry);
			BufferedEntry mine = this.entries.get(fingerprint);
			if (mine != null && mine.isMuted()) {
				this.silenced += entry.count();
			}
			else if (mine == null && this.order.size() < this.settings.capacity()) {
				this.entries.put(fingerprint, entry);
				this.order.add(entry);
			}
			else if (mine == null) {
				this.notShown[Levels.index(entry.level())] += entry.count();
			}
			else if (entry.firstSeen() < mine.firstSeen()) {
				entry.absorb(mine);
				this.entries.put(fingerprint, entry);
				this.order.set(this.order.indexOf(mine), entry);
			}
			else {
				mine.absorb(entry);
			}
		}
	}

	/**
	 * Adds an entry read back from an earlier run.
	 */
	void restore(Fingerprint fingerprint, BufferedEntry entry) {
		if (this.order.isEmpty() || entry.firstSeen() < this.windowStart) {
			this.windowStart = entry.firstSeen();
		}
		this.events += entry.count();
		this.entries.put(fingerprint, entry);
		this.order.add(entry);
	}

	void restoreSilenced(long count) {
		this.events += count;
		this.silenced += count;
	}

	void restoreNotShown(Level level, long count) {
		this.events += count;
		this.notShown[Levels.index(level)] += count;
	}

	/**
	 * Entries with their fingerprints, in the order they were first seen.
	 * @return the entries
	 */
	Map<Fingerprint, BufferedEntry> fingerprints() {
		Map<BufferedEntry, Fingerprint> byEntry = new IdentityHashMap<>();
		this.entries.forEach((fingerprint, entry) -> byEntry.put(entry, fingerprint));
		Map<Fingerprint, BufferedEntry> ordered = new LinkedHashMap<>();
		for (BufferedEntry entry : this.order) {
			ordered.put(byEntry.get(entry), entry);
		}
		return ordered;
	}

	long[] notShownCounts() {
		return this.notShown.clone();
	}

	boolean isEmpty() {
		return this.events == 0;
	}

	boolean isFull() {
		return this.order.size() >= this.settings.capacity();
	}

	long events() {
		return this.events;
	}

	int entries() {
		return this.order.size();
	}

	long notShown() {
		long sum = 0;
		for (long count : this.notShown) {
			sum += count;
		}
		return sum;
	}

	List<DigestEntry> digestEntries() {
		List<DigestEntry> result = new ArrayList<>(this.order.size());
		for (BufferedEntry entry : this.order) {
			result.add(entry.toDigestEntry());
		}
		return result;
	}

	Map<Level, Long> notShownByLevel() {
		return Levels.toMap(this.notShown);
	}

}
