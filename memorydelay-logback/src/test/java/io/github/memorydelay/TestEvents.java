package io.github.memorydelay;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

/**
 * Builds real Logback events, as a logger would hand them to an appender.
 */
public final class TestEvents {

	/** Logger name used when a test does not care which logger logged. */
	public static final String LOGGER = "com.example.orders.OrderService";

	private static final String FQCN = Logger.class.getName();

	private final LoggerContext context;

	private final Clock clock;

	public TestEvents() {
		this(newContext());
	}

	public TestEvents(LoggerContext context) {
		this(context, null);
	}

	/**
	 * Events logged at the time of a clock, unless a test says otherwise.
	 * @param clock the clock
	 */
	public TestEvents(Clock clock) {
		this(newContext(), clock);
	}

	private TestEvents(LoggerContext context, Clock clock) {
		this.context = context;
		this.clock = clock;
	}

	/**
	 * A logger context that captures MDC, as Logback 1.5 needs an MDC adapter for that.
	 * @return the context
	 */
	public static LoggerContext newContext() {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.setName("memorydelay-test");
		return context;
	}

	/**
	 * A word for a number, different for each: {@code a}, {@code b}, ... {@code z},
	 * {@code ba}, ... A message that differs from another in a number is the same entry
	 * (its template masks numbers), one that differs in a word is not.
	 * @param number the number, {@code 0} or more
	 * @return the word
	 */
	public static String word(int number) {
		StringBuilder word = new StringBuilder();
		int rest = number;
		do {
			word.insert(0, (char) ('a' + rest % 26));
			rest /= 26;
		}
		while (rest > 0);
		return word.toString();
	}

	public LoggerContext context() {
		return this.context;
	}

	/**
	 * Starts an event of {@link #LOGGER}.
	 * @param level the level
	 * @param message the message pattern
	 * @param args the arguments of the pattern
	 * @return the event builder
	 */
	public EventBuilder event(Level level, String message, Object... args) {
		return new EventBuilder(level, message, args).logger(LOGGER);
	}

	public LoggingEvent warn(String message, Object... args) {
		return event(Level.WARN, message, args).build();
	}

	public LoggingEvent error(String message, Object... args) {
		return event(Level.ERROR, message, args).build();
	}

	/**
	 * Builds one event.
	 */
	public final class EventBuilder {

		private final Level level;

		private final String message;

		private final Object[] args;

		private String logger;

		private Throwable throwable;

		private Instant at;

		private String thread;

		private Map<String, String> mdc;

		private EventBuilder(Level level, String message, Object[] args) {
			this.level = level;
			this.message = message;
			this.args = args;
		}

		public EventBuilder logger(String logger) {
			this.logger = logger;
			return this;
		}

		public EventBuilder thrown(Throwable throwable) {
			this.throwable = throwable;
			return this;
		}

		public EventBuilder at(Instant at) {
			this.at = at;
			return this;
		}

		public EventBuilder thread(String thread) {
			this.thread = thread;
			return this;
		}

		public EventBuilder mdc(Map<String, String> mdc) {
			this.mdc = mdc;
			return this;
		}

		public LoggingEvent build() {
			Logger target = TestEvents.this.context.getLogger(this.logger);
			LoggingEvent event = new LoggingEvent(FQCN, target, this.level, this.message, this.throwable,
					(this.args.length > 0) ? this.args : null);
			if (this.at != null) {
				event.setInstant(this.at);
			}
			else if (TestEvents.this.clock != null) {
				event.setInstant(TestEvents.this.clock.instant());
			}
			if (this.thread != null) {
				event.setThreadName(this.thread);
			}
			if (this.mdc != null) {
				event.setMDCPropertyMap(this.mdc);
			}
			return event;
		}

	}

}
