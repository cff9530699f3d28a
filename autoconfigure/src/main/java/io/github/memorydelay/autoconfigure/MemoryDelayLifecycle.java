package io.github.memorydelay.autoconfigure;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import io.github.memorydelay.autoconfigure.MemoryDelayPropertiesMapper.MemoryDelayFleet;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.logback.LogbackAttachment;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.pipeline.SmtpCheck;
import io.github.memorydelay.render.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts sending digests with the context and attaches the appender to the root logger;
 * on the way down, while the mail sender still exists, sends the last digest (trigger
 * {@code shutdown}) and detaches. It stops in a very late phase, after the web server, so
 * that events logged while the application shuts down are still in the last digest.
 */
public class MemoryDelayLifecycle implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(MemoryDelayLifecycle.class);

	/** Late phase: stopped after (almost) everything else. */
	public static final int PHASE = Integer.MIN_VALUE + 1000;

	private final MemoryDelay memoryDelay;

	private final DigestSender sender;

	private final DigestSpool spool;

	private final RetryPolicy retryPolicy;

	private final Duration shutdownTimeout;

	private final List<MemoryDelayAppenderCustomizer> customizers;

	private final MemoryDelayFleet fleet;

	private volatile boolean running;

	/** Whether to connect and log in once at start, see {@link MemoryDelay#verify()}. */
	private boolean verify;

	MemoryDelayLifecycle(MemoryDelay memoryDelay, DigestSender sender, DigestSpool spool, RetryPolicy retryPolicy,
			Duration shutdownTimeout, List<MemoryDelayAppenderCustomizer> customizers) {
		this(memoryDelay, sender, spool, retryPolicy, shutdownTimeout, customizers, null);
	}

	MemoryDelayLifecycle(MemoryDelay memoryDelay, DigestSender sender, DigestSpool spool, RetryPolicy retryPolicy,
			Duration shutdownTimeout, List<MemoryDelayAppenderCustomizer> customizers, MemoryDelayFleet fleet) {
		this.fleet = fleet;
		this.memoryDelay = memoryDelay;
		this.sender = sender;
		this.spool = spool;
		this.retryPolicy = retryPolicy;
		this.shutdownTimeout = shutdownTimeout;
		this.customizers = customizers;
	}

	@Override
	public void start() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext loggerContext) {
			LogbackAttachment attachment = LogbackAttachment.of(this.memoryDelay);
			if (this.customizers.isEmpty()) {
				attachment.attach(loggerContext);
			}
			else {
				attachment
					.customize((appender) -> this.customizers.forEach((customizer) -> customizer.customize(appender)));
				// a fresh appender, so that the customizers apply to it
				attachment.reattach(loggerContext);
			}
		}
		if (!this.memoryDelay.isStarted()) {
			if (this.fleet != null) {
				this.memoryDelay.start(this.sender, this.spool, this.retryPolicy, this.fleet.store(),
						this.fleet.settings());
			}
			else {
				this.memoryDelay.start(this.sender, this.spool, this.retryPolicy);
			}
			if (this.verify) {
				SmtpCheck check = this.memoryDelay.verify();
				if (check.passed()) {
					logger.info("{}; {}", describe(), check.description());
				}
				else {
					logger.warn("{}; {}", describe(), check.description());
				}
			}
			else {
				logger.info(describe());
			}
		}
		this.running = true;
	}

	/**
	 * Connect and log in once at start, sending nothing, and say in the start-up line
	 * whether it worked.
	 * @param verify whether to
	 */
	void setVerify(boolean verify) {
		this.verify = verify;
	}

	@Override
	public void stop() {
		this.running = false;
		this.memoryDelay.shutdown(this.shutdownTimeout);
		LogbackAttachment.of(this.memoryDelay).detach();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * The line that says at start that memorydelay is on: recipients, SMTP server, level
	 * and triggers, spool folder. Never a password.
	 */
	String describe() {
		DigestSettings settings = this.memoryDelay.settings();
		StringBuilder line = new StringBuilder("memorydelay is on: digests to ");
		if (this.sender instanceof MailDigestSender mail) {
			line.append(mail.recipients()).append(" via SMTP ").append(mail.server());
		}
		else {
			line.append("a ").append(this.sender.getClass().getName());
		}
		line.append("; level ").append(settings.level());
		line.append(", triggers: flush-level ")
			.append(settings.flushLevel().equals(Level.OFF) ? "off" : settings.flushLevel());
		line.append(", capacity ").append(settings.capacity());
		line.append(", delay ").append(settings.delay().isZero() ? "off" : Durations.format(settings.delay()));
		line.append(", min-interval ").append(Durations.format(settings.minInterval()));
		if (settings.quietHours().isOn()) {
			line.append("; quiet hours ").append(settings.quietHours().describe());
		}
		line.append("; spool ").append((this.spool != null) ? this.spool.directory() : "none (kept in memory)");
		if (this.fleet != null) {
			line.append("; fleet mode as instance ")
				.append(this.fleet.settings().instance())
				.append(" (")
				.append(this.fleet.store().describe())
				.append(", timeout ")
				.append(Durations.format(this.fleet.settings().timeout()))
				.append(")");
		}
		return line.toString();
	}

}
