package io.github.memorydelay.logback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	/**
	 * Adds an event.
	 * @param fingerprint the event's fingerprint
	 * @param event the event
	 * @return {@link #NEW_ENTRY}, {@link #DUPLICATE} or {@link #NOT_SHOWN}
	 */
	int add(Fingerprint fingerprint, ILoggingEvent event) {
		if (this.events++ == 0) {
			this.windowStart = event.getTimeStamp();
		}
		BufferedEntry entry = this.entries.get(fingerprint);
		if (entry != null) {
			entry.count(event);
			return DUPLICATE;
		}
		if (this.order.size() < this.settings.capacity()) {
			entry = BufferedEntry.capture(event, fingerprint, this.windowStart, this.settings);
			this.entries.put(fingerprint, entry);
			this.order.add(entry);
			return NEW_ENTRY;
		}
		this.notShown[Levels.index(event.getLevel())]++;
		return NOT_SHOWN;
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
		for (int i = 0; i < this.notShown.length; i++) {
			this.notShown[i] += other.notShown[i];
		}
		Map<BufferedEntry, Fingerprint> fingerprints = new IdentityHashMap<>();
		other.entries.forEach((fingerprint, entry) -> fingerprints.put(entry, fingerprint));
		for (BufferedEntry entry : other.order) {
			Fingerprint fingerprint = fingerprints.get(entry);
			BufferedEntry mine = this.entries.get(fingerprint);
			if (mine == null && this.order.size() < this.settings.capacity()) {
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
