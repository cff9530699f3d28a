package io.github.memorydelay.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.policy.Silence;

/**
 * Where the instances of one application keep the fleet's shared buffer, who sends now
 * and who is alive (fleet mode). Implementations are bounded in time (every call returns
 * or fails within their timeout) and are only called from memorydelay's own threads,
 * never from a logging thread. A call that fails throws {@link FleetStoreException}, and
 * the instance goes on alone.
 * <p>
 * The model is at-least-once: entries are added by idempotent merges per fingerprint, the
 * digest is cut by the holder of a lease kept with the store's clock, and what a digest
 * held is removed only after it was delivered, in the transaction that records the
 * digest.
 */
public interface FleetStore {

	/**
	 * Creates the tables when asked to, and this application's rows. Safe when several
	 * instances start at once.
	 */
	void initialize();

	/**
	 * Adds what an instance buffered to the fleet's buffer and renews its heartbeat, in
	 * one transaction: counts add up, first and last seen span both, the first occurrence
	 * is the earliest.
	 * @param instance the instance
	 * @param entries the entries, empty for a heartbeat only
	 * @param notShown events that found the instance's buffer full, per level
	 * @param silenced events of silenced entries
	 * @param heartbeat how long the instance counts as alive from now, by the store's
	 * clock
	 */
	void push(String instance, List<DigestEntry> entries, Map<Level, Long> notShown, long silenced, Duration heartbeat);

	/**
	 * Takes or renews the lease that lets one instance cut and send the fleet's digests.
	 * @param instance the instance
	 * @param lease how long it holds from now, by the store's clock
	 * @return {@code true} when the instance holds the lease now
	 */
	boolean acquireLease(String instance, Duration lease);

	/**
	 * Gives the lease up, if the instance holds it.
	 * @param instance the instance
	 */
	void releaseLease(String instance);

	/**
	 * What the fleet's buffer holds, in short, for the triggers.
	 * @return the state
	 */
	FleetState state();

	/**
	 * Everything the fleet's buffer holds, to make a digest of.
	 * @return the content
	 */
	FleetContent read();

	/**
	 * Removes what a delivered digest held and records the digest, in one transaction,
	 * provided the instance still holds the lease (which is renewed). Events added since
	 * the digest was read stay.
	 * @param instance the instance that sent the digest
	 * @param delivered what the digest held, as {@link #read} gave it
	 * @param digestAt when the digest was cut
	 * @param lease how long the lease holds from now
	 * @param reported ids of the entries the digest showed, remembered for the
	 * new/recurring mark
	 * @param historySince reports before this time are forgotten
	 * @return {@code false} when the lease was lost meanwhile: nothing is removed, and
	 * the instance that holds it now sends the events again (at least once)
	 */
	boolean remove(String instance, FleetContent delivered, Instant digestAt, Duration lease,
			Collection<String> reported, Instant historySince);

	/**
	 * When the fleet's digests first reported fingerprints, for the new/recurring mark.
	 * @param since reports whose last digest is older are forgotten
	 * @return the time of the first report by entry id
	 */
	Map<String, Instant> reported(Instant since);

	/**
	 * Asks for a manual digest of the fleet's buffer: the instance that holds the lease
	 * sends it at once.
	 */
	void requestManual();

	/**
	 * Removes an instance's heartbeat, and those that expired.
	 * @param instance the instance that stops
	 * @return how many other instances are alive
	 */
	int leave(String instance);

	/**
	 * Silences a fingerprint for the whole fleet, replacing the silence it had.
	 * @param silence the silence
	 */
	void silence(Silence silence);

	/**
	 * Ends the fleet's silence of a fingerprint.
	 * @param id the entry id
	 */
	void endSilence(String id);

	/**
	 * The fleet's silences that have not ended, by the store's clock.
	 * @return the silences
	 */
	List<Silence> silences();

	/**
	 * A short description, for the start-up line.
	 * @return for instance the database and table prefix
	 */
	String describe();

	/**
	 * What the fleet's buffer holds, in short.
	 *
	 * @param entries distinct entries
	 * @param events events of the entries
	 * @param windowStart first seen of the oldest entry, {@code null} when there is none
	 * @param mostSevere most severe level of the entries, {@code null} when there is none
	 * @param notShown events counted only, all levels
	 * @param lastDigestAt when the last fleet digest was cut, {@code null} for never
	 * @param manualRequested non-zero while a manual digest is asked for
	 */
	record FleetState(int entries, long events, Instant windowStart, Level mostSevere, long notShown,
			Instant lastDigestAt, long manualRequested) {

	}

	/**
	 * Everything the fleet's buffer holds.
	 *
	 * @param entries the entries, in the order they were first seen
	 * @param notShown events counted only, per level
	 * @param silenced events of silenced entries
	 * @param lastDigestAt when the last fleet digest was cut, {@code null} for never
	 * @param manualRequested non-zero while a manual digest is asked for
	 * @param digests fleet digests recorded so far
	 */
	record FleetContent(List<FleetEntry> entries, Map<Level, Long> notShown, long silenced, Instant lastDigestAt,
			long manualRequested, long digests) {

		public FleetContent {
			entries = List.copyOf(entries);
			notShown = Map.copyOf(notShown);
		}

		public boolean isEmpty() {
			return this.entries.isEmpty() && this.notShown.values().stream().allMatch((count) -> count == 0)
					&& this.silenced == 0;
		}

	}

	/**
	 * One entry of the fleet's buffer.
	 *
	 * @param entry the entry, its count the fleet's
	 * @param instances events per instance
	 */
	record FleetEntry(DigestEntry entry, Map<String, Long> instances) {

		public FleetEntry {
			instances = Map.copyOf(instances);
		}

	}

}
