package io.github.memorydelay.autoconfigure;

import java.time.Duration;
import java.util.Properties;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.logback.AttachedAppender;
import io.github.memorydelay.logback.LogbackAttachment;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.render.SubjectTemplate;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryDelayAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TestMail.mailAutoConfiguration(), MemoryDelayAutoConfiguration.class))
		.withPropertyValues("spring.mail.host=localhost", "spring.mail.port=" + TestMail.UNUSED_PORT,
				"memorydelay.spool.directory=target/test-spool/" + java.util.UUID.randomUUID());

	@Test
	void backsOffWhenToIsMissing() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MemoryDelay.class)
			.doesNotHaveBean(MemoryDelayLifecycle.class));
	}

	@Test
	void backsOffWhenToIsBlank() {
		this.contextRunner.withPropertyValues("memorydelay.to=")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryDelay.class));
	}

	@Test
	void backsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryDelay.class));
	}

	@Test
	void backsOffWithoutLogback() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com")
			.withClassLoader(new FilteredClassLoader(LoggerContext.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryDelay.class));
	}

	@Test
	void backsOffWithoutSpringMailSupport() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com")
			.withClassLoader(new FilteredClassLoader(JavaMailSender.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryDelay.class));
	}

	@Test
	void backsOffWithoutJakartaMail() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com")
			.withClassLoader(new FilteredClassLoader(MimeMessage.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MemoryDelay.class));
	}

	@Test
	void createsPipelineWhenToIsSet() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com")
			.run((context) -> {
				assertThat(context).hasSingleBean(MemoryDelay.class)
					.hasSingleBean(MailDigestSender.class)
					.hasSingleBean(MemoryDelayLifecycle.class);
				MemoryDelay memoryDelay = context.getBean(MemoryDelay.class);
				assertThat(memoryDelay.isStarted()).isTrue();
				assertThat(LogbackAttachment.of(memoryDelay).isAttached(loggerContext())).isTrue();
			});
	}

	@Test
	void acceptsIndexedRecipients() {
		this.contextRunner
			.withPropertyValues("memorydelay.to[0]=ops@example.com", "memorydelay.to[1]=dev@example.com",
					"memorydelay.from=app@example.com")
			.run((context) -> assertThat(context).hasSingleBean(MemoryDelay.class));
	}

	@Test
	void detachesAndShutsDownWhenContextCloses() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com")
			.run((context) -> {
				MemoryDelay memoryDelay = context.getBean(MemoryDelay.class);
				context.close();
				assertThat(memoryDelay.isShutDown()).isTrue();
				assertThat(LogbackAttachment.of(memoryDelay).isAttached(loggerContext())).isFalse();
				LogbackAttachment.of(memoryDelay).detach();
			});
	}

	@Test
	void bindsPropertiesToSettings() {
		this.contextRunner
			.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com",
					"memorydelay.level=INFO", "memorydelay.flush-level=OFF", "memorydelay.capacity=7",
					"memorydelay.delay=5s", "memorydelay.min-interval=0", "spring.application.name=orders")
			.run((context) -> {
				MemoryDelay memoryDelay = context.getBean(MemoryDelay.class);
				assertThat(memoryDelay.settings().level()).isEqualTo(Level.INFO);
				assertThat(memoryDelay.settings().flushLevel()).isEqualTo(Level.OFF);
				assertThat(memoryDelay.settings().capacity()).isEqualTo(7);
				assertThat(memoryDelay.settings().delay()).isEqualTo(Duration.ofSeconds(5));
				assertThat(memoryDelay.settings().minInterval()).isZero();
				assertThat(memoryDelay.settings().application()).isEqualTo("orders");
			});
	}

	@Test
	void hasContractDefaults() {
		MemoryDelayProperties properties = new MemoryDelayProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getTo()).isEmpty();
		assertThat(properties.getSubject()).isEqualTo("[{app}] {counts}: {first}").isEqualTo(SubjectTemplate.DEFAULT);
		assertThat(properties.getHistory()).isEqualTo(Duration.ofDays(7))
			.isEqualTo(DigestSettings.builder().build().history());
		assertThat(properties.getLevel().name()).isEqualTo("WARN");
		assertThat(properties.getFlushLevel().name()).isEqualTo("ERROR");
		assertThat(properties.getCapacity()).isEqualTo(128);
		assertThat(properties.getDelay()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.getMinInterval()).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getRetry().getInitialInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getRetry().getMaxInterval()).isEqualTo(Duration.ofHours(1));
		assertThat(properties.getSpool().getDirectory()).isNull();
	}

	@Test
	void usesSpringMailUsernameAsSenderWhenItIsAnAddress() {
		this.contextRunner
			.withPropertyValues("memorydelay.to=ops@example.com", "spring.mail.username=robot@example.com")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MailDigestSender.class));
	}

	@Test
	void fallsBackToSpringMailUsernameWhenFromIsEmpty() {
		this.contextRunner
			.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=",
					"spring.mail.username=robot@example.com")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(MailDigestSender.class));
	}

	@Test
	void backsOffToUserDigestSender() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com")
			.withUserConfiguration(UserSenderConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(DigestSender.class)
				.doesNotHaveBean(MailDigestSender.class)
				.hasBean("userSender"));
	}

	@Test
	void backsOffToUserMemoryDelay() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com")
			.withUserConfiguration(UserMemoryDelayConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(MemoryDelay.class).hasBean("userMemoryDelay"));
	}

	@Test
	void backsOffToUserLifecycle() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com")
			.withUserConfiguration(UserLifecycleConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(MemoryDelayLifecycle.class).hasBean("userLifecycle"));
	}

	@Test
	void appliesAppenderCustomizers() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com")
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				MemoryDelay memoryDelay = context.getBean(MemoryDelay.class);
				Logger root = loggerContext().getLogger(Logger.ROOT_LOGGER_NAME);
				AttachedAppender appender = (AttachedAppender) root
					.getAppender(LogbackAttachment.of(memoryDelay).appenderName());
				assertThat(appender.getCopyOfAttachedFiltersList()).hasSize(1);
				LoggerFactory.getLogger("customized").warn("dropped by the filter");
				LoggerFactory.getLogger("kept").warn("kept");
				assertThat(memoryDelay.status().buffer().entries()).isEqualTo(1);
			});
	}

	@Test
	void givesTheMailSenderFiniteTimeoutsWhenNoneAreSet() {
		this.contextRunner.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com")
			.run((context) -> {
				JavaMailSenderImpl used = (JavaMailSenderImpl) context.getBean(MailDigestSender.class).getMailSender();
				Properties properties = used.getJavaMailProperties();
				assertThat(properties).containsEntry("mail.smtp.connectiontimeout", "10000")
					.containsEntry("mail.smtp.timeout", "10000")
					.containsEntry("mail.smtp.writetimeout", "10000");
				JavaMailSenderImpl application = context.getBean(JavaMailSenderImpl.class);
				assertThat(application.getJavaMailProperties()).doesNotContainKey("mail.smtp.timeout");
				assertThat(used.getHost()).isEqualTo("localhost");
				assertThat(used.getPort()).isEqualTo(TestMail.UNUSED_PORT);
			});
	}

	@Test
	void keepsTheApplicationsOwnTimeouts() {
		this.contextRunner
			.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com",
					"spring.mail.properties.mail.smtp.timeout=1234")
			.run((context) -> {
				JavaMailSenderImpl used = (JavaMailSenderImpl) context.getBean(MailDigestSender.class).getMailSender();
				assertThat(used.getJavaMailProperties()).containsEntry("mail.smtp.timeout", "1234")
					.containsEntry("mail.smtp.connectiontimeout", "10000");
			});
	}

	@Test
	void failsWithoutJavaMailSender() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MemoryDelayAutoConfiguration.class))
			.withPropertyValues("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidMemoryDelayPropertyException.class)
					.hasMessageContaining("spring.mail.host");
			});
	}

	private static LoggerContext loggerContext() {
		return (LoggerContext) LoggerFactory.getILoggerFactory();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserSenderConfiguration {

		@Bean
		DigestSender userSender() {
			return new DigestSender() {

				@Override
				public byte[] compose(Digest digest) {
					return new byte[0];
				}

				@Override
				public void send(byte[] message) {
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMemoryDelayConfiguration {

		@Bean
		MemoryDelay userMemoryDelay() {
			return new MemoryDelay(io.github.memorydelay.pipeline.DigestSettings.builder().build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserLifecycleConfiguration {

		@Bean
		MemoryDelayLifecycle userLifecycle(MemoryDelay memoryDelay, DigestSender sender) {
			return new MemoryDelayLifecycle(memoryDelay, sender, null,
					io.github.memorydelay.delivery.RetryPolicy.defaults(), Duration.ofSeconds(1), java.util.List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		MemoryDelayAppenderCustomizer dropCustomized() {
			return (appender) -> appender.addFilter(new Filter<ILoggingEvent>() {

				@Override
				public FilterReply decide(ILoggingEvent event) {
					return event.getLoggerName().equals("customized") ? FilterReply.DENY : FilterReply.NEUTRAL;
				}

			});
		}

	}

}
