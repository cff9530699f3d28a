package io.github.memorydelay.autoconfigure;

import io.github.memorydelay.logback.MemoryDelayAppender;

/**
 * Callback to adjust the {@link MemoryDelayAppender} before it is attached to the root logger, for
 * example to add a Logback filter. Called again each time the appender is re-attached.
 */
@FunctionalInterface
public interface MemoryDelayAppenderCustomizer {

	/**
	 * Adjusts the appender.
	 * @param appender the appender, not yet started
	 */
	void customize(MemoryDelayAppender appender);

}
