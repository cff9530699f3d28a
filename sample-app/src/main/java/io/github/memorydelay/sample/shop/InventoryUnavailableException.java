package io.github.memorydelay.sample.shop;

/**
 * Thrown when the inventory service does not answer in time.
 */
public class InventoryUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public InventoryUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
