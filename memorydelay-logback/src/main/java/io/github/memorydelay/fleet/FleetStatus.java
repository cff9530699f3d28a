package io.github.memorydelay.fleet;

import java.time.Instant;

/**
 * What an instance knows of its fleet, in fleet mode.
 *
 * @param instance this instance's name
 * @param available whether the fleet store is reachable
 * @param leader whether this instance holds the lease and sends the fleet's digests
 * @param unavailableSince since when the store cannot be reached, {@code null} while it
 * can
 * @param reason why, {@code null} while it can
 * @param staged events waiting to be written to the store
 */
public record FleetStatus(String instance, boolean available, boolean leader, Instant unavailableSince, String reason,
		long staged) {
}
