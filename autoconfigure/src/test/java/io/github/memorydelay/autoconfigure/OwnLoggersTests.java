package io.github.memorydelay.autoconfigure;

import io.github.memorydelay.delivery.OwnLogging;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration ships in a jar of its own, beside the library: what its classes
 * log is memorydelay's own and never buffered, what an application's or a test's classes
 * in the same package log is buffered like any other.
 */
class OwnLoggersTests {

	@Test
	void loggersOfTheAutoConfigurationAreOwnOnceItIsLoaded() {
		new MemoryDelayLoggingListener();
		assertThat(OwnLogging.isIgnored(OnRecipientsCondition.class.getName())).isTrue();
		assertThat(OwnLogging.isIgnored(MemoryDelayAutoConfiguration.class.getName())).isTrue();
	}

	@Test
	void loggersOfClassesOutsideTheShippedJarsAreNotOwn() {
		new MemoryDelayLoggingListener();
		assertThat(OwnLogging.isIgnored(OwnLoggersTests.class.getName())).isFalse();
		assertThat(OwnLogging.isIgnored("io.github.memorydelay.autoconfigure.UserIntegrationTests")).isFalse();
	}

}
