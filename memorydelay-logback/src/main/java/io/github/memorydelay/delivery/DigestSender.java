package io.github.memorydelay.delivery;

import java.util.Collection;
import java.util.List;

import io.github.memorydelay.digest.Digest;

/**
 * Where digests go. Composing and sending are separate steps so that a message that
 * cannot be sent is kept, exactly as composed, in the {@link DigestSpool} and sent again
 * later.
 * <p>
 * Never called on a thread that logs. {@link #send} is called on the dispatcher thread
 * only. {@link #compose} is called on the dispatcher thread, and at shutdown, for digests
 * the dispatcher did not reach within the shutdown timeout, on the thread that stops the
 * pipeline: it must be thread-safe and do no I/O.
 */
public interface DigestSender {

	/**
	 * Turns a digest into a complete message, for an email an RFC 822 message.
	 * @param digest the digest
	 * @return the message
	 * @throws Exception when the digest cannot be composed
	 */
	byte[] compose(Digest digest) throws Exception;

	/**
	 * Sends a message made by {@link #compose(Digest)}, now or from the spool.
	 * @param message the message
	 * @throws UnreadableMessageException when the message is not one this sender can
	 * send, and never will be
	 * @throws MessageRefusedException when the server refused it for good (an SMTP 5xx
	 * reply): it is not retried in a loop
	 * @throws PartialDeliveryException when the server accepted it for some recipients
	 * only: it counts as delivered
	 * @throws Exception when it could not be sent this time (no connection, a timeout, a
	 * 4xx reply): it is retried with backoff
	 */
	void send(byte[] message) throws Exception;

	/**
	 * The ids of the entries of a message made by {@link #compose(Digest)}, so that a
	 * digest delivered from the spool is remembered as reported too.
	 * @param message the message
	 * @return the ids, empty when the message does not say
	 */
	default Collection<String> entryIds(byte[] message) {
		return List.of();
	}

	/**
	 * Connects and logs in once, sending nothing: a check at start-up, so that a wrong
	 * password or an unreachable server is known before the first digest.
	 * @throws Exception when the server cannot be reached or refuses the login
	 */
	default void verify() throws Exception {
	}

}
