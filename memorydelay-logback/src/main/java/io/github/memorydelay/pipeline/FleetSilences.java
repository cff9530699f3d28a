package io.github.memorydelay.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.core.spi.ContextAwareBase;
import io.github.memorydelay.fleet.FleetSettings;
import io.github.memorydelay.fleet.FleetStore;
import io.github.memorydelay.policy.Silence;
import io.github.memorydelay.policy.Silences;

/**
 * The silences of an instance in its fleet: while the instance is in the fleet, the store
 * is where silences are kept, and this makes the instance's {@link Silences} the fleet's,
 * once per heartbeat interval, on the fleet thread. A silence set or ended here lately is
 * not undone by a read of the store that began before it reached the store.
 */
final class FleetSilences extends ContextAwareBase {

	private final Silences silences;

	private final BoundedFleetStore store;

	private final FleetSettings fleet;

	private final Clock clock;

	/** Silences set or ended here lately, and when. */
	private final Map<String, Instant> changedHere = new ConcurrentHashMap<>();

	private Instant lastSync;

	FleetSilences(Silences silences, BoundedFleetStore store, FleetSettings fleet, Clock clock) {
		this.silences = silences;
		this.store = store;
		this.fleet = fleet;
		this.clock = clock;
	}

	/**
	 * Notes that a silence was set or ended on this instance, before it is shared.
	 * @param id the entry id
	 */
	void changedHere(String id) {
		this.changedHere.put(id, this.clock.instant());
	}

	/**
	 * Whether the silences are due to be read from the store.
	 * @param now the time
	 * @return {@code true} once per heartbeat interval
	 */
	boolean isDue(Instant now) {
		return this.lastSync == null || !now.isBefore(this.lastSync.plus(this.fleet.heartbeatInterval()));
	}

	/**
	 * Reads the fleet's silences and makes them this instance's.
	 * @param now the time
	 * @return whether a silence here was set or ended
	 * @throws io.github.memorydelay.fleet.FleetStoreException when the store cannot be
	 * reached
	 */
	boolean sync(Instant now) {
		Instant readAt = this.clock.instant();
		List<Silence> shared = this.store.silences();
		this.lastSync = now;
		this.changedHere.values().removeIf((at) -> at.isBefore(readAt.minus(this.fleet.heartbeat())));
		boolean changed = false;
		for (Silence silence : shared) {
			if (!isChangedSince(silence.id(), readAt) && apply(silence, now)) {
				changed = true;
			}
		}
		for (Silence active : this.silences.active()) {
			if (!isChangedSince(active.id(), readAt)
					&& shared.stream().noneMatch((silence) -> silence.id().equals(active.id()))) {
				this.silences.end(active.id());
				changed = true;
			}
		}
		return changed;
	}

	private boolean apply(Silence silence, Instant now) {
		Duration left = Duration.between(now, silence.until());
		if (left.isNegative() || left.isZero()) {
			return false;
		}
		Silence mine = null;
		for (Silence active : this.silences.active()) {
			if (active.id().equals(silence.id())) {
				mine = active;
			}
		}
		if (mine != null && Math.abs(Duration.between(mine.until(), silence.until()).toMillis()) <= 1000) {
			return false;
		}
		try {
			this.silences.silence(silence.id(),
					(left.compareTo(Silences.MAX_DURATION) > 0) ? Silences.MAX_DURATION : left, silence.comment());
			return true;
		}
		catch (IllegalArgumentException ex) {
			addWarn("A silence of the fleet cannot be applied here: " + ex.getMessage());
			return false;
		}
	}

	private boolean isChangedSince(String id, Instant readAt) {
		Instant at = this.changedHere.get(id);
		return at != null && !at.isBefore(readAt.minus(this.fleet.timeout()));
	}

}
