package io.github.memorydelay.logback;

/**
 * Where digests go. Composing and sending are separate steps so that a message that cannot be sent
 * is kept, exactly as composed, in the {@link DigestSpool} and sent again later.
 * <p>
 * Called on the dispatcher thread only, never on a thread that logs.
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
	 * @throws UnreadableMessageException when the message is not one this sender can send, and never will be
	 * @throws Exception when it could not be sent this time
	 */
	void send(byte[] message) throws Exception;

}
