package io.github.memorydelay.actuate;

import io.github.memorydelay.pipeline.MemoryDelay;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@link HealthIndicator} of the digest delivery for Spring Boot 4: {@code DOWN} while
 * digests fail or wait in the spool.
 */
public class MemoryDelayHealthIndicator implements HealthIndicator {

	private final MemoryDelayHealth health;

	public MemoryDelayHealthIndicator(MemoryDelay memoryDelay) {
		this.health = new MemoryDelayHealth(memoryDelay);
	}

	@Override
	public Health health() {
		Health.Builder builder = this.health.isUp() ? Health.up() : Health.down();
		return builder.withDetails(this.health.details()).build();
	}

}
