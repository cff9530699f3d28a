package io.github.memorydelay.actuate;

import io.github.memorydelay.autoconfigure.MemoryDelayAutoConfiguration;
import io.github.memorydelay.autoconfigure.TestMail;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryDelayActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TestMail.mailAutoConfiguration(), MemoryDelayAutoConfiguration.class,
				MemoryDelayEndpointAutoConfiguration.class, MemoryDelayHealthAutoConfiguration.class,
				MemoryDelayMetricsAutoConfiguration.class,
				io.github.memorydelay.actuate.boot3.MemoryDelayBoot3HealthAutoConfiguration.class))
		.withPropertyValues("spring.mail.host=localhost", "spring.mail.port=" + TestMail.UNUSED_PORT,
				"memorydelay.to=ops@example.com", "memorydelay.from=app@example.com",
				"memorydelay.spool.directory=target/test-spool/" + java.util.UUID.randomUUID());

	@Test
	void providesEndpointWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memorydelay")
			.run((context) -> assertThat(context).hasSingleBean(MemoryDelayEndpoint.class));
	}

	@Test
	void backsOffWhenEndpointIsNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MemoryDelayEndpoint.class));
	}

	@Test
	void backsOffWhenEndpointIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memorydelay",
					"management.endpoint.memorydelay.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryDelayEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memorydelay")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryDelayEndpoint.class));
	}

	@Test
	void backsOffWhenStarterIsDisabled() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memorydelay", "memorydelay.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryDelayEndpoint.class)
				.doesNotHaveBean(MemoryDelayHealthIndicator.class)
				.doesNotHaveBean(MemoryDelayMetrics.class));
	}

	@Test
	void providesHealthIndicatorForSpringBoot4Only() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MemoryDelayHealthIndicator.class);
			// the Spring Boot 3.5 variant must not even be loaded: its API is missing on
			// Spring Boot 4
			assertThat(context.getBean("memorydelayHealthIndicator")).isInstanceOf(MemoryDelayHealthIndicator.class);
		});
	}

	@Test
	void backsOffHealthIndicatorWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.memorydelay.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryDelayHealthIndicator.class));
	}

	@Test
	void providesMeterBinder() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(MemoryDelayMetrics.class));
	}

	@Test
	void backsOffMeterBinderWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryDelayMetrics.class));
	}

}
