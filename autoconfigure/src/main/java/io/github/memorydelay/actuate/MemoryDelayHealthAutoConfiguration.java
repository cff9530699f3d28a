package io.github.memorydelay.actuate;

import io.github.memorydelay.autoconfigure.MemoryDelayAutoConfiguration;
import io.github.memorydelay.pipeline.MemoryDelay;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the {@code memorydelay} health
 * indicator on Spring Boot 4, whose health support lives in
 * {@code org.springframework.boot.health}. Spring Boot 3.5 gets
 * {@code io.github.memorydelay.actuate.boot3.MemoryDelayBoot3HealthAutoConfiguration}
 * instead.
 */
@AutoConfiguration(after = MemoryDelayAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
@ConditionalOnBean(MemoryDelay.class)
@ConditionalOnEnabledHealthIndicator("memorydelay")
public class MemoryDelayHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "memorydelayHealthIndicator")
	MemoryDelayHealthIndicator memorydelayHealthIndicator(MemoryDelay memoryDelay) {
		return new MemoryDelayHealthIndicator(memoryDelay);
	}

}
