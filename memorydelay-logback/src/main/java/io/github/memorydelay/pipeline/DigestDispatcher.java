package io.github.memorydelay.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import ch.qos.logback.core.spi.ContextAwareBase;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.MessageRefusedException;
import io.github.memorydelay.delivery.OwnLogging;
import io.github.memorydelay.delivery.PartialDeliveryException;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.delivery.UnreadableMessageException;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.render.DigestFormat;
import io.github.memorydelay.render.Durations;

/**
 * The one thread that sends digests: it takes due digests from the {@link DigestEngine},
 * composes and sends them, and hands what failed to the {@link WaitingDigests}, which it
 * retries with backoff. While delivery fails, it holds the engine's buffer back, so that
 * an outage ends in at most two emails: the digest that failed first, then everything
 * logged since. Logging threads only hand over and wake it; they never wait for it.
 */
final class DigestDispatcher extends ContextAwareBase {

	private static final long MAX_PARK_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final DigestEngine engine;

	private final DigestSender sender;

	private final WaitingDigests waiting;

	private final RetryPolicy retryPolicy;

	private final Clock clock;

	private final DeliveryStatistics statistics;

	private final DigestHistory history;

	private final Queue<Digest> outbox = new ConcurrentLinkedQueue<>();

	private final AtomicReference<byte[]> inFlight = new AtomicReference<>();

	private final Thread thread;

	private volatile boolean stopping;

	/** Told of each digest that {@link #deliver} is done with, {@code null} for none. */
	private volatile Consumer<Digest> handled;

	private volatile Instant retryAt;

	private Duration retryInterval;

	/** Whether the last attempt failed: one line per outage, not one per attempt. */
	private boolean failing;

	/** What the last attempt that failed threw, reported once the message is kept. */
	private Exception failure;

	DigestDispatcher(String name, DigestEngine engine, DigestSender sender, DigestSpool spool, RetryPolicy retryPolicy,
			Clock clock, DeliveryStatistics statistics, DigestHistory history) {
		this.engine = engine;
		this.sender = sender;
		this.waiting = new WaitingDigests(spool, statistics, this);
		this.retryPolicy = retryPolicy;
		this.clock = clock;
		this.statistics = statistics;
		this.history = history;
		this.thread = OwnLogging.sendingThread(this::run, name);
	}

	void start() {
		if (this.waiting.open()) {
			// digests left by an earlier run go out first
			this.retryAt = this.clock.instant();
		}
		else {
			// started again in the same JVM after a stop while delivery failed: nothing
			// waits any more
			this.engine.release();
		}
		this.thread.start();
	}

	/**
	 * Whether a digest is being sent for the first time right now: until it is known to
	 * be delivered, a manual or shutdown digest is not cut, so that an outage still ends
	 * in at most two emails.
	 * @return {@code true} while a first attempt is under way
	 */
	boolean isSending() {
		return this.inFlight.get() != null;
	}

	/**
	 * Whether delivery fails, or may be failing: the engine holds its buffer back, or a
	 * first attempt is under way whose outcome is not known yet. Until it is known no
	 * further digest is cut, so that an outage still ends in at most two emails.
	 * @return {@code true} while delivery is in doubt
	 */
	boolean deliveryInDoubt() {
		return this.engine.isHolding() || isSending();
	}

	/**
	 * Defers a manual flush while delivery is in doubt: the buffer goes out as soon as
	 * what was sent before is delivered, and what waits is tried now.
	 * @return events the buffer holds, {@code -1} when delivery is not in doubt and the
	 * flush may be cut now
	 */
	long deferManualFlush() {
		if (!deliveryInDoubt()) {
			return -1;
		}
		long events = this.engine.requestManual();
		retryNow();
		// and wakes the dispatcher: it may have looked for due work after its send and
		// before the request, and would otherwise sleep until its next timer
		wake();
		return events;
	}

	/**
	 * Waits until no first attempt to send is under way.
	 * @param timeout how long to wait at most
	 * @return {@code true} when none is under way
	 */
	boolean awaitNotSending(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.inFlight) {
			while (this.inFlight.get() != null) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.inFlight, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	/**
	 * Tells a listener of each digest the dispatcher is done with: delivered, kept to be
	 * retried, refused or lost (fleet mode removes it from the fleet's buffer then).
	 * @param listener the listener, called on the dispatcher thread
	 */
	void onHandled(Consumer<Digest> listener) {
		this.handled = listener;
	}

	void wake() {
		LockSupport.unpark(this.thread);
	}

	void submit(Digest digest) {
		this.outbox.add(digest);
		wake();
	}

	/**
	 * Tries what waits now rather than at the end of the backoff.
	 */
	void retryNow() {
		if (this.retryAt != null) {
			this.retryAt = this.clock.instant();
			wake();
		}
	}

	/**
	 * Sends what was handed over, then stops. What is not sent within the timeout is
	 * spooled: the digests the dispatcher did not reach are composed on the calling
	 * thread.
	 * @param timeout how long to wait for the sends
	 * @return {@code true} when everything handed over was sent or spooled by the
	 * dispatcher in time
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
		// take the message in flight before interrupting, so that the failure the
		// interrupt causes does not find it and spool it a second time
		byte[] current = this.inFlight.getAndSet(null);
		this.thread.interrupt();
		int kept = 0;
		if (current != null) {
			this.waiting.keep(current);
			kept++;
		}
		for (Digest digest = this.outbox.poll(); digest != null; digest = this.outbox.poll()) {
			byte[] message = compose(digest);
			if (message != null) {
				this.waiting.keep(message);
				kept++;
			}
		}
		DigestSpool spool = this.waiting.spool();
		addWarn("Digest sending did not finish within " + timeout + "; " + kept + " digest(s) "
				+ ((spool != null) ? "spooled in " + spool.directory() : "could not be kept"));
		return false;
	}

	Instant retryAt() {
		return this.retryAt;
	}

	WaitingDigests waiting() {
		return this.waiting;
	}

	private void run() {
		while (true) {
			// read before draining: a digest handed over with the stop is submitted
			// before the flag is set,
			// so the drain below sees it
			boolean stop = this.stopping;
			for (Digest digest = this.outbox.poll(); digest != null; digest = this.outbox.poll()) {
				deliver(digest);
			}
			if (stop) {
				return;
			}
			// what waits goes first: if it still fails, the buffer is held back instead
			// of cut
			Instant retry = this.retryAt;
			if (retry != null && !this.clock.instant().isBefore(retry)) {
				retryWaiting();
				continue;
			}
			Digest due = this.engine.flushIfDue();
			if (due != null) {
				deliver(due);
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
		try {
			firstAttempt(digest);
		}
		finally {
			Consumer<Digest> listener = this.handled;
			if (listener != null) {
				listener.accept(digest);
			}
		}
	}

	private void firstAttempt(Digest digest) {
		byte[] message = compose(digest);
		if (message == null) {
			return;
		}
		this.inFlight.set(message);
		try {
			WaitingDigests.Outcome outcome = send(message, "Digest #" + digest.sequence() + " ("
					+ DigestFormat.counted(digest.events(), "event", "events") + ")", digest.events());
			if (outcome == WaitingDigests.Outcome.FAILED) {
				if (this.inFlight.compareAndSet(message, null)) {
					this.waiting.keep(message);
				}
				failed("Digest #" + digest.sequence() + " could not be sent");
			}
			else if (outcome == WaitingDigests.Outcome.REFUSED) {
				this.waiting.reject(message);
			}
			else if (outcome == WaitingDigests.Outcome.SENT) {
				this.history.delivered(digest);
				if (this.retryAt != null) {
					// the server is back: send what waits now rather than at the end of
					// the backoff
					this.retryAt = this.clock.instant();
				}
			}
		}
		finally {
			synchronized (this.inFlight) {
				this.inFlight.compareAndSet(message, null);
				this.inFlight.notifyAll();
			}
		}
	}

	private byte[] compose(Digest digest) {
		try {
			// one history marks a digest: a fleet's digest was marked by the fleet's when
			// it was assembled
			return this.sender.compose((digest.fleet() != null) ? digest : this.history.mark(digest));
		}
		catch (Exception ex) {
			this.statistics.lost();
			addError("Digest #" + digest.sequence() + " could not be composed; its "
					+ DigestFormat.counted(digest.events(), "event is", "events are") + " lost", ex);
			return null;
		}
	}

	private void retryWaiting() {
		this.failure = null;
		boolean done = this.waiting.sendAll((message) -> {
			WaitingDigests.Outcome outcome = send(message, "A waiting digest", 0);
			if (outcome == WaitingDigests.Outcome.SENT) {
				rememberDelivered(message);
			}
			return outcome;
		}, () -> this.stopping);
		if (done) {
			this.retryAt = null;
			this.retryInterval = null;
			this.engine.release();
		}
		else if (this.failure != null) {
			failed("A waiting digest could not be sent again");
		}
		else if (!this.stopping) {
			// the spool could not be read: try again later
			scheduleRetry();
		}
	}

	private void rememberDelivered(byte[] message) {
		try {
			this.history.delivered(this.sender.entryIds(message));
		}
		catch (RuntimeException ex) {
			addWarn("Could not read which entries a delivered digest held", ex);
		}
	}

	/**
	 * Sends one message and says what came of it. A failure that may pass (no connection,
	 * a timeout, a 4xx reply) is kept in {@link #failure} for {@link #failed} to report
	 * once the message is kept; a refusal for good (5xx) is logged once with the server's
	 * reply.
	 */
	private WaitingDigests.Outcome send(byte[] message, String what, long events) {
		long start = System.nanoTime();
		try {
			try {
				this.sender.send(message);
			}
			catch (PartialDeliveryException ex) {
				log(true, what + " was delivered, but the SMTP server refused it for " + String.join(", ", ex.refused())
						+ ": " + ex.reply());
			}
			this.statistics.sent(this.clock.instant(), events, System.nanoTime() - start);
			recovered();
			return WaitingDigests.Outcome.SENT;
		}
		catch (MessageRefusedException ex) {
			// the server answers: no outage
			this.failing = false;
			this.statistics.refused(this.clock.instant(), ex.reply());
			DigestSpool spool = this.waiting.spool();
			String line = what + " was refused by the SMTP server and is not retried" + ((spool != null)
					? "; it is kept in " + spool.rejectedDirectory() + " and tried once more at the next start" : "")
					+ ": " + ex.reply();
			log(true, line);
			return WaitingDigests.Outcome.REFUSED;
		}
		catch (UnreadableMessageException ex) {
			if (events > 0) {
				this.statistics.lost();
			}
			log(true, what + " can never be sent and is put aside: " + DeliveryStatistics.describe(ex));
			return WaitingDigests.Outcome.UNREADABLE;
		}
		catch (Exception ex) {
			this.statistics.failed(this.clock.instant(), ex);
			this.failure = ex;
			return WaitingDigests.Outcome.FAILED;
		}
	}

	private void failed(String what) {
		Exception ex = this.failure;
		scheduleRetry();
		this.engine.hold(this.clock.instant(), DeliveryStatistics.describe(ex));
		if (!this.failing) {
			this.failing = true;
			// one line per outage, not one per attempt
			DigestSpool spool = this.waiting.spool();
			String message = what + "; it is kept" + ((spool != null) ? " in " + spool.directory() : " in memory")
					+ " and retried in " + Durations.format(this.retryInterval)
					+ ". Until digests are delivered again, events are collected into one digest: "
					+ DeliveryStatistics.describe(ex);
			log(true, message);
		}
	}

	private void recovered() {
		if (this.failing) {
			this.failing = false;
			log(false, "Digests are delivered again");
		}
	}

	private void scheduleRetry() {
		this.retryInterval = this.retryPolicy.next(this.retryInterval);
		this.retryAt = this.clock.instant().plus(this.retryInterval);
	}

	private void log(boolean warning, String message) {
		OwnLogging.log(this, warning, message);
	}

}
