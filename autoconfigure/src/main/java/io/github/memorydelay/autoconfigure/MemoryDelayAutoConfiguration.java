package io.github.memorydelay.autoconfigure;

import java.util.stream.Collectors;
import javax.sql.DataSource;

import io.github.memorydelay.autoconfigure.MailDigestSender.MailRecipients;
import io.github.memorydelay.autoconfigure.MemoryDelayPropertiesMapper.MemoryDelayFleet;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.render.DigestLinks;
import io.github.memorydelay.render.SubjectTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * {@link AutoConfiguration Auto-configuration} of digest emails: buffers the
 * application's log events and sends them as digests through its {@link JavaMailSender}.
 * Active when Logback is the logging system, {@code memorydelay.enabled} is not
 * {@code false} and {@code memorydelay.to} is set.
 * <p>
 * Ordered after Spring Boot's mail auto-configuration, named for both its Spring Boot 4
 * and its Spring Boot 3.5 package.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration",
		"org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration" })
@ConditionalOnClass(name = { "ch.qos.logback.classic.LoggerContext", "org.springframework.mail.javamail.JavaMailSender",
		"jakarta.mail.internet.MimeMessage" })
@ConditionalOnBooleanProperty(name = "memorydelay.enabled", matchIfMissing = true)
@Conditional({ OnLogbackLoggingCondition.class, OnRecipientsCondition.class })
@EnableConfigurationProperties(MemoryDelayProperties.class)
public class MemoryDelayAutoConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MemoryDelayAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	MemoryDelay memoryDelay(MemoryDelayProperties properties, Environment environment,
			ObjectProvider<EarlyMemoryDelay> early) {
		EarlyMemoryDelay startUp = early.getIfAvailable();
		return (startUp != null) ? startUp.memoryDelay() : MemoryDelayPropertiesMapper.create(properties, environment);
	}

	@Bean
	@ConditionalOnMissingBean(DigestSender.class)
	MailDigestSender memoryDelayDigestSender(MemoryDelayProperties properties, Environment environment,
			ObjectProvider<JavaMailSender> mailSender, ObjectProvider<GitProperties> git) {
		MailRecipients recipients = new MailRecipients(MemoryDelayPropertiesMapper.from(properties, environment),
				MemoryDelayPropertiesMapper.addresses("to", properties.getTo()),
				MemoryDelayPropertiesMapper.addresses("cc", properties.getCc()),
				MemoryDelayPropertiesMapper.addresses("bcc", properties.getBcc()));
		JavaMailSender sender = mailSender.getIfAvailable();
		if (sender == null) {
			throw new InvalidMemoryDelayPropertyException("spring.mail.host",
					environment.getProperty("spring.mail.host"),
					"'memorydelay.to' is set but there is no JavaMailSender to send the digests with",
					"Set 'spring.mail.host' (and 'spring.mail.port' if needed) so that Spring Boot configures a "
							+ "JavaMailSender, define a JavaMailSender bean, or remove 'memorydelay.to' to turn digests off.");
		}
		warnOfStarttlsThatCanBeStripped(sender);
		GitProperties gitProperties = git.getIfAvailable();
		DigestLinks links = MemoryDelayPropertiesMapper.links(properties,
				(gitProperties != null) ? gitProperties.getCommitId() : null);
		if (links.lacksCommit()) {
			logger.warn("'memorydelay.links.source' uses {commit}, but there is no git.properties with the commit "
					+ "(Spring Boot's GitProperties): entries get no source link. Add the git-commit-id Maven plugin "
					+ "(io.github.git-commit-id:git-commit-id-maven-plugin) or name the branch in the template.");
		}
		return new MailDigestSender(sender, recipients, new SubjectTemplate(properties.getSubject()), links);
	}

	/**
	 * STARTTLS that is enabled and not required is skipped when the server does not offer
	 * it, or when something on the way strips the offer, and the login goes in the clear.
	 */
	static void warnOfStarttlsThatCanBeStripped(JavaMailSender sender) {
		if (!(sender instanceof JavaMailSenderImpl impl) || impl.getUsername() == null) {
			return;
		}
		String protocol = (impl.getProtocol() != null) ? impl.getProtocol() : "smtp";
		java.util.Properties properties = impl.getJavaMailProperties();
		if ("true".equalsIgnoreCase(properties.getProperty("mail." + protocol + ".starttls.enable"))
				&& !"true".equalsIgnoreCase(properties.getProperty("mail." + protocol + ".starttls.required"))) {
			logger.warn("'spring.mail.properties.mail.{}.starttls.enable' is true but "
					+ "'spring.mail.properties.mail.{}.starttls.required' is not: when the SMTP server does not offer "
					+ "STARTTLS, or something on the way strips the offer, Jakarta Mail logs in without TLS and the "
					+ "password of 'spring.mail.username' can be read on the way. Set "
					+ "'spring.mail.properties.mail.{}.starttls.required=true'.", protocol, protocol, protocol);
		}
	}

	@Bean
	@ConditionalOnMissingBean
	MemoryDelayLifecycle memoryDelayLifecycle(MemoryDelay memoryDelay, DigestSender digestSender,
			MemoryDelayProperties properties, Environment environment,
			ObjectProvider<MemoryDelayAppenderCustomizer> customizers, ObjectProvider<DataSource> dataSource) {
		MemoryDelayFleet fleet = MemoryDelayPropertiesMapper.fleet(properties, environment,
				properties.getFleet().isEnabled() ? dataSource.getIfUnique() : null);
		MemoryDelayLifecycle lifecycle = new MemoryDelayLifecycle(memoryDelay, digestSender,
				MemoryDelayPropertiesMapper.spool(properties, environment),
				MemoryDelayPropertiesMapper.retryPolicy(properties), properties.getShutdownTimeout(),
				customizers.orderedStream().collect(Collectors.toList()), fleet);
		lifecycle.setVerify(properties.isVerify());
		return lifecycle;
	}

}
