package io.github.memorydelay.boot35;

import io.github.memorydelay.actuate.MemoryDelayEndpoint;
import io.github.memorydelay.actuate.MemoryDelayEndpointAutoConfiguration;
import io.github.memorydelay.actuate.MemoryDelayMetrics;
import io.github.memorydelay.actuate.MemoryDelayMetricsAutoConfiguration;
import io.github.memorydelay.actuate.boot3.MemoryDelayBoot3HealthAutoConfiguration;
import io.github.memorydelay.actuate.boot3.MemoryDelayBoot3HealthIndicator;
import io.github.memorydelay.autoconfigure.MemoryDelayAutoConfiguration;
import io.github.memorydelay.autoconfigure.TestMail;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What differs on Spring Boot 3.5: the mail auto-configuration's package and the health
 * API.
 */
class SpringBoot35Tests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class, MemoryDelayAutoConfiguration.class,
				MemoryDelayEndpointAutoConfiguration.class, MemoryDelayMetricsAutoConfiguration.class,
				MemoryDelayBoot3HealthAutoConfiguration.class,
				io.github.memorydelay.actuate.MemoryDelayHealthAutoConfiguration.class))
		.withPropertyValues("spring.mail.host=localhost", "spring.mail.port=" + TestMail.UNUSED_PORT,
				"memorydelay.to=ops@example.com", "memorydelay.from=app@example.com",
				"management.endpoints.web.exposure.include=memorydelay",
				"memorydelay.spool.directory=target/test-spool/" + java.util.UUID.randomUUID());

	@Test
	void runsOnSpringBoot35() {
		assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
	}

	@Test
	void providesPipelineEndpointAndMetrics() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(MemoryDelay.class)
			.hasSingleBean(MemoryDelayEndpoint.class)
			.hasSingleBean(MemoryDelayMetrics.class));
	}

	@Test
	void providesTheSpringBoot35HealthIndicatorOnly() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MemoryDelayBoot3HealthIndicator.class);
			assertThat(context.getBean("memorydelayHealthIndicator"))
				.isInstanceOf(MemoryDelayBoot3HealthIndicator.class);
			HealthIndicator indicator = context.getBean(MemoryDelayBoot3HealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			assertThat(indicator.health().getDetails()).containsEntry("digestsSent", 0L);
		});
	}

}
