package io.github.memorydelay.autoconfigure;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.FilterAttachable;

/**
 * Callback to adjust the appender that feeds the starter's pipeline before it is attached
 * to the root logger: its Logback filters are what may change. The pipeline's settings
 * (level, triggers, capacity, recipients...) are the {@code memorydelay.*} properties, so
 * the callback is not given the appender's options, which would have no effect. Called
 * again each time the appender is re-attached.
 */
@FunctionalInterface
public interface MemoryDelayAppenderCustomizer {

	/**
	 * Adjusts the appender's filters.
	 * @param appender the appender, not yet started
	 */
	void customize(FilterAttachable<ILoggingEvent> appender);

}
