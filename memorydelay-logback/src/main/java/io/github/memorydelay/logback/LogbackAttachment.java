package io.github.memorydelay.logback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.memorydelay.pipeline.MemoryDelay;

/**
 * Keeps a {@link MemoryDelay} attached to the root logger. Attaching is idempotent; when
 * Logback is reset (Spring Boot does so whenever it initialises logging, also for a
 * second application in the same JVM) the appender is gone, and {@link #reattachAll} puts
 * a fresh one back for every live pipeline. The buffer lives in the {@code MemoryDelay},
 * so nothing buffered is lost on the way.
 */
public final class LogbackAttachment {

	private static final Map<MemoryDelay, LogbackAttachment> LIVE = new ConcurrentHashMap<>();

	private static final Consumer<AttachedAppender> NO_CUSTOMIZER = (appender) -> {
	};

	private final MemoryDelay memoryDelay;

	private Consumer<AttachedAppender> customizer = NO_CUSTOMIZER;

	private LogbackAttachment(MemoryDelay memoryDelay) {
		this.memoryDelay = memoryDelay;
	}

	/**
	 * The attachment of a pipeline, created on first use. It is live, and re-attached by
	 * {@link #reattachAll}, until {@link #detach()}.
	 * @param memoryDelay the pipeline
	 * @return its attachment
	 */
	public static LogbackAttachment of(MemoryDelay memoryDelay) {
		return LIVE.computeIfAbsent(memoryDelay, LogbackAttachment::new);
	}

	/**
	 * Puts the appender of every live pipeline back on the root logger, after Logback was
	 * reset.
	 * @param context the logger context
	 * @return how many appenders were attached
	 */
	public static int reattachAll(LoggerContext context) {
		int attached = 0;
		for (LogbackAttachment attachment : LIVE.values()) {
			if (attachment.attach(context)) {
				attached++;
			}
		}
		return attached;
	}

	/**
	 * Sets what is applied to every appender before it starts; {@link #reattach} makes it
	 * take effect.
	 * @param customizer the customizer
	 */
	public synchronized void customize(Consumer<AttachedAppender> customizer) {
		this.customizer = customizer;
	}

	/**
	 * Name of the appender on the root logger.
	 * @return {@code MEMORYDELAY-} and the pipeline's id
	 */
	public String appenderName() {
		return "MEMORYDELAY-" + this.memoryDelay.id();
	}

	/**
	 * Attaches an appender to the root logger unless a started one is there already.
	 * @param context the logger context
	 * @return {@code true} when an appender was attached
	 */
	public synchronized boolean attach(LoggerContext context) {
		LIVE.putIfAbsent(this.memoryDelay, this);
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		Appender<ILoggingEvent> existing = root.getAppender(appenderName());
		if (existing != null && existing.isStarted()) {
			return false;
		}
		if (existing != null) {
			root.detachAppender(existing);
		}
		if (this.memoryDelay.getContext() == null) {
			this.memoryDelay.setContext(context);
		}
		AttachedAppender appender = new AttachedAppender(this.memoryDelay);
		appender.setName(appenderName());
		appender.setContext(context);
		this.customizer.accept(appender);
		appender.start();
		root.addAppender(appender);
		return true;
	}

	/**
	 * Replaces the appender by a new one, so that a changed customizer takes effect.
	 * @param context the logger context
	 */
	public synchronized void reattach(LoggerContext context) {
		removeAppender(context);
		attach(context);
	}

	/**
	 * Whether a started appender of this pipeline is on the root logger.
	 * @param context the logger context
	 * @return {@code true} if attached
	 */
	public boolean isAttached(LoggerContext context) {
		Appender<ILoggingEvent> existing = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(appenderName());
		return existing != null && existing.isStarted();
	}

	/**
	 * Removes the appender and forgets the pipeline: it is not attached again.
	 */
	public synchronized void detach() {
		LIVE.remove(this.memoryDelay, this);
		if (this.memoryDelay.getContext() instanceof LoggerContext context) {
			removeAppender(context);
		}
	}

	private void removeAppender(LoggerContext context) {
		Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
		Appender<ILoggingEvent> existing = root.getAppender(appenderName());
		if (existing != null) {
			root.detachAppender(existing);
			existing.stop();
		}
	}

}
