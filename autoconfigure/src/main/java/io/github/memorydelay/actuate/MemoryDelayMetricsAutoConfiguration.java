package io.github.memorydelay.actuate;

import io.github.memorydelay.autoconfigure.MemoryDelayAutoConfiguration;
import io.github.memorydelay.pipeline.MemoryDelay;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} of the {@code memorydelay.*} meters.
 * Spring Boot binds every {@code MeterBinder} bean to its registries, on both Spring Boot
 * lines.
 */
@AutoConfiguration(after = MemoryDelayAutoConfiguration.class)
@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
@ConditionalOnBean(MemoryDelay.class)
public class MemoryDelayMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MemoryDelayMetrics memoryDelayMetrics(MemoryDelay memoryDelay) {
		return new MemoryDelayMetrics(memoryDelay);
	}

}
