package io.github.memorydelay.logback;

import java.nio.file.Path;
import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Logback appender that buffers events into digests.
 * <p>
 * It feeds a {@link MemoryDelay}, which holds the buffer. Spring Boot's auto-configuration creates the
 * {@code MemoryDelay} and attaches appenders to it with {@link LogbackAttachment}; stopping such an
 * appender (as Logback does when it is reset) loses nothing. Configured on its own, in
 * {@code logback.xml}, the appender creates its {@code MemoryDelay} from its properties and a
 * {@link DigestSender} on {@link #start()}, and {@link #stop()} sends what is buffered.
 */
public class MemoryDelayAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	private MemoryDelay memoryDelay;

	private boolean ownsMemoryDelay;

	private final DigestSettings.Builder settings = DigestSettings.builder();

	private DigestSender sender;

	private String spoolDirectory;

	private Duration retryInitialInterval = RetryPolicy.defaults().initialInterval();

	private Duration retryMaxInterval = RetryPolicy.defaults().maxInterval();

	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Feeds an existing pipeline, owned by someone else: stopping this appender does not stop it.
	 * @param memoryDelay the pipeline
	 */
	public void setMemoryDelay(MemoryDelay memoryDelay) {
		this.memoryDelay = memoryDelay;
		this.ownsMemoryDelay = false;
	}

	public MemoryDelay getMemoryDelay() {
		return this.memoryDelay;
	}

	@Override
	public void start() {
		if (isStarted()) {
			return;
		}
		if (this.memoryDelay == null) {
			if (!createMemoryDelay()) {
				return;
			}
		}
		super.start();
	}

	private boolean createMemoryDelay() {
		if (this.sender == null) {
			addError("No sender set for the appender named [" + this.name + "]: add a <sender class=\"...\"/> "
					+ "implementing " + DigestSender.class.getName());
			return false;
		}
		try {
			MemoryDelay created = new MemoryDelay(this.settings.build());
			created.setContext(getContext());
			created.start(this.sender, (this.spoolDirectory != null) ? new DigestSpool(Path.of(this.spoolDirectory)) : null,
					new RetryPolicy(this.retryInitialInterval, this.retryMaxInterval));
			this.memoryDelay = created;
			this.ownsMemoryDelay = true;
			return true;
		}
		catch (IllegalArgumentException ex) {
			addError("Invalid configuration of the appender named [" + this.name + "]: " + ex.getMessage());
			return false;
		}
	}

	@Override
	protected void append(ILoggingEvent event) {
		this.memoryDelay.append(event);
	}

	@Override
	public void stop() {
		if (!isStarted()) {
			return;
		}
		super.stop();
		if (this.ownsMemoryDelay) {
			if (!this.memoryDelay.shutdown(this.shutdownTimeout)) {
				addWarn("The last digest was not sent within " + this.shutdownTimeout);
			}
			// started again, the appender builds a new pipeline from its properties
			this.memoryDelay = null;
		}
	}

	/** @param level least severe level buffered, {@code WARN} by default */
	public void setLevel(String level) {
		this.settings.level(Level.toLevel(level, Level.WARN));
	}

	/** @param flushLevel level at or above which a digest is sent, {@code ERROR} by default, {@code OFF} for never */
	public void setFlushLevel(String flushLevel) {
		this.settings.flushLevel(Level.toLevel(flushLevel, Level.ERROR));
	}

	/** @param capacity distinct entries held, 128 by default */
	public void setCapacity(int capacity) {
		this.settings.capacity(capacity);
	}

	/** @param delay ISO-8601 duration after the first event at which a digest is sent, {@code PT60S} by default */
	public void setDelay(String delay) {
		this.settings.delay(Duration.parse(delay));
	}

	/** @param minInterval ISO-8601 least duration between two digests, {@code PT1M} by default */
	public void setMinInterval(String minInterval) {
		this.settings.minInterval(Duration.parse(minInterval));
	}

	/** @param application name shown in digests */
	public void setApplication(String application) {
		this.settings.application(application);
	}

	/** @param host host name shown in digests */
	public void setHost(String host) {
		this.settings.host(host);
	}

	/** @param sender where digests go */
	public void setSender(DigestSender sender) {
		this.sender = sender;
	}

	/** @param spoolDirectory folder for digests that could not be sent, none by default */
	public void setSpoolDirectory(String spoolDirectory) {
		this.spoolDirectory = spoolDirectory;
	}

	/** @param retryInitialInterval ISO-8601 wait before the first retry, {@code PT30S} by default */
	public void setRetryInitialInterval(String retryInitialInterval) {
		this.retryInitialInterval = Duration.parse(retryInitialInterval);
	}

	/** @param retryMaxInterval ISO-8601 upper bound of the retry wait, {@code PT1H} by default */
	public void setRetryMaxInterval(String retryMaxInterval) {
		this.retryMaxInterval = Duration.parse(retryMaxInterval);
	}

	/** @param shutdownTimeout ISO-8601 time {@link #stop()} may spend sending, {@code PT10S} by default */
	public void setShutdownTimeout(String shutdownTimeout) {
		this.shutdownTimeout = Duration.parse(shutdownTimeout);
	}

}
