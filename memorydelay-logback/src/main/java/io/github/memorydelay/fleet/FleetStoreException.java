package io.github.memorydelay.fleet;

/**
 * A {@link FleetStore} call that failed or took longer than its timeout.
 */
public class FleetStoreException extends RuntimeException {

	public FleetStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
