package io.github.memorydelay.logback;

import java.util.Objects;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.github.memorydelay.pipeline.MemoryDelay;

/**
 * The appender that feeds a pipeline owned by someone else: what
 * {@link LogbackAttachment} puts on the root logger for the Spring Boot starter. It has
 * no options (the pipeline has its settings), and stopping it loses nothing: the buffer
 * is the pipeline's, which outlives Logback's resets.
 */
public final class AttachedAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private final MemoryDelay memoryDelay;

	/**
	 * @param memoryDelay the pipeline it feeds
	 */
	public AttachedAppender(MemoryDelay memoryDelay) {
		this.memoryDelay = Objects.requireNonNull(memoryDelay, "memoryDelay");
	}

	/**
	 * The pipeline this appender feeds.
	 * @return the pipeline
	 */
	public MemoryDelay getMemoryDelay() {
		return this.memoryDelay;
	}

	/**
	 * Turns events below the pipeline's level away before Logback's bookkeeping for an
	 * appender, as {@link MemoryDelayAppender#doAppend} does.
	 * @param event the event
	 */
	@Override
	public void doAppend(ILoggingEvent event) {
		if (this.memoryDelay.settings().isBuffered(event.getLevel())) {
			super.doAppend(event);
		}
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.memoryDelay.append(event);
	}

}
