package io.github.memorydelay.pipeline;

import java.time.Instant;

/**
 * The outage rule, in one place: an SMTP outage ends in at most two emails, the digest
 * that failed and one digest for everything logged meanwhile. While delivery fails the
 * buffer is held back (no capacity, level or delay digest is cut, events keep being
 * counted into it); when delivery works again a trigger that fired meanwhile, or a manual
 * flush asked for, is due at once. It also remembers since when the events of the current
 * buffer were held back, for the digest that ends the outage to say so.
 * <p>
 * Not thread-safe: {@link DigestEngine} changes and reads it under its lock. The
 * dispatcher reports failures and deliveries ({@link DigestEngine#hold},
 * {@link DigestEngine#release}); a manual flush during an outage is deferred through
 * {@link DigestDispatcher#deferManualFlush()}.
 */
final class OutageState {

	/**
	 * Since when delivery fails and no digest is cut, {@code null} while digests are
	 * delivered.
	 */
	private Instant holdingSince;

	/**
	 * Since when the events of the current buffer were held back, kept for its digest.
	 */
	private Instant heldSince;

	private String heldReason;

	/**
	 * Whether the buffer is due at once, because it was held back while its trigger
	 * fired.
	 */
	private boolean dueOnRelease;

	/** Whether a manual flush was asked for while the buffer was held back. */
	private boolean manualRequested;

	boolean isHolding() {
		return this.holdingSince != null;
	}

	/**
	 * Since when the buffer is held back.
	 * @return the time, {@code null} while digests are delivered
	 */
	Instant holdingSince() {
		return this.holdingSince;
	}

	/**
	 * Why the buffer is held back.
	 * @return the reason, {@code null} while digests are delivered
	 */
	String holdingReason() {
		return (this.holdingSince != null) ? this.heldReason : null;
	}

	boolean manualRequested() {
		return this.manualRequested;
	}

	boolean dueOnRelease() {
		return this.dueOnRelease;
	}

	/**
	 * Delivery failed: the buffer is held back from now on.
	 * @param since when delivery began to fail
	 * @param reason why, for the digest to say
	 */
	void onFailure(Instant since, String reason) {
		if (this.holdingSince == null) {
			this.holdingSince = since;
			if (this.heldSince == null) {
				this.heldSince = since;
			}
		}
		this.heldReason = reason;
	}

	/**
	 * Delivery works again: the buffer is released.
	 * @param hasContent whether the buffer has something to show; without, the next
	 * digest is not a held one
	 * @param triggerDue whether a capacity or level trigger fired, or the delay passed,
	 * while it was held
	 */
	void onDelivered(boolean hasContent, boolean triggerDue) {
		if (this.holdingSince == null) {
			return;
		}
		this.holdingSince = null;
		if (!hasContent) {
			this.heldSince = null;
			this.heldReason = null;
			this.dueOnRelease = false;
			this.manualRequested = false;
			return;
		}
		this.dueOnRelease = this.manualRequested || triggerDue;
	}

	/**
	 * A manual flush is asked for while the buffer is held back: it is cut as soon as it
	 * is released.
	 */
	void requestManual() {
		this.manualRequested = true;
	}

	/**
	 * The buffer turned out to hold silenced events only: nothing is due for it.
	 */
	void nothingToShow() {
		this.dueOnRelease = false;
		this.manualRequested = false;
	}

	/**
	 * A digest is cut from the buffer.
	 * @param now the time of the cut
	 * @return since when and why its events were held back, {@code null} when they were
	 * not
	 */
	Held cut(Instant now) {
		Held held = held();
		this.dueOnRelease = false;
		this.manualRequested = false;
		if (this.holdingSince == null) {
			this.heldSince = null;
			this.heldReason = null;
		}
		else {
			// cut while held (at shutdown): what comes next is held from now on
			this.heldSince = now;
		}
		return held;
	}

	/**
	 * Since when and why the events of the current buffer were held back.
	 * @return that, {@code null} when they were not
	 */
	Held held() {
		return (this.heldSince != null) ? new Held(this.heldSince, this.heldReason) : null;
	}

	/**
	 * The buffer is taken out without a digest, to be kept or handed on: a manual flush
	 * asked for goes with it.
	 * @return whether a manual flush was asked for
	 */
	boolean take() {
		boolean manual = this.manualRequested;
		this.manualRequested = false;
		return manual;
	}

	/**
	 * A buffer held back at the last shutdown is put back.
	 * @param manual whether a manual flush was asked for
	 * @param since since when its events were held back, {@code null} when they were not
	 * @param reason why
	 */
	void restore(boolean manual, Instant since, String reason) {
		if (manual) {
			this.manualRequested = true;
		}
		if (since != null && (this.heldSince == null || since.isBefore(this.heldSince))) {
			this.heldSince = since;
			this.heldReason = reason;
		}
	}

	/**
	 * Since when and why the events of a digest were held back.
	 *
	 * @param since since when
	 * @param reason why
	 */
	record Held(Instant since, String reason) {

	}

}
