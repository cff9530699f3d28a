package io.github.memorydelay.digest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a digest says about the fleet, in fleet mode.
 *
 * @param instances instances whose events the digest holds, sorted
 * @param byEntry events per instance, by entry id
 * @param unavailableSince since when the fleet store could not be reached, when the
 * digest holds only this instance's events for that reason; {@code null} otherwise
 * @param unavailableReason why, {@code null} when the store was reachable
 */
public record DigestFleet(List<String> instances, Map<String, Map<String, Long>> byEntry, Instant unavailableSince,
		String unavailableReason) {

	public DigestFleet {
		instances = List.copyOf(instances);
		byEntry = Map.copyOf(byEntry);
	}

	/**
	 * A digest of one instance that goes on alone while the fleet store is unavailable.
	 * @param instance the instance
	 * @param since since when
	 * @param reason why
	 * @return the fleet part of the digest
	 */
	public static DigestFleet alone(String instance, Instant since, String reason) {
		return new DigestFleet(List.of(instance), Map.of(), since, (reason != null) ? reason : "unknown");
	}

	/**
	 * Whether the digest was sent by an instance alone, the fleet store being
	 * unavailable.
	 * @return {@code true} when alone
	 */
	public boolean isAlone() {
		return this.unavailableSince != null;
	}

}
