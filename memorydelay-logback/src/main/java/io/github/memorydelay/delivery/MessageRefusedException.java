package io.github.memorydelay.delivery;

/**
 * Thrown by a {@link DigestSender} when the server refuses a message for good (an SMTP
 * 5xx reply): such a message is moved to the spool's {@code rejected} folder and not
 * retried in a loop.
 */
public class MessageRefusedException extends Exception {

	private static final long serialVersionUID = 1L;

	private final String reply;

	/**
	 * @param reply the server's reply, such as
	 * {@code 550 5.1.1 <ops@example.com>: Recipient address rejected}
	 * @param cause what the mail library threw
	 */
	public MessageRefusedException(String reply, Throwable cause) {
		super("The SMTP server refused the message: " + reply, cause);
		this.reply = reply;
	}

	/**
	 * The server's reply.
	 * @return the reply, on one line
	 */
	public String reply() {
		return this.reply;
	}

}
