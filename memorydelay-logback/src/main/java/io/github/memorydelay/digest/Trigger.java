package io.github.memorydelay.digest;

import java.util.Locale;

/**
 * Why a digest was sent.
 */
public enum Trigger {

	/** The buffer held {@code capacity} distinct entries. */
	CAPACITY,

	/** An event at or above the flush level arrived. */
	LEVEL,

	/** The delay since the first event of the buffer passed. */
	DELAY,

	/** Someone asked for a flush (endpoint or API). */
	MANUAL,

	/** The application stopped. */
	SHUTDOWN;

	/**
	 * Name of the trigger as it appears in the {@code X-MemoryDelay-Trigger} header.
	 * @return the lower-case name
	 */
	public String headerValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
