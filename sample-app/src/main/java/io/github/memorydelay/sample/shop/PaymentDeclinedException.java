package io.github.memorydelay.sample.shop;

/**
 * Thrown when the payment provider refuses a charge.
 */
public class PaymentDeclinedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public PaymentDeclinedException(String message, Throwable cause) {
		super(message, cause);
	}

}
