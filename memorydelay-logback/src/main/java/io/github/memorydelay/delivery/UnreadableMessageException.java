package io.github.memorydelay.delivery;

/**
 * Thrown by a {@link DigestSender} for a message it can never send, such as a damaged
 * spool file. Such a message is moved aside instead of being retried forever.
 */
public class UnreadableMessageException extends Exception {

	private static final long serialVersionUID = 1L;

	public UnreadableMessageException(String message, Throwable cause) {
		super(message, cause);
	}

}
