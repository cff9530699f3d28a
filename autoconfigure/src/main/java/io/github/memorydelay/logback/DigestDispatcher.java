package io.github.memorydelay.logback;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The one thread that sends digests: it takes due digests from the {@link DigestEngine}, composes and
 * sends them, keeps what failed in the {@link DigestSpool} and retries it with backoff. Logging threads
 * only hand over and wake it; they never wait for it.
 */
public final class DigestDispatcher extends ContextAwareBase {

	/** Messages kept in memory when there is no spool or it cannot be written. */
	static final int MAX_HELD_MESSAGES = 16;

	private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final DigestEngine engine;

	private final DigestSender sender;

	private final DigestSpool spool;

	private final RetryPolicy retryPolicy;

	private final Clock clock;

	private final DeliveryStatistics statistics;

	private final DigestHistory history;

	private final Queue<Digest> outbox = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedDeque<byte[]> held = new ConcurrentLinkedDeque<>();

	private final AtomicReference<byte[]> inFlight = new AtomicReference<>();

	private final Thread thread;

	private volatile boolean stopping;

	private volatile Instant retryAt;

	private Duration retryInterval;

	private boolean failing;

	DigestDispatcher(String name, DigestEngine engine, DigestSender sender, DigestSpool spool, RetryPolicy retryPolicy,
			Clock clock, DeliveryStatistics statistics, DigestHistory history) {
		this.engine = engine;
		this.sender = sender;
		this.spool = spool;
		this.retryPolicy = retryPolicy;
		this.clock = clock;
		this.statistics = statistics;
		this.history = history;
		this.thread = new DispatcherThread(this::run, name);
	}

	/**
	 * Whether the calling thread is a dispatcher thread, whose own logging must never be buffered.
	 * @return {@code true} on a dispatcher thread
	 */
	static boolean isDispatcherThread() {
		return Thread.currentThread() instanceof DispatcherThread;
	}

	void start() {
		if (this.spool != null) {
			this.spool.releaseAbandoned();
			if (this.spool.size() > 0) {
				// digests left by an earlier run go out first
				this.retryAt = this.clock.instant();
			}
		}
		this.thread.start();
	}

	void wake() {
		LockSupport.unpark(this.thread);
	}

	void submit(Digest digest) {
		this.outbox.add(digest);
		wake();
	}

	/**
	 * Sends what was handed over, then stops. What is not sent within the timeout is spooled.
	 * @param timeout how long to wait for the sends
	 * @return {@code true} when everything handed over was sent or spooled by the dispatcher in time
	 */
	boolean stop(Duration timeout) {
		this.stopping = true;
		wake();
		try {
			this.thread.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!this.thread.isAlive()) {
			return true;
		}
		// take the message in flight before interrupting, so that the failure the interrupt causes
		// does not find it and spool it a second time
		byte[] current = this.inFlight.getAndSet(null);
		this.thread.interrupt();
		int kept = 0;
		if (current != null) {
			keep(current);
			kept++;
		}
		for (Digest digest = this.outbox.poll(); digest != null; digest = this.outbox.poll()) {
			byte[] message = compose(digest);
			if (message != null) {
				keep(message);
				kept++;
			}
		}
		addWarn("Digest sending did not finish within " + timeout + "; " + kept + " digest(s) "
				+ ((this.spool != null) ? "spooled in " + this.spool.directory() : "could not be kept"));
		return false;
	}

	Instant retryAt() {
		return this.retryAt;
	}

	/**
	 * Digests waiting to be sent again.
	 * @return spool files plus messages held in memory
	 */
	int waiting() {
		return ((this.spool != null) ? this.spool.size() : 0) + this.held.size();
	}

	DigestSpool spool() {
		return this.spool;
	}

	private void run() {
		while (true) {
			// read before draining: a digest handed over with the stop is submitted before the flag is set,
			// so the drain below sees it
			boolean stop = this.stopping;
			for (Digest digest = this.outbox.poll(); digest != null; digest = this.outbox.poll()) {
				deliver(digest);
			}
			if (stop) {
				return;
			}
			Digest due = this.engine.flushIfDue();
			if (due != null) {
				deliver(due);
				continue;
			}
			Instant retry = this.retryAt;
			if (retry != null && !this.clock.instant().isBefore(retry)) {
				retryWaiting();
				continue;
			}
			if (this.outbox.isEmpty() && !this.stopping) {
				LockSupport.parkNanos(this, nanosUntilNextWork(retry));
			}
			Thread.interrupted();
		}
	}

	private long nanosUntilNextWork(Instant retry) {
		Instant next = this.engine.nextFlushAt();
		if (retry != null && (next == null || retry.isBefore(next))) {
			next = retry;
		}
		if (next == null) {
			return MAX_PARK_NANOS;
		}
		long nanos = Duration.between(this.clock.instant(), next).toNanos();
		return Math.max(1, Math.min(nanos, MAX_PARK_NANOS));
	}

	private void deliver(Digest digest) {
		byte[] message = compose(digest);
		if (message == null) {
			return;
		}
		this.inFlight.set(message);
		long start = System.nanoTime();
		try {
			this.sender.send(message);
			this.history.delivered(digest);
			this.statistics.sent(this.clock.instant(), digest.events(), System.nanoTime() - start);
			recovered();
			if (this.retryAt != null) {
				// the server is back: send what waits now rather than at the end of the backoff
				this.retryAt = this.clock.instant();
			}
		}
		catch (Exception ex) {
			this.statistics.failed(this.clock.instant(), ex);
			if (this.inFlight.compareAndSet(message, null)) {
				keep(message);
			}
			failed("Digest #" + digest.sequence() + " (" + digest.events() + " events) could not be sent", ex);
		}
		finally {
			this.inFlight.compareAndSet(message, null);
		}
	}

	private byte[] compose(Digest digest) {
		try {
			return this.sender.compose(this.history.mark(digest));
		}
		catch (Exception ex) {
			this.statistics.lost();
			addError("Digest #" + digest.sequence() + " could not be composed; its " + digest.events()
					+ " events are lost", ex);
			return null;
		}
	}

	private void keep(byte[] message) {
		if (this.spool != null) {
			try {
				this.spool.store(message);
				return;
			}
			catch (IOException ex) {
				addError("Could not write to the spool " + this.spool.directory() + "; keeping the digest in memory",
						ex);
			}
		}
		this.held.addLast(message);
		while (this.held.size() > MAX_HELD_MESSAGES) {
			this.held.pollFirst();
			this.statistics.lost();
			addError("More than " + MAX_HELD_MESSAGES + " digests wait in memory; the oldest is dropped");
		}
	}

	private void retryWaiting() {
		try {
			for (Iterator<byte[]> it = this.held.iterator(); it.hasNext() && !this.stopping;) {
				byte[] message = it.next();
				if (!resend(message, null)) {
					return;
				}
				it.remove();
			}
			if (this.spool != null) {
				List<Path> files = this.spool.list();
				for (Path file : files) {
					if (this.stopping) {
						return;
					}
					Path claimed = this.spool.claim(file);
					if (claimed == null) {
						// another pipeline sharing the spool is sending it
						continue;
					}
					byte[] message;
					try {
						message = this.spool.read(claimed);
					}
					catch (IOException ex) {
						moveAside(claimed, ex);
						continue;
					}
					if (!resend(message, claimed)) {
						this.spool.release(claimed);
						return;
					}
					this.spool.delete(claimed);
				}
			}
			this.retryAt = null;
			this.retryInterval = null;
		}
		catch (IOException ex) {
			addError("Could not read the spool " + this.spool.directory(), ex);
			scheduleRetry();
		}
	}

	private boolean resend(byte[] message, Path file) {
		long start = System.nanoTime();
		try {
			this.sender.send(message);
			this.statistics.sent(this.clock.instant(), 0, System.nanoTime() - start);
			recovered();
			return true;
		}
		catch (UnreadableMessageException ex) {
			if (file != null) {
				moveAside(file, ex);
			}
			else {
				this.statistics.lost();
				addError("A held digest can never be sent and is dropped", ex);
			}
			return true;
		}
		catch (Exception ex) {
			this.statistics.failed(this.clock.instant(), ex);
			failed("A waiting digest could not be sent again", ex);
			return false;
		}
	}

	private void moveAside(Path file, Exception cause) {
		try {
			Path aside = this.spool.moveAside(file);
			addError("Spool file " + file + " cannot be sent and was moved to " + aside, cause);
			log(false, "Spool file " + file + " cannot be sent and was moved to " + aside + ": "
					+ DeliveryStatistics.describe(cause));
		}
		catch (IOException ex) {
			addError("Spool file " + file + " cannot be sent nor moved aside", ex);
		}
	}

	private void failed(String what, Exception ex) {
		scheduleRetry();
		if (!this.failing) {
			// one line per failure window, not one per attempt
			this.failing = true;
			String message = what + "; it is kept" + ((this.spool != null) ? " in " + this.spool.directory() : "")
					+ " and retried in " + this.retryInterval + ": " + DeliveryStatistics.describe(ex);
			addWarn(message);
			log(true, message);
		}
	}

	private void recovered() {
		if (this.failing) {
			this.failing = false;
			addInfo("Digests are sent again");
			log(false, "Digests are sent again");
		}
	}

	private void scheduleRetry() {
		this.retryInterval = this.retryPolicy.next(this.retryInterval);
		this.retryAt = this.clock.instant().plus(this.retryInterval);
	}

	private void log(boolean warning, String message) {
		if (getContext() instanceof LoggerContext loggerContext) {
			// this logger is never buffered, and this thread is never buffered: no loop
			Logger logger = loggerContext.getLogger(MemoryDelay.LOGGER_NAME);
			if (warning) {
				logger.warn(message);
			}
			else {
				logger.info(message);
			}
		}
	}

	/**
	 * Marks the threads whose logging is never buffered.
	 */
	private static final class DispatcherThread extends Thread {

		DispatcherThread(Runnable task, String name) {
			super(task, name);
			setDaemon(true);
		}

	}

}
