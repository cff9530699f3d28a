package io.github.memorydelay.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import io.github.memorydelay.delivery.OwnLogging;
import io.github.memorydelay.logback.LogbackAttachment;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Hooks memorydelay into Spring Boot's logging, right after
 * {@link LoggingApplicationListener} has (re)initialised Logback, which removes every
 * appender added in code:
 * <ul>
 * <li>puts back the appenders of the pipelines of applications already running in this
 * JVM;</li>
 * <li>creates this application's pipeline and attaches it at once, so that events logged
 * during start-up are sent with the first digest; the auto-configuration adopts it as its
 * {@code memoryDelay} bean, unless the application defines its own.</li>
 * </ul>
 * A pipeline the context does not start (the auto-configuration backed off, or start-up
 * failed) is dropped again.
 */
public class MemoryDelayLoggingListener implements GenericApplicationListener {

	/** Just after Spring Boot's logging listener. */
	public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

	static final String BEAN_NAME = "memoryDelayEarlyPipeline";

	private static final boolean PRESENT = isPresent("ch.qos.logback.classic.LoggerContext")
			&& isPresent("org.springframework.mail.javamail.JavaMailSender")
			&& isPresent("jakarta.mail.internet.MimeMessage")
			&& isPresent("io.github.memorydelay.logback.MemoryDelayAppender");

	static {
		if (PRESENT) {
			// this module is a jar of its own: what it logs (conditions, start-up) is
			// never buffered, like the library's own logging
			OwnLogging.shipWith(MemoryDelayLoggingListener.class);
		}
	}

	private MemoryDelay early;

	private static boolean isPresent(String className) {
		return ClassUtils.isPresent(className, MemoryDelayLoggingListener.class.getClassLoader());
	}

	@Override
	public boolean supportsEventType(ResolvableType eventType) {
		Class<?> type = eventType.getRawClass();
		return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
				|| ApplicationPreparedEvent.class.isAssignableFrom(type)
				|| ApplicationStartedEvent.class.isAssignableFrom(type)
				|| ApplicationFailedEvent.class.isAssignableFrom(type));
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (!PRESENT) {
			return;
		}
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			environmentPrepared(prepared.getEnvironment());
		}
		else if (event instanceof ApplicationPreparedEvent prepared && this.early != null) {
			// handed over, not registered as a MemoryDelay bean: a user's own MemoryDelay
			// must win
			if (!prepared.getApplicationContext().getBeanFactory().containsSingleton(BEAN_NAME)) {
				prepared.getApplicationContext()
					.getBeanFactory()
					.registerSingleton(BEAN_NAME, new EarlyMemoryDelay(this.early));
			}
		}
		else if (event instanceof ApplicationStartedEvent || event instanceof ApplicationFailedEvent) {
			dropUnlessStarted();
		}
	}

	private void environmentPrepared(ConfigurableEnvironment environment) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		LogbackAttachment.reattachAll(context);
		if (this.early != null || !isWanted(environment)) {
			return;
		}
		try {
			MemoryDelay memoryDelay = MemoryDelayPropertiesMapper.create(MemoryDelayPropertiesMapper.bind(environment),
					environment);
			LogbackAttachment.of(memoryDelay).attach(context);
			this.early = memoryDelay;
		}
		catch (RuntimeException ex) {
			// the auto-configuration reports bad settings with a failure analysis
		}
	}

	private static boolean isWanted(ConfigurableEnvironment environment) {
		return environment.getProperty(MemoryDelayPropertiesMapper.PREFIX + ".enabled", Boolean.class, true)
				&& MemoryDelayPropertiesMapper.hasRecipients(environment);
	}

	private void dropUnlessStarted() {
		MemoryDelay memoryDelay = this.early;
		this.early = null;
		if (memoryDelay != null && !memoryDelay.isStarted()) {
			memoryDelay.shutdown(java.time.Duration.ZERO);
			LogbackAttachment.of(memoryDelay).detach();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
