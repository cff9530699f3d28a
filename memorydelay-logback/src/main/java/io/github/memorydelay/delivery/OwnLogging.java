package io.github.memorydelay.delivery;

import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.ContextAware;

/**
 * The rules that keep memorydelay from feeding itself: which loggers are never buffered
 * and which threads never are (those that send digests); and where memorydelay says what
 * it has to say. The re-entry guard of a thread already inside the appender is the
 * pipeline's {@code LoggingThread}.
 */
public final class OwnLogging {

	/** The logger memorydelay itself logs to (failed and recovered sends). */
	public static final String LOGGER_NAME = "io.github.memorydelay.logback.MemoryDelay";

	/**
	 * Loggers of the mail stack, and Spring Boot's mail health check on both Boot lines:
	 * sending must never feed itself, and a failing health check of the mail server says
	 * what the digest cannot deliver anyway.
	 */
	private static final String[] IGNORED_LOGGERS = { "jakarta.mail", "javax.mail", "com.sun.mail", "org.eclipse.angus",
			"org.springframework.mail", "org.springframework.boot.actuate.mail.MailHealthIndicator",
			"org.springframework.boot.mail.health.MailHealthIndicator" };

	private static final String OWN_PACKAGE = "io.github.memorydelay.";

	/**
	 * Loggers under {@code io.github.memorydelay} and whether they are the starter's own:
	 * named after a class shipped with memorydelay (Spring logs conditions under their
	 * class's name, for instance). An application's or a test's classes in the same
	 * packages are buffered like any other.
	 */
	private static final Map<String, Boolean> OWN_LOGGERS = new ConcurrentHashMap<>();

	/**
	 * Where memorydelay's classes come from: this library's jar (or class folder), and
	 * those of the modules that {@link #shipWith register} themselves (the Spring Boot
	 * auto-configuration is a jar of its own).
	 */
	private static final Set<Object> OWN_LOCATIONS = new CopyOnWriteArraySet<>(
			Collections.singleton(location(OwnLogging.class)));

	private OwnLogging() {
	}

	/**
	 * Whether events of a logger are never buffered: the mail stack's and memorydelay's
	 * own.
	 * @param loggerName the logger's name
	 * @return {@code true} when ignored
	 */
	public static boolean isIgnored(String loggerName) {
		for (String prefix : IGNORED_LOGGERS) {
			if (loggerName.startsWith(prefix)
					&& (loggerName.length() == prefix.length() || loggerName.charAt(prefix.length()) == '.')) {
				return true;
			}
		}
		return loggerName.startsWith(OWN_PACKAGE) && OWN_LOGGERS.computeIfAbsent(loggerName, OwnLogging::isOwnClass);
	}

	/**
	 * Makes the classes that ship with the given one memorydelay's own: their loggers are
	 * never buffered. For a module of memorydelay outside this library, called before it
	 * logs.
	 * @param type a class of that module
	 */
	public static void shipWith(Class<?> type) {
		if (OWN_LOCATIONS.add(location(type))) {
			OWN_LOGGERS.clear();
		}
	}

	private static boolean isOwnClass(String loggerName) {
		if (loggerName.equals(LOGGER_NAME)) {
			return true;
		}
		try {
			Class<?> type = Class.forName(loggerName, false, OwnLogging.class.getClassLoader());
			return OWN_LOCATIONS.contains(location(type));
		}
		catch (ClassNotFoundException | LinkageError | SecurityException ex) {
			return false;
		}
	}

	private static Object location(Class<?> type) {
		ProtectionDomain domain = type.getProtectionDomain();
		CodeSource source = (domain != null) ? domain.getCodeSource() : null;
		return (source != null) ? source.getLocation() : null;
	}

	/**
	 * A thread that sends digests: whatever it logs is never buffered.
	 * @param task what the thread runs
	 * @param name the thread's name
	 * @return the thread, a daemon, not started
	 */
	public static Thread sendingThread(Runnable task, String name) {
		return new SendingThread(task, name);
	}

	/**
	 * Whether the calling thread is one that sends digests.
	 * @return {@code true} on such a thread
	 */
	public static boolean isSendingThread() {
		return Thread.currentThread() instanceof SendingThread;
	}

	/**
	 * Marks the threads whose logging is never buffered.
	 */
	private static final class SendingThread extends Thread {

		SendingThread(Runnable task, String name) {
			super(task, name);
			setDaemon(true);
		}

	}

	/**
	 * Says what memorydelay itself has to say, in the application's log through
	 * {@link #LOGGER_NAME}, which is never buffered (so no loop); without a Logback
	 * context (a test), as a status of the source instead.
	 * @param source what speaks
	 * @param warning a warning rather than information
	 * @param message the message
	 */
	public static void log(ContextAware source, boolean warning, String message) {
		if (source.getContext() instanceof LoggerContext loggerContext) {
			Logger logger = loggerContext.getLogger(LOGGER_NAME);
			if (warning) {
				logger.warn(message);
			}
			else {
				logger.info(message);
			}
		}
		else if (warning) {
			source.addWarn(message);
		}
		else {
			source.addInfo(message);
		}
	}

}
