package io.github.memorydelay.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BooleanSupplier;

import ch.qos.logback.core.spi.ContextAware;
import io.github.memorydelay.delivery.DigestSpool;

/**
 * Digests that wait to be sent again: the files of the {@link DigestSpool}, and a few
 * messages kept in memory when there is no spool or it cannot be written. The
 * {@link DigestDispatcher} keeps the send loop; this is where what it could not send
 * waits.
 */
final class WaitingDigests {

	/** Messages kept in memory when there is no spool or it cannot be written. */
	static final int MAX_IN_MEMORY = 16;

	private final DigestSpool spool;

	private final ConcurrentLinkedDeque<byte[]> inMemory = new ConcurrentLinkedDeque<>();

	private final DeliveryStatistics statistics;

	private final ContextAware status;

	/**
	 * @param spool the spool, {@code null} to keep a few messages in memory only
	 * @param statistics where lost digests are counted
	 * @param status where problems are reported
	 */
	WaitingDigests(DigestSpool spool, DeliveryStatistics statistics, ContextAware status) {
		this.spool = spool;
		this.statistics = statistics;
		this.status = status;
	}

	/**
	 * Takes over what an earlier run left: files claimed by a process that stopped while
	 * sending them, and the messages the server refused, which are tried once more.
	 * @return whether anything waits
	 */
	boolean open() {
		if (this.spool != null) {
			this.spool.releaseAbandoned();
			this.spool.restoreRejected();
		}
		return !isEmpty();
	}

	DigestSpool spool() {
		return this.spool;
	}

	/**
	 * @return spool files waiting, those being sent right now included
	 */
	int spooled() {
		return (this.spool != null) ? this.spool.size() : 0;
	}

	/**
	 * @return messages kept in memory because they could not be spooled
	 */
	int inMemory() {
		return this.inMemory.size();
	}

	boolean isEmpty() {
		return spooled() + inMemory() == 0;
	}

	/**
	 * Keeps a message that could not be sent, in the spool if possible, else in memory.
	 * @param message the message
	 */
	void keep(byte[] message) {
		if (this.spool != null) {
			try {
				this.spool.store(message);
				return;
			}
			catch (IOException ex) {
				this.status.addError(
						"Could not write to the spool " + this.spool.directory() + "; keeping the digest in memory",
						ex);
			}
		}
		this.inMemory.addLast(message);
		while (this.inMemory.size() > MAX_IN_MEMORY) {
			this.inMemory.pollFirst();
			this.statistics.lost();
			this.status.addError("More than " + MAX_IN_MEMORY + " digests wait in memory; the oldest is dropped");
		}
	}

	/**
	 * Keeps a message that the server refused for good, for a person to look at and for
	 * one more try at the next start.
	 * @param message the message
	 * @return where it is kept, {@code null} when it could not be kept
	 */
	Path reject(byte[] message) {
		if (this.spool != null) {
			try {
				return this.spool.storeRejected(message);
			}
			catch (IOException ex) {
				this.status.addError("Could not keep a refused digest in " + this.spool.rejectedDirectory(), ex);
			}
		}
		this.statistics.lost();
		return null;
	}

	/**
	 * Sends what waits, oldest first, until an attempt fails.
	 * @param attempt sends one message
	 * @param stopping whether to give up because the dispatcher stops
	 * @return {@code true} when nothing is left to send
	 */
	boolean sendAll(Attempt attempt, BooleanSupplier stopping) {
		for (Iterator<byte[]> it = this.inMemory.iterator(); it.hasNext();) {
			if (stopping.getAsBoolean()) {
				return false;
			}
			byte[] message = it.next();
			Outcome outcome = attempt.send(message);
			if (outcome == Outcome.FAILED) {
				return false;
			}
			it.remove();
			if (outcome == Outcome.REFUSED) {
				reject(message);
			}
			else if (outcome == Outcome.UNREADABLE) {
				this.statistics.lost();
				this.status.addError("A digest kept in memory can never be sent and is dropped");
			}
		}
		return (this.spool == null) || sendSpooled(attempt, stopping);
	}

	private boolean sendSpooled(Attempt attempt, BooleanSupplier stopping) {
		List<Path> files;
		try {
			files = this.spool.list();
		}
		catch (IOException ex) {
			// not a failure to deliver: what the spool holds cannot be sent from here
			// until it is fixed
			this.status.addError("Could not read the spool " + this.spool.directory(), ex);
			return true;
		}
		for (Path file : files) {
			if (stopping.getAsBoolean()) {
				return false;
			}
			try {
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
				Outcome outcome = attempt.send(message);
				switch (outcome) {
					case SENT -> this.spool.delete(claimed);
					case REFUSED -> this.spool.reject(claimed);
					case UNREADABLE -> moveAside(claimed, null);
					default -> {
						this.spool.release(claimed);
						return false;
					}
				}
			}
			catch (IOException ex) {
				this.status.addError("Could not handle the spool file " + file, ex);
				return false;
			}
		}
		return true;
	}

	private void moveAside(Path file, Exception cause) {
		try {
			Path aside = this.spool.moveAside(file);
			this.status.addError("Spool file " + file + " cannot be sent and was moved to " + aside, cause);
		}
		catch (IOException ex) {
			this.status.addError("Spool file " + file + " cannot be sent nor moved aside", ex);
		}
	}

	/**
	 * What happened to one message.
	 */
	enum Outcome {

		/** Delivered, to all recipients or some. */
		SENT,

		/** Refused for good by the server. */
		REFUSED,

		/** Not a message the sender can ever send. */
		UNREADABLE,

		/** Not sent this time: to be tried again. */
		FAILED

	}

	/**
	 * Sends one waiting message.
	 */
	@FunctionalInterface
	interface Attempt {

		Outcome send(byte[] message);

	}

}
