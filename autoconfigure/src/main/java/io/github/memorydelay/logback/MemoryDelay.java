package io.github.memorydelay.logback;

import java.time.Clock;
import java.time.Duration;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * One digest pipeline: the {@link DigestEngine} that buffers and triggers, and the
 * {@link DigestDispatcher} that sends. It outlives the appenders that feed it, so that Logback being
 * reset and an appender re-attached loses nothing. Events are buffered from construction on; digests
 * are sent once {@link #start} is called.
 */
public final class MemoryDelay extends ContextAwareBase {

	private static final AtomicInteger IDS = new AtomicInteger();

	/** The logger memorydelay itself logs to (failed and recovered sends). */
	public static final String LOGGER_NAME = "io.github.memorydelay.logback.MemoryDelay";

	/** Loggers of the mail stack: sending must never feed itself. */
	private static final String[] IGNORED_LOGGERS = { "jakarta.mail", "javax.mail", "com.sun.mail",
			"org.eclipse.angus", "org.springframework.mail" };

	private static final String OWN_PACKAGE = "io.github.memorydelay.";

	/**
	 * Loggers under {@code io.github.memorydelay} and whether they are the starter's own: named after a
	 * class shipped with memorydelay (Spring logs conditions under their class's name, for instance). An
	 * application's or a test's classes in the same packages are buffered like any other.
	 */
	private static final Map<String, Boolean> OWN_LOGGERS = new ConcurrentHashMap<>();

	private final int id = IDS.incrementAndGet();

	private final DigestSettings settings;

	private final Clock clock;

	private final DigestEngine engine;

	private final DeliveryStatistics statistics = new DeliveryStatistics();

	private final LongAdder[] eventsByLevel = new LongAdder[Levels.EVENT_LEVELS.size()];

	private volatile DigestDispatcher dispatcher;

	private volatile boolean shutDown;

	public MemoryDelay(DigestSettings settings) {
		this(settings, Clock.systemUTC());
	}

	public MemoryDelay(DigestSettings settings, Clock clock) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.engine = new DigestEngine(settings, clock);
		for (int i = 0; i < this.eventsByLevel.length; i++) {
			this.eventsByLevel[i] = new LongAdder();
		}
	}

	/**
	 * Offers an event. Events below the level, from the mail stack or memorydelay's own loggers, and
	 * from a dispatcher thread are ignored. Never blocks on sending.
	 * @param event the event
	 * @return {@code true} when the event was buffered
	 */
	public boolean append(ILoggingEvent event) {
		if (this.shutDown || !this.settings.isBuffered(event.getLevel()) || isIgnored(event.getLoggerName())
				|| DigestDispatcher.isDispatcherThread()) {
			return false;
		}
		this.eventsByLevel[Levels.index(event.getLevel())].increment();
		if (this.engine.add(event)) {
			DigestDispatcher current = this.dispatcher;
			if (current != null) {
				current.wake();
			}
		}
		return true;
	}

	static boolean isIgnored(String loggerName) {
		for (String prefix : IGNORED_LOGGERS) {
			if (loggerName.startsWith(prefix)
					&& (loggerName.length() == prefix.length() || loggerName.charAt(prefix.length()) == '.')) {
				return true;
			}
		}
		return loggerName.startsWith(OWN_PACKAGE) && OWN_LOGGERS.computeIfAbsent(loggerName, MemoryDelay::isOwnClass);
	}

	private static boolean isOwnClass(String loggerName) {
		if (loggerName.equals(LOGGER_NAME)) {
			return true;
		}
		try {
			Class<?> type = Class.forName(loggerName, false, MemoryDelay.class.getClassLoader());
			return Objects.equals(location(type), location(MemoryDelay.class));
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
	 * Starts sending digests, first those buffered or due so far.
	 * @param sender where digests go
	 * @param spool where digests that could not be sent wait, {@code null} to keep a few in memory only
	 * @param retryPolicy how failed digests are retried
	 */
	public synchronized void start(DigestSender sender, DigestSpool spool, RetryPolicy retryPolicy) {
		Objects.requireNonNull(sender, "sender");
		Objects.requireNonNull(retryPolicy, "retryPolicy");
		if (this.dispatcher != null) {
			throw new IllegalStateException("MemoryDelay " + this.id + " is already started");
		}
		// started again after a shutdown: an application context stopped and started (CRaC does so)
		this.shutDown = false;
		DigestHistory history = DigestHistory.of(this.settings.history(), spool, this.clock);
		history.setContext(getContext());
		history.load();
		DigestDispatcher created = new DigestDispatcher("memorydelay-dispatcher-" + this.id, this.engine, sender,
				spool, retryPolicy, this.clock, this.statistics, history);
		created.setContext(getContext());
		created.start();
		this.dispatcher = created;
	}

	@Override
	public void setContext(ch.qos.logback.core.Context context) {
		super.setContext(context);
		DigestDispatcher current = this.dispatcher;
		if (current != null && current.getContext() == null) {
			current.setContext(context);
		}
	}

	public boolean isStarted() {
		return this.dispatcher != null;
	}

	public boolean isShutDown() {
		return this.shutDown;
	}

	/**
	 * Sends everything buffered now, as a digest with trigger {@code manual}. Returns at once: the digest
	 * is sent on the dispatcher thread. Before {@link #start} and after {@link #shutdown} nothing is sent
	 * and 0 is returned.
	 * @return events the digest accounts for, 0 when the buffer was empty (no digest is sent)
	 */
	public synchronized long flush() {
		DigestDispatcher current = this.dispatcher;
		if (current == null || this.shutDown) {
			return 0;
		}
		Digest digest = this.engine.flush(Trigger.MANUAL);
		if (digest == null) {
			return 0;
		}
		current.submit(digest);
		return digest.events();
	}

	/**
	 * Sends what is buffered as a digest with trigger {@code shutdown} and stops. What cannot be sent
	 * within the timeout is spooled. Later events are ignored until {@link #start} is called again.
	 * @param timeout how long sending may take
	 * @return {@code true} when everything was sent or spooled in time
	 */
	public synchronized boolean shutdown(Duration timeout) {
		if (this.shutDown) {
			return true;
		}
		this.shutDown = true;
		DigestDispatcher current = this.dispatcher;
		if (current == null) {
			long lost = this.engine.status().events();
			if (lost > 0) {
				addWarn(lost + " buffered events are dropped: memorydelay was never started");
			}
			return lost == 0;
		}
		Digest digest = this.engine.flush(Trigger.SHUTDOWN);
		if (digest != null) {
			current.submit(digest);
		}
		boolean stopped = current.stop(timeout);
		this.dispatcher = null;
		return stopped;
	}

	/**
	 * What the buffer holds and what was delivered.
	 * @return the status
	 */
	public MemoryDelayStatus status() {
		DigestDispatcher current = this.dispatcher;
		return new MemoryDelayStatus(this.engine.status(), this.statistics,
				(current != null) ? current.waiting() : 0, (current != null) ? current.retryAt() : null);
	}

	/**
	 * Events accepted into the buffer since start, per level.
	 * @param level the level
	 * @return the count
	 */
	public long acceptedEvents(ch.qos.logback.classic.Level level) {
		return this.eventsByLevel[Levels.index(level)].sum();
	}

	public DigestSettings settings() {
		return this.settings;
	}

	public DeliveryStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Identifies this pipeline among others in the same JVM.
	 * @return the id, from 1
	 */
	public int id() {
		return this.id;
	}

	/**
	 * Where digests that could not be sent wait.
	 * @return the spool, {@code null} when not started or without one
	 */
	public DigestSpool spool() {
		DigestDispatcher current = this.dispatcher;
		return (current != null) ? current.spool() : null;
	}

	@Override
	public String toString() {
		return "MemoryDelay[" + this.id + ", " + this.settings + "]";
	}

}
