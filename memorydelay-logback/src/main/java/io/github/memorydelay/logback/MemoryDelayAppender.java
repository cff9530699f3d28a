package io.github.memorydelay.logback;

import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.ConfigurationEvent;
import ch.qos.logback.core.spi.ConfigurationEventListener;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.pipeline.Defaults;
import io.github.memorydelay.pipeline.InvalidSettingException;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.pipeline.SmtpCheck;
import io.github.memorydelay.pipeline.Validation;
import io.github.memorydelay.render.SubjectTemplate;

/**
 * Logback appender that buffers events into digests, declared in {@code logback.xml}
 * where Logback's {@code SMTPAppender} would be, with the same SMTP option names.
 * <p>
 * Declared in {@code logback.xml}, it creates its own pipeline (a {@link MemoryDelay}) on
 * {@link #start()} from its options, and {@link #stop()} (Logback's
 * {@code <shutdownHook/>}, or {@code LoggerContext.stop()}) sends what is buffered within
 * {@code shutdownTimeout}. The SMTP options keep {@code SMTPAppender}'s names
 * ({@code smtpHost}, {@code smtpPort}, {@code to}, {@code from}, {@code subject},
 * {@code username}, {@code password}, {@code STARTTLS}, {@code SSL}, {@code localhost},
 * {@code charsetEncoding}); with {@code smtpHost} set the appender sends through Jakarta
 * Mail, found on the class path. A {@code <sender class="...">} implementing
 * {@link DigestSender} replaces the SMTP options. The digest options are the
 * {@code memorydelay.*} properties of the Spring Boot starter in camel case. Durations
 * take Logback's forms ({@code 60 seconds}), ISO-8601 ({@code PT60S}) and Spring Boot's
 * ({@code 60s}; a bare number is milliseconds).
 * <p>
 * Every value is checked: one that does not parse, or cannot work, is a status error
 * naming the option and the value, and the appender does not start. Nothing falls back to
 * a default silently.
 * <p>
 * The setters parse the options, as Logback's {@code SMTPAppenderBase} keeps its own;
 * building the pipeline from them is {@link AppenderPipeline}'s. Spring Boot's
 * auto-configuration creates the pipeline itself and feeds it through an
 * {@link AttachedAppender}, which has no options.
 */
public class MemoryDelayAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

	/**
	 * Port of the SMTP server unless {@code smtpPort} is set, as in Logback's
	 * {@code SMTPAppender}.
	 */
	public static final int DEFAULT_SMTP_PORT = 25;

	/** Port of the SMTP server with {@code SSL} unless {@code smtpPort} is set. */
	public static final int DEFAULT_SSL_PORT = 465;

	/**
	 * Time {@link #stop()} may spend sending the last digest, unless
	 * {@code shutdownTimeout} is set.
	 */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Application name in digests unless {@code application} is set or the context has a
	 * name.
	 */
	public static final String DEFAULT_APPLICATION = Defaults.APPLICATION;

	/** Options that may be given more than once, each time adding to a list. */
	private static final Set<String> REPEATABLE_OPTIONS = Set.of("to", "cc", "bcc", "quietHoursRanges",
			"linksTraceKeys");

	/** Whether to connect and log in once at start, see {@link MemoryDelay#verify()}. */
	private boolean verify;

	/** The pipeline built by {@link #start()}, {@code null} while stopped or disabled. */
	private MemoryDelay memoryDelay;

	/** What the pipeline is built from: the values of the options given. */
	private final AppenderPipeline pipeline = new AppenderPipeline();

	/** Bad values by option, reported when the appender is started. */
	private final Map<String, String> invalid = new LinkedHashMap<>();

	private boolean enabled = true;

	private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

	/**
	 * The pipeline this appender built when it started.
	 * @return the pipeline, {@code null} while stopped or disabled
	 */
	public MemoryDelay getMemoryDelay() {
		return this.memoryDelay;
	}

	@Override
	public void start() {
		if (isStarted()) {
			return;
		}
		if (!this.invalid.isEmpty()) {
			this.invalid.forEach((option, problem) -> addError(appender() + ": " + problem));
			addError(
					appender() + " is not started: fix the option" + ((this.invalid.size() > 1) ? "s" : "") + " above");
			return;
		}
		if (!this.enabled) {
			// started, so that Logback does not warn about appending to it, but without a
			// pipeline
			addInfo(appender() + " is disabled (option <enabled> is false): events are ignored");
			super.start();
			return;
		}
		MemoryDelay created = this.pipeline.build(this, appender());
		if (created == null) {
			return;
		}
		this.memoryDelay = created;
		super.start();
		warnWithoutShutdownHook();
		if (this.verify) {
			SmtpCheck check = created.verify();
			if (check.passed()) {
				addInfo(appender() + ": " + check.description());
			}
			else {
				addWarn(appender() + ": " + check.description());
			}
		}
	}

	private void warnWithoutShutdownHook() {
		Context context = getContext();
		if (hasShutdownHook(context)) {
			return;
		}
		if (context.getConfigurationLock().isHeldByCurrentThread()) {
			// being configured from logback.xml: a <shutdownHook/> may still come further
			// down the file
			context.addConfigurationEventListener(new ShutdownHookCheck(context));
		}
		else {
			addWarn(shutdownHookWarning());
		}
	}

	private static boolean hasShutdownHook(Context context) {
		return context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD) != null;
	}

	private String shutdownHookWarning() {
		return appender() + ": the logger context has no shutdown hook, so what is buffered when the JVM exits is "
				+ "lost (as with Logback's SMTPAppender). Add <shutdownHook/> to logback.xml, or call "
				+ "LoggerContext.stop() before the application ends: the last digest is sent then, within "
				+ "shutdownTimeout (" + this.shutdownTimeout + ").";
	}

	/**
	 * Turns events below the level away before Logback's bookkeeping for an appender (its
	 * checks, its re-entry guard, which Logback 1.5 leaves a no-op for appenders that do
	 * not write to a stream, and the filter chain): most events of an application are
	 * below the level, and they cost this appender no more than an appender that does
	 * nothing. The appender's filters see only the events at or above the level; no
	 * filter could have made the others buffered. memorydelay's own re-entry guard is the
	 * pipeline's, per logging thread.
	 * @param event the event
	 */
	@Override
	public void doAppend(ILoggingEvent event) {
		MemoryDelay current = this.memoryDelay;
		if (current != null && !current.settings().isBuffered(event.getLevel())) {
			return;
		}
		super.doAppend(event);
	}

	@Override
	protected void append(ILoggingEvent event) {
		MemoryDelay current = this.memoryDelay;
		if (current != null) {
			current.append(event);
		}
	}

	@Override
	public void stop() {
		if (!isStarted()) {
			return;
		}
		super.stop();
		if (this.memoryDelay != null) {
			if (!this.memoryDelay.shutdown(this.shutdownTimeout)) {
				addWarn(appender() + ": the last digest was not sent within " + this.shutdownTimeout);
			}
			// started again, the appender builds a new pipeline from its options
			this.memoryDelay = null;
		}
	}

	// ---- digest options: the memorydelay.* properties in camel case

	/**
	 * @param enabled whether the appender sends digests, {@code true} by default; with
	 * {@code false} it ignores every event, and the other options are not required
	 * ({@code <enabled>${DIGESTS:-true}</enabled>})
	 */
	public void setEnabled(String enabled) {
		Boolean parsed = pipelineOption("enabled", enabled, OptionParser::bool);
		if (parsed != null) {
			this.enabled = parsed;
		}
	}

	/**
	 * @param level least severe level buffered, {@code WARN} by default
	 */
	public void setLevel(String level) {
		Level parsed = pipelineOption("level", level, (value) -> Validation.level("level", value, "WARN"));
		if (parsed != null) {
			this.pipeline.settings.level(parsed);
		}
	}

	/**
	 * @param flushLevel level at or above which a digest is sent, {@code ERROR} by
	 * default, {@code OFF} for never
	 */
	public void setFlushLevel(String flushLevel) {
		Level parsed = pipelineOption("flushLevel", flushLevel,
				(value) -> Validation.level("flush-level", value, "ERROR"));
		if (parsed != null) {
			this.pipeline.settings.flushLevel(parsed);
		}
	}

	/**
	 * @param capacity distinct entries held, greater than 0, 128 by default
	 */
	public void setCapacity(String capacity) {
		Integer parsed = pipelineOption("capacity", capacity,
				(value) -> Validation.capacity(OptionParser.integer(value)));
		if (parsed != null) {
			this.pipeline.settings.capacity(parsed);
		}
	}

	/**
	 * @param delay time after the first event at which a digest is sent,
	 * {@code 60 seconds} by default, 0 for never
	 */
	public void setDelay(String delay) {
		Duration parsed = pipelineOption("delay", delay,
				(value) -> Validation.notNegative("delay", OptionParser.duration(value)));
		if (parsed != null) {
			this.pipeline.settings.delay(parsed);
		}
	}

	/**
	 * @param history how long a reported entry is remembered for the new/recurring mark,
	 * {@code 7 days} by default, 0 for never (kept in the spool directory)
	 */
	public void setHistory(String history) {
		Duration parsed = pipelineOption("history", history,
				(value) -> Validation.notNegative("history", OptionParser.duration(value)));
		if (parsed != null) {
			this.pipeline.settings.history(parsed);
		}
	}

	/**
	 * @param minInterval least time between two digests, {@code 1 minute} by default
	 */
	public void setMinInterval(String minInterval) {
		Duration parsed = pipelineOption("minInterval", minInterval,
				(value) -> Validation.notNegative("min-interval", OptionParser.duration(value)));
		if (parsed != null) {
			this.pipeline.settings.minInterval(parsed);
		}
	}

	/**
	 * @param application name shown in digests, the context's name (or
	 * {@code application}) by default
	 */
	public void setApplication(String application) {
		String parsed = pipelineOption("application", application, OptionParser::text);
		if (parsed != null) {
			this.pipeline.settings.application(parsed);
			this.pipeline.applicationSet = true;
		}
	}

	/**
	 * @param host host name shown in digests, this host's name by default
	 */
	public void setHost(String host) {
		String parsed = pipelineOption("host", host, OptionParser::text);
		if (parsed != null) {
			this.pipeline.settings.host(parsed);
			this.pipeline.hostSet = true;
		}
	}

	/**
	 * @param sender where digests go, instead of the SMTP sender that {@code smtpHost}
	 * configures
	 */
	public void setSender(DigestSender sender) {
		this.pipeline.sender = sender;
	}

	/**
	 * @param spoolDirectory folder for digests that could not be sent,
	 * {@code ${java.io.tmpdir}/memorydelay-<application>} by default
	 */
	public void setSpoolDirectory(String spoolDirectory) {
		Path parsed = pipelineOption("spoolDirectory", spoolDirectory, (value) -> {
			try {
				return Path.of(OptionParser.text(value));
			}
			catch (InvalidPathException ex) {
				throw new IllegalArgumentException("not a path (" + ex.getMessage() + ")");
			}
		});
		if (parsed != null) {
			this.pipeline.spoolDirectory = parsed;
		}
	}

	/**
	 * @param retryInitialInterval wait before the first retry, greater than 0,
	 * {@code 30 seconds} by default
	 */
	public void setRetryInitialInterval(String retryInitialInterval) {
		Duration parsed = pipelineOption("retryInitialInterval", retryInitialInterval,
				(value) -> Validation.retryInitialInterval(OptionParser.duration(value)));
		if (parsed != null) {
			this.pipeline.retryInitialInterval = parsed;
		}
	}

	/**
	 * @param retryMaxInterval upper bound of the retry wait, {@code 1 hour} by default
	 */
	public void setRetryMaxInterval(String retryMaxInterval) {
		Duration parsed = pipelineOption("retryMaxInterval", retryMaxInterval, OptionParser::duration);
		if (parsed != null) {
			this.pipeline.retryMaxInterval = parsed;
		}
	}

	/**
	 * @param shutdownTimeout time {@link #stop()} may spend sending the last digest,
	 * {@code 10 seconds} by default
	 */
	public void setShutdownTimeout(String shutdownTimeout) {
		Duration parsed = pipelineOption("shutdownTimeout", shutdownTimeout,
				(value) -> Validation.notNegative("shutdown-timeout", OptionParser.duration(value)));
		if (parsed != null) {
			this.shutdownTimeout = parsed;
		}
	}

	/**
	 * Adds quiet hours, during which digests wait; repeatable. During a range only an
	 * event at or above {@code quietHoursBypassLevel} (and {@code flushLevel}) triggers a
	 * digest; the other triggers wait for the end of the range.
	 * @param quietHoursRanges a range of the form {@code DAYS HH:MM-HH:MM}
	 * ({@code MON-FRI 20:00-08:00}, {@code SAT-SUN 00:00-24:00}; it may cross midnight),
	 * or several separated by commas, none by default
	 */
	public void addQuietHoursRanges(String quietHoursRanges) {
		List<String> parsed = pipelineOption("quietHoursRanges", quietHoursRanges, OptionParser::quietHoursRanges);
		if (parsed != null) {
			this.pipeline.quietHoursRanges.addAll(parsed);
		}
	}

	/**
	 * @param quietHoursZone time zone of the quiet hours, such as {@code Europe/Berlin},
	 * the system's by default
	 */
	public void setQuietHoursZone(String quietHoursZone) {
		ZoneId parsed = pipelineOption("quietHoursZone", quietHoursZone, Validation::zone);
		if (parsed != null) {
			this.pipeline.quietHoursZone = parsed;
		}
	}

	/**
	 * @param quietHoursBypassLevel least level that triggers a digest during quiet hours,
	 * {@code ERROR} by default, {@code OFF} for none
	 */
	public void setQuietHoursBypassLevel(String quietHoursBypassLevel) {
		Level parsed = pipelineOption("quietHoursBypassLevel", quietHoursBypassLevel,
				(value) -> Validation.level("quiet-hours.bypass-level", value, "ERROR"));
		if (parsed != null) {
			this.pipeline.quietHoursBypassLevel = parsed;
		}
	}

	// ---- SMTP options: the names of Logback's SMTPAppender

	/**
	 * @param smtpHost host of the SMTP server; with it set the appender sends the digests
	 * through Jakarta Mail
	 */
	public void setSmtpHost(String smtpHost) {
		String parsed = pipelineOption("smtpHost", smtpHost, OptionParser::text);
		if (parsed != null) {
			this.pipeline.smtpHost = parsed;
		}
	}

	/**
	 * The name older {@code SMTPAppender} configurations use.
	 * @param smtpHost host of the SMTP server
	 * @see #setSmtpHost(String)
	 */
	public void setSMTPHost(String smtpHost) {
		setSmtpHost(smtpHost);
	}

	public String getSmtpHost() {
		return this.pipeline.smtpHost;
	}

	/**
	 * @param smtpPort port of the SMTP server, 25 by default (465 with {@code SSL})
	 */
	public void setSmtpPort(String smtpPort) {
		Integer parsed = smtpOption("smtpPort", smtpPort, OptionParser::port);
		if (parsed != null) {
			this.pipeline.smtpPort = parsed;
		}
	}

	/**
	 * The name older {@code SMTPAppender} configurations use.
	 * @param smtpPort port of the SMTP server
	 * @see #setSmtpPort(String)
	 */
	public void setSMTPPort(String smtpPort) {
		setSmtpPort(smtpPort);
	}

	/**
	 * Adds recipients; repeatable, as in {@code SMTPAppender}.
	 * @param to one address, or several separated by commas
	 */
	public void addTo(String to) {
		String parsed = smtpOption("to", to, OptionParser::text);
		if (parsed != null) {
			this.pipeline.to.add(parsed);
		}
	}

	public List<String> getToList() {
		return List.copyOf(this.pipeline.to);
	}

	/**
	 * @param linksTrace link from an entry to its trace, a URL template with
	 * {@code {traceId}} (taken from the MDC of the entry's first event, under the first
	 * of {@code linksTraceKeys} present), such as
	 * {@code https://tempo.example.com/trace/{traceId}}; none by default
	 */
	public void setLinksTrace(String linksTrace) {
		String parsed = smtpOption("linksTrace", linksTrace, (value) -> Validation.link("links.trace", value));
		if (parsed != null) {
			this.pipeline.linksTrace = parsed;
		}
	}

	/**
	 * Adds MDC keys to take the trace id from, tried in order; repeatable.
	 * @param linksTraceKeys one key, or several separated by commas; {@code traceId},
	 * {@code trace_id}, {@code dd.trace_id} by default
	 */
	public void addLinksTraceKeys(String linksTraceKeys) {
		List<String> parsed = smtpOption("linksTraceKeys", linksTraceKeys, OptionParser::list);
		if (parsed != null) {
			this.pipeline.linksTraceKeys.addAll(parsed);
		}
	}

	/**
	 * @param linksSource link from an entry to the source of its throwing frame, a URL
	 * template with {@code {commit}} (from the {@code git.properties} on the class path),
	 * {@code {path}} ({@code com/acme/Shop.java}) and {@code {line}}, such as
	 * {@code https://github.com/acme/shop/blob/{commit}/src/main/java/{path}#L{line}};
	 * none by default
	 */
	public void setLinksSource(String linksSource) {
		String parsed = smtpOption("linksSource", linksSource, (value) -> Validation.link("links.source", value));
		if (parsed != null) {
			this.pipeline.linksSource = parsed;
		}
	}

	/**
	 * Adds recipients in copy; repeatable.
	 * @param cc one address, or several separated by commas
	 */
	public void addCc(String cc) {
		String parsed = smtpOption("cc", cc, OptionParser::text);
		if (parsed != null) {
			this.pipeline.cc.add(parsed);
		}
	}

	/**
	 * Adds recipients in blind copy; repeatable.
	 * @param bcc one address, or several separated by commas
	 */
	public void addBcc(String bcc) {
		String parsed = smtpOption("bcc", bcc, OptionParser::text);
		if (parsed != null) {
			this.pipeline.bcc.add(parsed);
		}
	}

	/**
	 * @param from sender address, {@code username} by default when that is an address
	 */
	public void setFrom(String from) {
		String parsed = smtpOption("from", from, OptionParser::text);
		if (parsed != null) {
			this.pipeline.from = parsed;
		}
	}

	/**
	 * @param subject subject template with the placeholders of {@link SubjectTemplate},
	 * not Logback patterns; {@link SubjectTemplate#DEFAULT} by default
	 */
	public void setSubject(String subject) {
		String parsed = smtpOption("subject", subject, OptionParser::subject);
		if (parsed != null) {
			this.pipeline.subject = parsed;
		}
	}

	/**
	 * @param username user name to log in to the SMTP server with, none by default; empty
	 * for none, as in {@code SMTPAppender} ({@code <username>${SMTP_USER:-}</username>})
	 */
	public void setUsername(String username) {
		this.pipeline.smtpOptions.add("username");
		this.pipeline.username = (username != null && !username.isBlank()) ? username.trim() : null;
	}

	/**
	 * @param password password to log in to the SMTP server with, none by default
	 */
	public void setPassword(String password) {
		this.pipeline.smtpOptions.add("password");
		this.pipeline.password = password;
	}

	/**
	 * @param verify whether to connect to the SMTP server and log in once at start,
	 * sending nothing, and say in the status whether it worked; {@code false} by default
	 */
	public void setVerify(String verify) {
		Boolean parsed = smtpOption("verify", verify, OptionParser::bool);
		if (parsed != null) {
			this.verify = parsed;
		}
	}

	/**
	 * @param startTls whether to upgrade the connection with STARTTLS, {@code false} by
	 * default
	 */
	public void setSTARTTLS(String startTls) {
		Boolean parsed = smtpOption("STARTTLS", startTls, OptionParser::bool);
		if (parsed != null) {
			this.pipeline.startTls = parsed;
		}
	}

	/**
	 * @param ssl whether to connect with SSL/TLS from the start, {@code false} by default
	 */
	public void setSSL(String ssl) {
		Boolean parsed = smtpOption("SSL", ssl, OptionParser::bool);
		if (parsed != null) {
			this.pipeline.ssl = parsed;
		}
	}

	/**
	 * @param localhost host name to announce in {@code EHLO}, the mail library's choice
	 * by default
	 */
	public void setLocalhost(String localhost) {
		String parsed = smtpOption("localhost", localhost, OptionParser::text);
		if (parsed != null) {
			this.pipeline.localhost = parsed;
		}
	}

	/**
	 * @param charsetEncoding character set of the subject and the text parts,
	 * {@code UTF-8} by default
	 */
	public void setCharsetEncoding(String charsetEncoding) {
		Charset parsed = smtpOption("charsetEncoding", charsetEncoding, OptionParser::charset);
		if (parsed != null) {
			this.pipeline.charset = parsed;
		}
	}

	// ----

	private <T> T smtpOption(String option, String value, Function<String, T> parser) {
		this.pipeline.smtpOptions.add(option);
		return pipelineOption(option, value, parser);
	}

	private <T> T pipelineOption(String option, String value, Function<String, T> parser) {
		try {
			T parsed = parser.apply(value);
			// a repeatable option keeps the error of a bad element
			if (!REPEATABLE_OPTIONS.contains(option)) {
				this.invalid.remove(option);
			}
			return parsed;
		}
		catch (InvalidSettingException ex) {
			this.invalid.put(option, ex.describeOption(value));
			return null;
		}
		catch (IllegalArgumentException ex) {
			this.invalid.put(option, "option <" + option + "> has [" + value + "]: " + ex.getMessage());
			return null;
		}
	}

	private String appender() {
		return "memorydelay appender [" + this.name + "]";
	}

	/**
	 * Warns once when the configuration ends without a shutdown hook.
	 */
	private final class ShutdownHookCheck implements ConfigurationEventListener {

		private final Context context;

		private boolean done;

		ShutdownHookCheck(Context context) {
			this.context = context;
		}

		@Override
		public void listen(ConfigurationEvent event) {
			ConfigurationEvent.EventType type = event.getEventType();
			if (this.done || (type != ConfigurationEvent.EventType.CONFIGURATION_ENDED_SUCCESSFULLY
					&& type != ConfigurationEvent.EventType.CONFIGURATION_ENDED_WITH_XML_PARSING_ERRORS)) {
				return;
			}
			this.done = true;
			if (isStarted() && !hasShutdownHook(this.context)) {
				addWarn(shutdownHookWarning());
			}
		}

	}

}
