package io.github.memorydelay.logback;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.spi.ContextAware;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.pipeline.Defaults;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.InvalidSettingException;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.pipeline.Validation;
import io.github.memorydelay.policy.QuietHours;
import io.github.memorydelay.render.DigestLinks;
import io.github.memorydelay.render.SubjectTemplate;

/**
 * The pipeline a {@link MemoryDelayAppender} builds from its options: the values of the
 * options given, which the appender's setters parse and set, and the build itself (the
 * sender, the defaults the Logback context gives, the settings, the spool and the retry
 * policy). Problems are reported through the appender's status, naming the options.
 */
final class AppenderPipeline {

	final DigestSettings.Builder settings = DigestSettings.builder();

	boolean applicationSet;

	boolean hostSet;

	DigestSender sender;

	Path spoolDirectory;

	Duration retryInitialInterval = RetryPolicy.defaults().initialInterval();

	Duration retryMaxInterval = RetryPolicy.defaults().maxInterval();

	String smtpHost;

	Integer smtpPort;

	String username;

	String password;

	boolean startTls;

	boolean ssl;

	String localhost;

	Charset charset = StandardCharsets.UTF_8;

	String from;

	final List<String> to = new ArrayList<>();

	final List<String> cc = new ArrayList<>();

	final List<String> bcc = new ArrayList<>();

	String subject = SubjectTemplate.DEFAULT;

	final List<String> quietHoursRanges = new ArrayList<>();

	/** Zone of the quiet hours, {@code null} for the system's. */
	ZoneId quietHoursZone;

	Level quietHoursBypassLevel = Level.ERROR;

	/** The trace link template, {@code null} for none. */
	String linksTrace;

	/** The MDC keys tried for the trace id, the defaults when empty. */
	final List<String> linksTraceKeys = new ArrayList<>();

	/** The source link template, {@code null} for none. */
	String linksSource;

	/** Options given that configure the SMTP sender. */
	final Set<String> smtpOptions = new LinkedHashSet<>();

	/**
	 * Builds and starts the pipeline, or says why it cannot.
	 * @param status where problems are reported, naming the options
	 * @param appender the appender, as messages name it
	 * @return the started pipeline, {@code null} when it cannot be built
	 */
	MemoryDelay build(ContextAware status, String appender) {
		try {
			Validation.retryMaxInterval(this.retryMaxInterval, this.retryInitialInterval);
		}
		catch (InvalidSettingException ex) {
			status.addError(appender + ": " + ex.getMessage());
			status.addError(appender + " is not started: fix the option above");
			return null;
		}
		DigestSender digestSender = createSender(status, appender);
		if (digestSender == null) {
			return null;
		}
		if (!this.applicationSet) {
			this.settings.application(defaultApplication(status.getContext()));
		}
		if (!this.hostSet) {
			this.settings.host(defaultHost(status.getContext()));
		}
		try {
			this.settings.quietHours(QuietHours.of(this.quietHoursRanges,
					(this.quietHoursZone != null) ? this.quietHoursZone : ZoneId.systemDefault(),
					this.quietHoursBypassLevel));
			DigestSettings digestSettings = this.settings.build();
			Path directory = (this.spoolDirectory != null) ? this.spoolDirectory
					: Defaults.spoolDirectory(digestSettings.application());
			MemoryDelay created = new MemoryDelay(digestSettings);
			created.setContext(status.getContext());
			created.start(digestSender, new DigestSpool(directory),
					new RetryPolicy(this.retryInitialInterval, this.retryMaxInterval));
			status
				.addInfo(appender + " sends digests " + describe(digestSender) + "; " + digestSettings
						+ (digestSettings.quietHours().isOn()
								? ", quiet hours " + digestSettings.quietHours().describe() : "")
						+ ", spool " + directory);
			return created;
		}
		catch (IllegalArgumentException ex) {
			status.addError(appender + " is not started: " + ex.getMessage());
			return null;
		}
	}

	private DigestSender createSender(ContextAware status, String appender) {
		if (this.sender != null) {
			if (this.smtpHost != null || !this.smtpOptions.isEmpty()) {
				Set<String> given = new LinkedHashSet<>();
				if (this.smtpHost != null) {
					given.add("smtpHost");
				}
				given.addAll(this.smtpOptions);
				status.addError(appender + " is not started: it has a <sender>, which replaces the SMTP sender, so "
						+ options(given) + " would have no effect. Remove them or the <sender>.");
				return null;
			}
			return this.sender;
		}
		if (this.smtpHost == null) {
			status.addError("No sender set for the " + appender + ", which is not started: option <smtpHost> is "
					+ "missing. Set it to the SMTP server "
					+ "(with <to>, <from> and, if needed, <smtpPort>, <username>, <password>, <STARTTLS> or <SSL>), "
					+ "or add a <sender class=\"...\"/> implementing " + DigestSender.class.getName() + ".");
			return null;
		}
		if (this.to.isEmpty()) {
			status.addError(appender + " is not started: option <to> is missing. Add one <to> per recipient address "
					+ "(or several addresses in one <to>, separated by commas).");
			return null;
		}
		if (this.startTls && this.ssl) {
			status.addError(appender + " is not started: options <STARTTLS> and <SSL> are both true; set only one of "
					+ "them (STARTTLS for port 587, SSL for port 465).");
			return null;
		}
		if (this.from == null && (this.username == null || this.username.indexOf('@') <= 0)) {
			status.addWarn(appender + ": option <from> is not set, and <username> is not an address: digests are sent "
					+ "from Jakarta Mail's local address (mail.from, else the user at this host). Set <from>.");
		}
		int port = (this.smtpPort != null) ? this.smtpPort
				: (this.ssl ? MemoryDelayAppender.DEFAULT_SSL_PORT : MemoryDelayAppender.DEFAULT_SMTP_PORT);
		SmtpOptions options = new SmtpOptions(this.smtpHost, port, this.username, this.password, this.startTls,
				this.ssl, this.localhost, this.charset, this.from, this.to, this.cc, this.bcc, this.subject,
				links(status, appender));
		try {
			Iterator<SmtpSenderProvider> providers = ServiceLoader
				.load(SmtpSenderProvider.class, MemoryDelayAppender.class.getClassLoader())
				.iterator();
			if (!providers.hasNext()) {
				status.addError(appender + " is not started: no " + SmtpSenderProvider.class.getSimpleName()
						+ " found to send mail to <smtpHost> with");
				return null;
			}
			return providers.next().create(options);
		}
		catch (IllegalArgumentException ex) {
			status.addError(appender + ": " + ex.getMessage());
			status.addError(appender + " is not started: fix the option above");
			return null;
		}
		catch (ServiceConfigurationError | LinkageError ex) {
			status.addError(appender + " is not started: sending to <smtpHost> needs Jakarta Mail on the class path. "
					+ "Add the dependency org.eclipse.angus:angus-mail.", ex);
			return null;
		}
	}

	/**
	 * The links of the digests' entries, with the commit the application was built from
	 * as the {@code git.properties} on the class path says (written by the
	 * {@code git-commit-id} Maven plugin), and a warning when the source template needs
	 * it and there is none.
	 */
	private DigestLinks links(ContextAware status, String appender) {
		String commit = null;
		if (this.linksSource != null && this.linksSource.contains("{commit}")) {
			commit = GitCommit.read(MemoryDelayAppender.class.getClassLoader());
		}
		DigestLinks links = DigestLinks.of(this.linksTrace, this.linksTraceKeys, this.linksSource, commit);
		if (links.lacksCommit()) {
			status.addWarn(appender + ": option <linksSource> uses {commit}, but no git.properties with git.commit.id "
					+ "is on the class path: entries get no source link. Add the git-commit-id Maven plugin "
					+ "(io.github.git-commit-id:git-commit-id-maven-plugin), or name the branch in <linksSource>.");
		}
		return links;
	}

	private static String options(Set<String> names) {
		StringBuilder out = new StringBuilder();
		for (String name : names) {
			out.append((out.length() == 0) ? "" : ", ").append('<').append(name).append('>');
		}
		return out.toString();
	}

	private String describe(DigestSender digestSender) {
		return (this.smtpHost != null) ? "by SMTP to " + this.to + " through " + this.smtpHost
				: "through " + digestSender.getClass().getName();
	}

	private static String defaultApplication(Context context) {
		String name = (context != null) ? context.getName() : null;
		return Defaults.application(CoreConstants.DEFAULT_CONTEXT_NAME.equals(name) ? null : name);
	}

	private static String defaultHost(Context context) {
		String name = (context != null) ? context.getProperty(CoreConstants.HOSTNAME_KEY) : null;
		return (name == null || name.isBlank() || name.equals("UNKNOWN_LOCALHOST")) ? Defaults.host() : name.trim();
	}

}
