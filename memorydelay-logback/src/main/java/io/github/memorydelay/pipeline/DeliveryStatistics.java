package io.github.memorydelay.pipeline;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what the dispatcher delivered and what failed. Thread-safe.
 */
public final class DeliveryStatistics {

	private final AtomicLong digestsSent = new AtomicLong();

	private final AtomicLong eventsSent = new AtomicLong();

	private final AtomicLong sendFailures = new AtomicLong();

	private final AtomicLong digestsLost = new AtomicLong();

	private final AtomicLong digestsRefused = new AtomicLong();

	private final AtomicLong sendNanos = new AtomicLong();

	private volatile Instant lastSentAt;

	private volatile Instant lastFailureAt;

	private volatile String lastFailure;

	void sent(Instant at, long events, long nanos) {
		this.digestsSent.incrementAndGet();
		this.eventsSent.addAndGet(events);
		this.sendNanos.addAndGet(nanos);
		this.lastSentAt = at;
	}

	void failed(Instant at, Throwable failure) {
		this.sendFailures.incrementAndGet();
		this.lastFailureAt = at;
		this.lastFailure = describe(failure);
	}

	void refused(Instant at, String reply) {
		this.sendFailures.incrementAndGet();
		this.digestsRefused.incrementAndGet();
		this.lastFailureAt = at;
		this.lastFailure = "refused by the SMTP server: " + reply.replaceAll("[\\p{Cntrl}]", " ");
	}

	void lost() {
		this.digestsLost.incrementAndGet();
	}

	static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = failure.getClass().getName() + ": " + failure.getMessage();
		if (root != failure) {
			text += " (" + root.getClass().getName() + ": " + root.getMessage() + ")";
		}
		return text.replaceAll("[\\p{Cntrl}]", " ");
	}

	/**
	 * @return digests delivered, counting spooled ones delivered later
	 */
	public long digestsSent() {
		return this.digestsSent.get();
	}

	/**
	 * @return events accounted for by digests delivered
	 */
	public long eventsSent() {
		return this.eventsSent.get();
	}

	/**
	 * @return failed attempts to send a digest
	 */
	public long sendFailures() {
		return this.sendFailures.get();
	}

	/**
	 * @return digests that could be neither sent nor spooled
	 */
	public long digestsLost() {
		return this.digestsLost.get();
	}

	/**
	 * @return digests the server refused for good (5xx), kept in the spool's
	 * {@code rejected} folder
	 */
	public long digestsRefused() {
		return this.digestsRefused.get();
	}

	/**
	 * @return time spent in successful sends, in nanoseconds
	 */
	public long sendNanos() {
		return this.sendNanos.get();
	}

	/**
	 * @return time of the last successful send, {@code null} before the first
	 */
	public Instant lastSentAt() {
		return this.lastSentAt;
	}

	/**
	 * @return time of the last failed send, {@code null} before the first
	 */
	public Instant lastFailureAt() {
		return this.lastFailureAt;
	}

	/**
	 * What went wrong, while it is the latest news: until a digest is delivered again.
	 * @return the description of the last failure, {@code null} when none happened since
	 * the last delivery
	 */
	public String currentFailure() {
		Instant failedAt = this.lastFailureAt;
		Instant sentAt = this.lastSentAt;
		return (failedAt != null && (sentAt == null || failedAt.isAfter(sentAt))) ? this.lastFailure : null;
	}

	/**
	 * @return description of the last failure, {@code null} before the first
	 */
	public String lastFailure() {
		return this.lastFailure;
	}

}
