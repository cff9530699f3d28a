package io.github.memorydelay.actuate.boot3;

import io.github.memorydelay.actuate.MemoryDelayHealth;
import io.github.memorydelay.pipeline.MemoryDelay;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@link HealthIndicator} of the digest delivery for Spring Boot 3.5: {@code DOWN} while digests fail or
 * wait in the spool.
 */
public class MemoryDelayBoot3HealthIndicator implements HealthIndicator {

	private final MemoryDelayHealth health;

	public MemoryDelayBoot3HealthIndicator(MemoryDelay memoryDelay) {
		this.health = new MemoryDelayHealth(memoryDelay);
	}

	@Override
	public Health health() {
		Health.Builder builder = this.health.isUp() ? Health.up() : Health.down();
		return builder.withDetails(this.health.details()).build();
	}

}
