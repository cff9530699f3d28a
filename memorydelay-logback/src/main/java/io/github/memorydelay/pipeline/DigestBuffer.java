package io.github.memorydelay.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Levels;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.policy.Silences;

/**
 * Distinct entries of the current digest, at most {@code capacity} of them. Duplicates
 * are counted into their entry; distinct events that find the buffer full are counted per
 * level as not shown.
 * <p>
 * Any number of logging threads {@link #add add} at once, without a lock: entries sit in
 * a {@link ConcurrentHashMap}, counts are atomics, and the events added, silenced and not
 * shown are counted in each thread's own stripe of the {@link InFlightWriters}, a new
 * entry is captured before it is offered with {@code putIfAbsent} (the thread that loses
 * the race counts its event as a duplicate of the winner's), and capacity is a slot
 * reserved by compare-and-set before the capture. Everything else (reading the buffer for
 * a digest, applying silences, merging a held buffer) runs only while no event is being
 * added: the {@link DigestEngine} takes the buffer out of the logging threads' way first
 * and waits for its {@link #writers()}.
 */
final class DigestBuffer {

	static final int NEW_ENTRY = 0;

	static final int DUPLICATE = 1;

	static final int NOT_SHOWN = 2;

	static final int SILENCED = 3;

	private static final int MAX_NOT_SILENCED = 4096;

	/** A time not set yet. */
	private static final long NONE = Long.MAX_VALUE;

	private static final Comparator<BufferedEntry> ARRIVAL = Comparator.comparingLong(BufferedEntry::index);

	private final DigestSettings settings;

	private final int capacity;

	private final ConcurrentHashMap<Fingerprint, BufferedEntry> entries;

	/**
	 * Slots and arrivals in one word, so that a new entry takes both with one
	 * compare-and-set: the low 32 bits count the slots of entries shown and of new
	 * entries being captured (at most capacity), the high 32 bits the slots ever taken,
	 * which gives each entry its index of arrival.
	 */
	private final AtomicLong slots = new AtomicLong();

	/** Adds one arrival and one slot to {@link #slots}. */
	private static final long ONE_SLOT = (1L << 32) + 1;

	/** New entries captured in vain: another thread put the fingerprint first. */
	private final LongAdder lostRaces = new LongAdder();

	// events of silenced fingerprints (counted and not shown) and events not shown per
	// level, as they were added: counted in the writers' stripes

	private static final int SILENCED_SLOT = InFlightWriters.FIRST_SLOT;

	private static final int NOT_SHOWN_SLOT = SILENCED_SLOT + 1;

	// what came other than through add: changed only while no event is added, and read
	// under the engine's lock

	private long mergedEvents;

	/** Entries put into the buffer other than by an event. */
	private long mergedEntries;

	private long mergedSilenced;

	private final long[] mergedNotShown = new long[Levels.EVENT_LEVELS.size()];

	/**
	 * Time of the first event, epoch milliseconds: where the digest's window and its
	 * entries' timelines start.
	 */
	private final AtomicLong windowStart = new AtomicLong(NONE);

	/**
	 * Time of the first event that is not silenced, where the delay starts; not set while
	 * the buffer has nothing to show.
	 */
	private final AtomicLong activeSince = new AtomicLong(NONE);

	/** The capacity or level trigger that fired for this buffer. */
	private final AtomicReference<Trigger> pendingTrigger = new AtomicReference<>();

	/**
	 * Whether an event at or above the quiet hours' bypass level triggered the level
	 * trigger: then quiet hours do not hold the digest back.
	 */
	private volatile boolean bypass;

	/**
	 * Fingerprints that found the buffer full and were looked up among the silences and
	 * not found, so that their id is not computed again for each of their events.
	 */
	private volatile Set<Fingerprint> notSilenced;

	private final InFlightWriters writers = new InFlightWriters();

	DigestBuffer(DigestSettings settings) {
		this.settings = settings;
		this.capacity = settings.capacity();
		this.entries = new ConcurrentHashMap<>(Math.min(settings.capacity(), 1024) * 2);
	}

	/**
	 * The threads adding to this buffer now.
	 * @return the writers
	 */
	InFlightWriters writers() {
		return this.writers;
	}

	/**
	 * Adds an event; safe on any number of threads at once, each of which has
	 * {@link InFlightWriters#enter entered} the buffer's {@link #writers()} (which count
	 * the event when it leaves). An entry's id is computed once, when its first event
	 * comes while silences are set; the events of a muted entry are counted as silenced
	 * without it.
	 * @param fingerprint the event's fingerprint, maybe a {@link Fingerprint#probe()
	 * probe}, which is not kept
	 * @param event the event
	 * @param silences the silences, {@code null} when none is set
	 * @param clock the clock that tells when a silence ended, {@code null} without
	 * silences
	 * @param stripe the stripe the thread entered the writers with
	 * @return {@link #NEW_ENTRY}, {@link #DUPLICATE}, {@link #NOT_SHOWN} or
	 * {@link #SILENCED}
	 */
	int add(Fingerprint fingerprint, ILoggingEvent event, Silences silences, Clock clock, int stripe) {
		long timestamp = event.getTimeStamp();
		// the window starts at the first event added (the first to get here, of threads
		// that race); set before the event is counted, so that a buffer that counts an
		// event has a start
		if (this.windowStart.get() == NONE) {
			this.windowStart.compareAndSet(NONE, timestamp);
		}
		BufferedEntry entry = this.entries.get(fingerprint);
		if (entry == null && fingerprint.toTemplate()) {
			// a message that is not its own template: found by its template
			entry = this.entries.get(fingerprint);
		}
		String knownId = null;
		if (entry != null) {
			if (!entry.isMuted()) {
				return duplicate(entry, event);
			}
			if (entry.mutedUntil() > 0 && clock != null && clock.millis() < entry.mutedUntil()) {
				this.writers.count(stripe, SILENCED_SLOT);
				return SILENCED;
			}
			// its silence ended: the entry is shown again from this event on
			this.entries.remove(fingerprint, entry);
			knownId = entry.id();
		}
		boolean full = (int) this.slots.get() >= this.capacity;
		if (silences != null && !silences.isEmpty()) {
			Set<Fingerprint> checked = this.notSilenced;
			if (!full || checked == null || !checked.contains(fingerprint)) {
				String id = (knownId != null) ? knownId : fingerprint.id();
				long now = (clock != null) ? clock.millis() : timestamp;
				long until = silences.until(id, now);
				if (until > 0) {
					Fingerprint stored = fingerprint.stored();
					BufferedEntry muted = BufferedEntry.muted(stored, id, until, timestamp, this.windowStart.get());
					BufferedEntry existing = this.entries.putIfAbsent(stored, muted);
					if (existing != null && !existing.isMuted()) {
						return duplicate(existing, event);
					}
					this.writers.count(stripe, SILENCED_SLOT);
					return SILENCED;
				}
				knownId = id;
				if (full) {
					rememberNotSilenced(fingerprint.stored());
				}
			}
		}
		long index = full ? -1 : reserve();
		if (index >= 0) {
			Fingerprint stored = fingerprint.stored();
			try {
				entry = BufferedEntry.capture(event, stored, this.windowStart.get(), this.settings);
			}
			catch (RuntimeException | Error ex) {
				// the slot goes back; the event is counted, as a duplicate
				this.slots.decrementAndGet();
				this.lostRaces.increment();
				throw ex;
			}
			entry.index(index);
			if (knownId != null) {
				entry.knownId(knownId);
			}
			BufferedEntry existing = this.entries.putIfAbsent(stored, entry);
			if (existing == null) {
				return NEW_ENTRY;
			}
			// another thread put the same fingerprint first: this event is its duplicate,
			// and the slot goes back (its index of arrival stays unused)
			this.slots.decrementAndGet();
			this.lostRaces.increment();
			if (!existing.isMuted()) {
				return duplicate(existing, event);
			}
			this.writers.count(stripe, SILENCED_SLOT);
			return SILENCED;
		}
		this.writers.count(stripe, NOT_SHOWN_SLOT + Levels.index(event.getLevel()));
		return NOT_SHOWN;
	}

	private static int duplicate(BufferedEntry entry, ILoggingEvent event) {
		entry.count(event);
		return DUPLICATE;
	}

	/**
	 * Takes a slot for a new entry, unless all are taken.
	 * @return the entry's index of arrival, {@code -1} when the buffer is full
	 */
	private long reserve() {
		long slots = this.slots.get();
		while ((int) slots < this.capacity) {
			if (this.slots.compareAndSet(slots, slots + ONE_SLOT)) {
				return slots >>> 32;
			}
			slots = this.slots.get();
		}
		return -1;
	}

	private void rememberNotSilenced(Fingerprint fingerprint) {
		Set<Fingerprint> checked = this.notSilenced;
		if (checked == null) {
			checked = ConcurrentHashMap.newKeySet();
			this.notSilenced = checked;
		}
		if (checked.size() < MAX_NOT_SILENCED) {
			checked.add(fingerprint);
		}
	}

	private static void lower(AtomicLong time, long to) {
		// read first: events rarely move it, and so rarely write
		long current = time.get();
		while (to < current && !time.compareAndSet(current, to)) {
			current = time.get();
		}
	}

	/**
	 * Marks the buffer active from an event that is not silenced on: the first such event
	 * (of threads that race, the first to get here) sets where the delay starts.
	 * @param timestamp time of the event, epoch milliseconds
	 * @return {@code true} for the event that made the buffer active
	 */
	boolean activate(long timestamp) {
		// the first event's time, as the window's start
		return this.activeSince.get() == NONE && this.activeSince.compareAndSet(NONE, timestamp);
	}

	/**
	 * Since when the buffer has something to show.
	 * @return the time, {@code null} when it has not
	 */
	Instant activeSince() {
		return instant(this.activeSince.get());
	}

	/**
	 * Sets when the buffer started to have something to show, while no event is added.
	 * @param time the time, {@code null} when it has nothing to show
	 */
	void activeSince(Instant time) {
		this.activeSince.set((time != null) ? time.toEpochMilli() : NONE);
	}

	/**
	 * Time of the first event.
	 * @return the time, {@code null} when the buffer is empty
	 */
	Instant windowStart() {
		return instant(this.windowStart.get());
	}

	/**
	 * Sets where the digest's window starts, while no event is added.
	 * @param time the time
	 */
	void windowStart(Instant time) {
		this.windowStart.set((time != null) ? time.toEpochMilli() : NONE);
	}

	private static Instant instant(long time) {
		return (time != NONE) ? Instant.ofEpochMilli(time) : null;
	}

	Trigger pendingTrigger() {
		return this.pendingTrigger.get();
	}

	/**
	 * Sets the trigger that fired, unless one did already.
	 * @param trigger the trigger
	 * @return {@code true} if this call set it
	 */
	boolean fire(Trigger trigger) {
		return this.pendingTrigger.get() == null && this.pendingTrigger.compareAndSet(null, trigger);
	}

	void pendingTrigger(Trigger trigger) {
		this.pendingTrigger.set(trigger);
	}

	boolean bypass() {
		return this.bypass;
	}

	void bypass(boolean bypass) {
		this.bypass = bypass;
	}

	/**
	 * Applies the silences in force now, while no event is added: shown entries that are
	 * silenced are muted, their events counted as silenced; muted entries take the end of
	 * their silence, or are shown again from their next event on when it ended.
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
			else if (!silences.isEmpty()) {
				long until = silences.until(entry.id(), now);
				if (until > 0) {
					entry.mute(until);
					this.mergedSilenced += entry.count();
					this.slots.decrementAndGet();
					changed = true;
				}
			}
		}
		return changed;
	}

	/**
	 * Whether the buffer holds anything to show: an entry or events not shown.
	 * @return {@code false} when it is empty or holds silenced events only
	 */
	boolean hasContent() {
		// not events() > silenced(): an event is counted in events() only once added,
		// and a silenced one being added would hide a shown one; a shown event takes a
		// slot or counts as not shown before it is done, and a duplicate is of an entry
		// that holds one
		return entries() > 0 || notShown() > 0;
	}

	long silenced() {
		return silencedOnAdd() + this.mergedSilenced;
	}

	/**
	 * Events counted as silenced as they were added, not by a silence set later.
	 * @return the count
	 */
	long silencedOnAdd() {
		return this.writers.sum(SILENCED_SLOT);
	}

	/**
	 * Events added that were duplicates of an entry: the events that were neither a new
	 * entry, nor not shown, nor silenced. Exact once no event is being added.
	 * @return the count
	 */
	long duplicates() {
		// the events added first: what they count as is counted before they are done
		long added = this.writers.added();
		long newEntries = (this.slots.get() >>> 32) - this.lostRaces.sum() - this.mergedEntries;
		return Math.max(0, added - newEntries - notShownOnAdd() - silencedOnAdd());
	}

	/**
	 * Events added that found the buffer full.
	 * @return the count
	 */
	long notShownOnAdd() {
		long sum = 0;
		for (int i = 0; i < this.mergedNotShown.length; i++) {
			sum += this.writers.sum(NOT_SHOWN_SLOT + i);
		}
		return sum;
	}

	/**
	 * Time of the first event shown, epoch milliseconds.
	 * @return the time, {@link Long#MAX_VALUE} when no entry is shown
	 */
	long firstShown() {
		long first = Long.MAX_VALUE;
		for (BufferedEntry entry : this.entries.values()) {
			if (!entry.isMuted()) {
				first = Math.min(first, entry.firstSeen());
			}
		}
		return first;
	}

	/**
	 * Whether an entry shown, or an event not shown, is of a level.
	 * @param test the levels
	 * @return {@code true} if one is
	 */
	boolean anyShownLevel(Predicate<Level> test) {
		for (BufferedEntry entry : this.entries.values()) {
			if (!entry.isMuted() && test.test(entry.level())) {
				return true;
			}
		}
		long[] notShown = notShownCounts();
		for (int i = 0; i < notShown.length; i++) {
			if (notShown[i] > 0 && test.test(Levels.EVENT_LEVELS.get(i))) {
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
		// each entry has an index of arrival of its own, below the arrivals: placed by it
		// rather than sorted, unless races left the indices far more than the entries
		long arrivals = this.slots.get() >>> 32;
		if (arrivals > 2L * this.capacity + 64) {
			return sortedByArrival();
		}
		BufferedEntry[] placed = new BufferedEntry[(int) arrivals];
		int shown = 0;
		for (BufferedEntry entry : this.entries.values()) {
			if (!entry.isMuted()) {
				long index = entry.index();
				if (index < 0 || index >= arrivals || placed[(int) index] != null) {
					return sortedByArrival();
				}
				placed[(int) index] = entry;
				shown++;
			}
		}
		if (shown == placed.length) {
			// no index unused (by a lost race or a failed capture) nor muted
			return Arrays.asList(placed);
		}
		List<BufferedEntry> result = new ArrayList<>(shown);
		for (BufferedEntry entry : placed) {
			if (entry != null) {
				result.add(entry);
			}
		}
		return result;
	}

	private List<BufferedEntry> sortedByArrival() {
		List<BufferedEntry> shown = new ArrayList<>(Math.min(this.entries.size(), this.capacity));
		for (BufferedEntry entry : this.entries.values()) {
			if (!entry.isMuted()) {
				shown.add(entry);
			}
		}
		shown.sort(ARRIVAL);
		return shown;
	}

	/**
	 * Adds the entries of another buffer, the held buffer of an earlier run, while no
	 * event is added: the same fingerprints merge, the earlier first occurrence is kept,
	 * and what does not fit is counted as not shown.
	 * @param other the other buffer
	 */
	void addAll(DigestBuffer other) {
		if (!other.isEmpty() && other.windowStart.get() != NONE) {
			lower(this.windowStart, other.windowStart.get());
		}
		this.mergedEvents += other.events();
		this.mergedSilenced += other.silenced();
		long[] notShown = other.notShownCounts();
		for (int i = 0; i < notShown.length; i++) {
			this.mergedNotShown[i] += notShown[i];
		}
		for (BufferedEntry entry : other.shown()) {
			Fingerprint fingerprint = entry.fingerprint();
			BufferedEntry mine = this.entries.get(fingerprint);
			if (mine != null && mine.isMuted()) {
				this.mergedSilenced += entry.count();
			}
			else if (mine == null && entries() < this.capacity) {
				put(fingerprint, entry);
			}
			else if (mine == null) {
				this.mergedNotShown[Levels.index(entry.level())] += entry.count();
			}
			else if (entry.firstSeen() < mine.firstSeen()) {
				entry.absorb(mine);
				entry.index(mine.index());
				this.entries.put(fingerprint, entry);
			}
			else {
				mine.absorb(entry);
			}
		}
	}

	private void put(Fingerprint fingerprint, BufferedEntry entry) {
		this.mergedEntries++;
		entry.index(this.slots.getAndAdd(ONE_SLOT) >>> 32);
		this.entries.put(fingerprint, entry);
	}

	/**
	 * Adds an entry read back from an earlier run.
	 */
	void restore(Fingerprint fingerprint, BufferedEntry entry) {
		lower(this.windowStart, entry.firstSeen());
		this.mergedEvents += entry.count();
		put(fingerprint, entry);
	}

	void restoreSilenced(long count) {
		this.mergedEvents += count;
		this.mergedSilenced += count;
	}

	void restoreNotShown(Level level, long count) {
		this.mergedEvents += count;
		this.mergedNotShown[Levels.index(level)] += count;
	}

	/**
	 * Entries with their fingerprints, in the order they were first seen.
	 * @return the entries
	 */
	Map<Fingerprint, BufferedEntry> fingerprints() {
		Map<Fingerprint, BufferedEntry> ordered = new LinkedHashMap<>();
		for (BufferedEntry entry : shown()) {
			ordered.put(entry.fingerprint(), entry);
		}
		return ordered;
	}

	long[] notShownCounts() {
		long[] counts = this.mergedNotShown.clone();
		for (int i = 0; i < counts.length; i++) {
			counts[i] += this.writers.sum(NOT_SHOWN_SLOT + i);
		}
		return counts;
	}

	boolean isEmpty() {
		return events() == 0 && !hasContent() && silenced() == 0;
	}

	boolean isFull() {
		return entries() >= this.capacity;
	}

	long events() {
		return this.writers.added() + this.mergedEvents;
	}

	int entries() {
		return (int) this.slots.get();
	}

	long notShown() {
		long sum = 0;
		for (long count : notShownCounts()) {
			sum += count;
		}
		return sum;
	}

	/**
	 * The entries shown, in order of arrival, as a digest has them.
	 * @param ids the ids of earlier digests' entries, which are not computed again
	 * @return the entries
	 */
	List<DigestEntry> digestEntries(KnownIds ids) {
		List<BufferedEntry> shown = shown();
		List<DigestEntry> result = new ArrayList<>(shown.size());
		for (BufferedEntry entry : shown) {
			result.add(entry.toDigestEntry(ids));
		}
		return result;
	}

	Map<Level, Long> notShownByLevel() {
		return Levels.toMap(notShownCounts());
	}

}
