package io.github.memorydelay.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.digest.Digest;

/**
 * Logback set up the way an application has it, without a configuration file: shared by
 * the benchmarks and the retained-heap test.
 */
public final class BenchmarkLogging {

	/**
	 * Name of the logger the events come from. It must not be one that memorydelay
	 * ignores (its own, the mail stack's).
	 */
	public static final String LOGGER_NAME = "com.example.checkout.PaymentService";

	private BenchmarkLogging() {
	}

	/**
	 * A started logger context with an MDC adapter, as Logback's own initialisation
	 * leaves it.
	 * @return the context
	 */
	public static LoggerContext newContext() {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		context.start();
		return context;
	}

	/**
	 * A logger at {@code DEBUG}, so that every event reaches the appender and the
	 * appender's own level check is what is measured, writing to the given started
	 * appender only.
	 * @param context the context
	 * @param name the logger name
	 * @param appender the appender
	 * @return the logger
	 */
	public static Logger logger(LoggerContext context, String name, Appender<ILoggingEvent> appender) {
		Logger logger = context.getLogger(name);
		logger.setLevel(Level.DEBUG);
		logger.setAdditive(false);
		logger.addAppender(appender);
		return logger;
	}

	/**
	 * Distinct message patterns, disjoint between owners, so that no two threads log the
	 * same one.
	 * @param owner the owner, for example a thread index
	 * @param count how many
	 * @return the patterns, each with one argument
	 */
	public static String[] distinctPatterns(int owner, int count) {
		String[] patterns = new String[count];
		for (int i = 0; i < count; i++) {
			patterns[i] = "Payment for order {} declined by fraud rule " + word(owner) + " " + word(i);
		}
		return patterns;
	}

	/**
	 * A word for a number, different for each ({@code a}, {@code b}, ... {@code ba}):
	 * messages that differ in a number are one entry, their template masks numbers.
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

	/**
	 * Messages built by concatenation, as {@code "Rejected row " + row + ...}: all
	 * different, all of one template.
	 * @param owner the thread that logs them
	 * @param count how many
	 * @return the messages
	 */
	public static String[] concatenatedMessages(int owner, int count) {
		String[] messages = new String[count];
		for (int i = 0; i < count; i++) {
			messages[i] = "Rejected row " + (owner * count + i) + " of feed.csv: quantity '" + (i * 7 + 1)
					+ "x' is not a number";
		}
		return messages;
	}

	/**
	 * An appender that does nothing: the cost of Logback itself.
	 */
	public static final class NopAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

		@Override
		protected void append(ILoggingEvent event) {
		}

	}

	/**
	 * An appender that counts, for one thread only (an {@code AsyncAppender}'s worker):
	 * shows how many events went through the queue rather than being dropped.
	 */
	public static final class CountingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

		private volatile long appended;

		@Override
		protected void append(ILoggingEvent event) {
			this.appended++; // one writer: the worker thread
		}

		public long appended() {
			return this.appended;
		}

	}

	/**
	 * A sender that sends nothing and only tallies what the digests held, so that a
	 * benchmark can tell whether the path it meant to measure was the one taken.
	 */
	public static final class TallyingSender implements DigestSender {

		private static final byte[] NOTHING = new byte[0];

		private final AtomicLong digests = new AtomicLong();

		private final AtomicLong entries = new AtomicLong();

		private final AtomicLong notShown = new AtomicLong();

		@Override
		public byte[] compose(Digest digest) {
			this.digests.incrementAndGet();
			this.entries.addAndGet(digest.entries().size());
			this.notShown.addAndGet(digest.notShownEvents());
			return NOTHING;
		}

		@Override
		public void send(byte[] message) {
		}

		public long digests() {
			return this.digests.get();
		}

		public long entries() {
			return this.entries.get();
		}

		public long notShown() {
			return this.notShown.get();
		}

	}

}
