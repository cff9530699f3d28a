package io.github.memorydelay.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.memorydelay.fleet.FleetStatus;
import io.github.memorydelay.pipeline.DeliveryStatistics;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.pipeline.MemoryDelayStatus;

/**
 * Health of the digest delivery, the same for every Spring Boot line: down while the last
 * attempt to send failed or digests wait in the spool, up otherwise.
 */
public final class MemoryDelayHealth {

	private final MemoryDelay memoryDelay;

	public MemoryDelayHealth(MemoryDelay memoryDelay) {
		this.memoryDelay = memoryDelay;
	}

	/**
	 * Whether digests are being delivered.
	 * @return {@code false} while the last attempt failed or digests wait to be sent
	 * again
	 */
	public boolean isUp() {
		MemoryDelayStatus status = this.memoryDelay.status();
		return status.waiting() == 0 && !lastAttemptFailed(status.delivery());
	}

	private static boolean lastAttemptFailed(DeliveryStatistics delivery) {
		return delivery.lastFailureAt() != null
				&& (delivery.lastSentAt() == null || delivery.lastFailureAt().isAfter(delivery.lastSentAt()));
	}

	/**
	 * Details shown with the status.
	 * @return the details
	 */
	public Map<String, Object> details() {
		MemoryDelayStatus status = this.memoryDelay.status();
		DeliveryStatistics delivery = status.delivery();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("bufferedEvents", status.buffer().events());
		details.put("digestsSent", delivery.digestsSent());
		details.put("sendFailures", delivery.sendFailures());
		details.put("spooled", status.spooled());
		details.put("activeSilences", this.memoryDelay.silences().size());
		if (status.keptInMemory() > 0) {
			details.put("keptInMemory", status.keptInMemory());
		}
		if (status.rejected() > 0) {
			details.put("rejected", status.rejected());
		}
		if (status.buffer().holdingSince() != null) {
			details.put("holdingSince", status.buffer().holdingSince().toString());
		}
		if (delivery.lastSentAt() != null) {
			details.put("lastSentAt", delivery.lastSentAt().toString());
		}
		if (delivery.lastFailureAt() != null) {
			details.put("lastFailureAt", delivery.lastFailureAt().toString());
		}
		if (delivery.currentFailure() != null) {
			details.put("lastFailure", delivery.currentFailure());
		}
		if (status.nextRetryAt() != null) {
			details.put("nextRetryAt", status.nextRetryAt().toString());
		}
		FleetStatus fleet = this.memoryDelay.fleetStatus();
		if (fleet != null) {
			// fail-open: an unreachable store does not make delivery DOWN, the instance
			// sends alone
			Map<String, Object> about = new LinkedHashMap<>();
			about.put("instance", fleet.instance());
			about.put("store", fleet.available() ? "available" : "unavailable");
			about.put("leader", fleet.leader());
			if (fleet.unavailableSince() != null) {
				about.put("unavailableSince", fleet.unavailableSince().toString());
				about.put("reason", fleet.reason());
			}
			details.put("fleet", about);
		}
		return details;
	}

}
