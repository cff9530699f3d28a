package io.github.memorydelay.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.memorydelay.delivery.OwnLogging;

/**
 * What memorydelay keeps per logging thread, found with one thread-local lookup per
 * event: whether the thread is inside the appender already (see {@link #enter()}),
 * whether the logger of its last event is ignored, the stripe it counts in (see
 * {@link InFlightWriters}), and a fingerprint to look its events up with, so that an
 * event that is a duplicate or finds the buffer full allocates nothing.
 */
final class LoggingThread {

	private static final AtomicInteger NEXT_STRIPE = new AtomicInteger();

	/** The state of each logging thread: no allocation per event. */
	private static final ThreadLocal<LoggingThread> THREADS = ThreadLocal.withInitial(LoggingThread::new);

	/** Whether the thread is inside {@link MemoryDelay#append}. */
	boolean inside;

	/** Threads take the stripes in turn: the first threads never share one. */
	final int stripe = InFlightWriters.stripe(NEXT_STRIPE.getAndIncrement());

	/** Set to each event's fingerprint, and never stored: see {@link Fingerprint#set}. */
	final Fingerprint probe = Fingerprint.probe();

	/** The logger of the thread's last event, and whether it is ignored. */
	private String lastLogger;

	private boolean lastIgnored;

	/**
	 * Whether events of a logger are never buffered, see {@link OwnLogging#isIgnored}:
	 * asked again only when the thread logs to another logger than the last time (a
	 * logger's name is one string).
	 * @param loggerName the logger
	 * @return {@code true} if ignored
	 */
	boolean ignores(String loggerName) {
		if (loggerName != this.lastLogger) {
			this.lastIgnored = OwnLogging.isIgnored(loggerName);
			this.lastLogger = loggerName;
		}
		return this.lastIgnored;
	}

	/**
	 * Marks the calling thread as inside the appender, unless it already is: a log call
	 * made from there (a {@code toString()} of a log argument that logs) must not be
	 * buffered, nor recurse.
	 * @return the thread's state to {@link #leave} when done, {@code null} when the
	 * thread is already inside
	 */
	static LoggingThread enter() {
		LoggingThread thread = THREADS.get();
		if (thread.inside) {
			return null;
		}
		thread.inside = true;
		return thread;
	}

	/**
	 * Ends what {@link #enter} began.
	 * @param thread what {@link #enter} returned
	 */
	static void leave(LoggingThread thread) {
		thread.inside = false;
	}

}
