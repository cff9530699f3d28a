package io.github.memorydelay.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.DigestFleet;
import io.github.memorydelay.digest.Levels;
import io.github.memorydelay.digest.Trigger;

/**
 * How a digest is made of the rows of a buffer, the instance's or the fleet's: entries up
 * to the capacity in the order they are given (first seen first), the others counted as
 * not shown by level, silenced events counted; and which of the entries shown are
 * recurring, by one history. The one place a digest is assembled: {@link DigestEngine}
 * feeds it the entries of the buffer it cut, {@link FleetMember} the rows of the fleet's
 * buffer.
 * <p>
 * One history marks a digest: the digests of the instance's engine are marked by its
 * {@link DigestHistory} when they are composed (so that a digest cut while an earlier one
 * was being sent sees that one's entries), the fleet's by the fleet's history when they
 * are assembled.
 */
final class DigestAssembly {

	private final int capacity;

	private final List<DigestEntry> shown = new ArrayList<>();

	private final long[] notShown = new long[Levels.EVENT_LEVELS.size()];

	private long silenced;

	private Instant firstSeen;

	/**
	 * Starts an empty digest.
	 * @param capacity entries shown at most
	 */
	DigestAssembly(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Adds an entry: shown while there is room, else its events are counted as not shown.
	 * @param entry the entry, given in the order entries were first seen
	 * @return whether it is shown
	 */
	boolean add(DigestEntry entry) {
		if (this.firstSeen == null || entry.firstSeen().isBefore(this.firstSeen)) {
			this.firstSeen = entry.firstSeen();
		}
		if (this.shown.size() < this.capacity) {
			this.shown.add(entry);
			return true;
		}
		this.notShown[Levels.index(entry.level())] += entry.count();
		return false;
	}

	/**
	 * Counts events that found a buffer full.
	 * @param level their level
	 * @param events how many
	 */
	void notShown(Level level, long events) {
		this.notShown[Levels.index(level)] += events;
	}

	/**
	 * Counts events that found a buffer full.
	 * @param eventsByLevelIndex how many, by {@link Levels#index(Level)}
	 */
	void notShown(long[] eventsByLevelIndex) {
		for (int i = 0; i < eventsByLevelIndex.length; i++) {
			this.notShown[i] += eventsByLevelIndex[i];
		}
	}

	/**
	 * Counts events of silenced entries.
	 * @param events how many
	 */
	void silenced(long events) {
		this.silenced += events;
	}

	/**
	 * The first time an entry added was seen, shown or not.
	 * @return the time, {@code null} when none was added
	 */
	Instant firstSeen() {
		return this.firstSeen;
	}

	/**
	 * Marks the entries shown that a history reported as recurring.
	 * @param firstReported when the history first reported an entry id, {@code null} when
	 * it did not (within its time)
	 */
	void markRecurring(Function<String, Instant> firstReported) {
		List<DigestEntry> marked = recurring(this.shown, firstReported);
		if (marked != this.shown) {
			this.shown.clear();
			this.shown.addAll(marked);
		}
	}

	/**
	 * The digest assembled.
	 * @param sequence its number
	 * @param settings the settings, for the application and host
	 * @param trigger why it is sent
	 * @param windowStart the time of the first event it holds
	 * @param windowEnd the time of the cut
	 * @param heldSince since when it was held back, {@code null} when it was not
	 * @param heldReason why, {@code null} when it was not
	 * @param fleet what it says of the fleet, {@code null} outside fleet mode
	 * @return the digest
	 */
	Digest digest(long sequence, DigestSettings settings, Trigger trigger, Instant windowStart, Instant windowEnd,
			Instant heldSince, String heldReason, DigestFleet fleet) {
		return new Digest(sequence, settings.application(), settings.host(), trigger, windowStart, windowEnd,
				this.shown, Levels.toMap(this.notShown), heldSince, heldReason, this.silenced, fleet);
	}

	/**
	 * The entries, those a history reported marked as recurring since it first did; an
	 * entry already marked keeps its mark.
	 * @param entries the entries
	 * @param firstReported when the history first reported an entry id, {@code null} when
	 * it did not (within its time)
	 * @return the entries marked, the same list when none is
	 */
	static List<DigestEntry> recurring(List<DigestEntry> entries, Function<String, Instant> firstReported) {
		List<DigestEntry> marked = null;
		for (int i = 0; i < entries.size(); i++) {
			DigestEntry entry = entries.get(i);
			Instant first = entry.isNew() ? firstReported.apply(entry.id()) : null;
			if (first != null) {
				if (marked == null) {
					marked = new ArrayList<>(entries);
				}
				marked.set(i, entry.recurringSince(first));
			}
		}
		return (marked != null) ? marked : entries;
	}

}
