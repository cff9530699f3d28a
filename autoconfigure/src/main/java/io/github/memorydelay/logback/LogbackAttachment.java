package io.github.memorydelay.logback;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Keeps a {@link MemoryDelay} attached to the root logger. Attaching is idempotent; when Logback is
 * reset (Spring Boot does so whenever it initialises logging, also for a second application in the same
 * JVM) the appender is gone, and {@link #reattachAll} puts a fresh one back for every live pipeline.
 */
public final class LogbackAttachment {

	private static final Set<LogbackAttachment> LIVE = ConcurrentHashMap.newKeySet();

	private final MemoryDelay memoryDelay;

	private final Consumer<MemoryDelayAppender> customizer;

	private MemoryDelayAppender appender;

	/**
	 * @param memoryDelay the pipeline to feed
	 * @param customizer applied to every appender before it starts
	 */
	public LogbackAttachment(MemoryDelay memoryDelay, Consumer<MemoryDelayAppender> customizer) {
		this.memoryDelay = memoryDelay;
		this.customizer = customizer;
	}

	/**
	 * Name of the appender on the root logger.
	 * @return {@code MEMORYDELAY-} and the pipeline's id
	 */
	public String appenderName() {
		return "MEMORYDELAY-" + this.memoryDelay.id();
	}

	public MemoryDelay memoryDelay() {
		return this.memoryDelay;
	}

	/**
	 * Attaches an appender to the root logger unless a started one is there already.
	 * @param context the logger context
	 * @return {@code true} when an appender was attached
	 */
	public synchronized boolean attach(LoggerContext context) {
		LIVE.add(this);
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
		MemoryDelayAppender created = new MemoryDelayAppender();
		created.setName(appenderName());
		created.setContext(context);
		created.setMemoryDelay(this.memoryDelay);
		this.customizer.accept(created);
		created.start();
		root.addAppender(created);
		this.appender = created;
		return true;
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
	 * Removes the appender and forgets the pipeline; it is not attached again.
	 */
	public synchronized void detach() {
		LIVE.remove(this);
		MemoryDelayAppender current = this.appender;
		if (current != null && current.getContext() instanceof LoggerContext context) {
			context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(current);
			current.stop();
		}
		this.appender = null;
	}

	/**
	 * Puts the appender of every live pipeline back on the root logger, after Logback was reset.
	 * @param context the logger context
	 * @return how many appenders were attached
	 */
	public static int reattachAll(LoggerContext context) {
		int attached = 0;
		for (LogbackAttachment attachment : LIVE) {
			if (attachment.attach(context)) {
				attached++;
			}
		}
		return attached;
	}

}
