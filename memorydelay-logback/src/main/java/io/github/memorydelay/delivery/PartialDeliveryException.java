package io.github.memorydelay.delivery;

import java.util.List;

/**
 * Thrown by a {@link DigestSender} when the server accepted a message for some recipients
 * and refused it for others. The message counts as delivered; the refused addresses are
 * logged.
 */
public class PartialDeliveryException extends Exception {

	private static final long serialVersionUID = 1L;

	private final List<String> refused;

	private final String reply;

	/**
	 * @param refused the addresses the server refused
	 * @param reply the server's reply
	 * @param cause what the mail library threw
	 */
	public PartialDeliveryException(List<String> refused, String reply, Throwable cause) {
		super("The SMTP server refused " + refused + ": " + reply, cause);
		this.refused = List.copyOf(refused);
		this.reply = reply;
	}

	/**
	 * The addresses the server refused.
	 * @return the addresses
	 */
	public List<String> refused() {
		return this.refused;
	}

	/**
	 * The server's reply.
	 * @return the reply, on one line
	 */
	public String reply() {
		return this.reply;
	}

}
