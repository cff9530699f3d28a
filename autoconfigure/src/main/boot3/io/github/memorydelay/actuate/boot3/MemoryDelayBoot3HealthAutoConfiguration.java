package io.github.memorydelay.actuate.boot3;

import io.github.memorydelay.autoconfigure.MemoryDelayAutoConfiguration;
import io.github.memorydelay.pipeline.MemoryDelay;

import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the {@code memorydelay} health indicator on Spring Boot
 * 3.5, whose health support lives in {@code org.springframework.boot.actuate.health}. It backs off on
 * Spring Boot 4, where that package does not exist.
 */
@AutoConfiguration(after = MemoryDelayAutoConfiguration.class)
@ConditionalOnClass(name = { "org.springframework.boot.actuate.health.HealthIndicator",
		"org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator" })
@ConditionalOnBean(MemoryDelay.class)
@ConditionalOnEnabledHealthIndicator("memorydelay")
public class MemoryDelayBoot3HealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "memorydelayHealthIndicator")
	MemoryDelayBoot3HealthIndicator memorydelayHealthIndicator(MemoryDelay memoryDelay) {
		return new MemoryDelayBoot3HealthIndicator(memoryDelay);
	}

}
