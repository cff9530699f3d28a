package io.github.memorydelay.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.memorydelay.jdbc.JdbcFleetStore;
import io.github.memorydelay.policy.QuietHours;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.logging.LogLevel;

/**
 * Configuration properties of the digest emails, under {@code memorydelay}. The SMTP
 * server is configured with Spring Boot's own {@code spring.mail.*} properties.
 */
@ConfigurationProperties("memorydelay")
public class MemoryDelayProperties implements InitializingBean {

	/**
	 * Whether the digest appender is installed.
	 */
	private boolean enabled = true;

	/**
	 * Recipients of the digests. The starter stays off until this is set.
	 */
	private List<String> to = new ArrayList<>();

	/**
	 * Further recipients, in copy.
	 */
	private List<String> cc = new ArrayList<>();

	/**
	 * Further recipients, in blind copy.
	 */
	private List<String> bcc = new ArrayList<>();

	/**
	 * Sender address. Defaults to 'spring.mail.username' when that is an address.
	 */
	private String from;

	/**
	 * Subject line template. Placeholders: {app}, {host}, {events}, {entries}, {errors},
	 * {warnings}, {level}, {trigger}, {first} (first line of the most severe entry's
	 * message) and {counts} (errors and warnings in words, such as '2 errors, 1
	 * warning').
	 */
	private String subject = "[{app}] {counts}: {first}";

	/**
	 * Least severe level that is buffered. Less severe events are ignored.
	 */
	private LogLevel level = LogLevel.WARN;

	/**
	 * Level at or above which an event triggers a digest. OFF disables this trigger.
	 */
	private LogLevel flushLevel = LogLevel.ERROR;

	/**
	 * Distinct entries held. Reaching it triggers a digest.
	 */
	private int capacity = 128;

	/**
	 * Time after the first event of the current buffer at which a digest is sent. 0
	 * disables this trigger.
	 */
	private Duration delay = Duration.ofSeconds(60);

	/**
	 * Least time between two digests. Capacity, level and delay triggers that come sooner
	 * wait for it; manual and shutdown flushes do not. 0 gives the plain memory-delay
	 * behaviour.
	 */
	private Duration minInterval = Duration.ofMinutes(1);

	/**
	 * How long application shutdown may spend sending the last digest before it is
	 * spooled.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * How long a reported fingerprint is remembered for the new/recurring mark of digest
	 * entries. Kept in the spool directory across restarts. 0 marks every entry new.
	 */
	private Duration history = Duration.ofDays(7);

	/**
	 * Connect to the SMTP server and log in once at start-up, sending nothing, and say in
	 * the start-up line (and in health) whether it worked, rather than at the first
	 * digest.
	 */
	private boolean verify;

	private final Retry retry = new Retry();

	private final Spool spool = new Spool();

	private final QuietHours quietHours = new QuietHours();

	private final Fleet fleet = new Fleet();

	private final Links links = new Links();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getTo() {
		return this.to;
	}

	public void setTo(List<String> to) {
		this.to = to;
	}

	public List<String> getCc() {
		return this.cc;
	}

	public void setCc(List<String> cc) {
		this.cc = cc;
	}

	public List<String> getBcc() {
		return this.bcc;
	}

	public void setBcc(List<String> bcc) {
		this.bcc = bcc;
	}

	public String getFrom() {
		return this.from;
	}

	public void setFrom(String from) {
		this.from = from;
	}

	public String getSubject() {
		return this.subject;
	}

	public void setSubject(String subject) {
		this.subject = subject;
	}

	public LogLevel getLevel() {
		return this.level;
	}

	public void setLevel(LogLevel level) {
		this.level = level;
	}

	public LogLevel getFlushLevel() {
		return this.flushLevel;
	}

	public void setFlushLevel(LogLevel flushLevel) {
		this.flushLevel = flushLevel;
	}

	public int getCapacity() {
		return this.capacity;
	}

	public void setCapacity(int capacity) {
		this.capacity = capacity;
	}

	public Duration getDelay() {
		return this.delay;
	}

	public void setDelay(Duration delay) {
		this.delay = delay;
	}

	public Duration getMinInterval() {
		return this.minInterval;
	}

	public void setMinInterval(Duration minInterval) {
		this.minInterval = minInterval;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getHistory() {
		return this.history;
	}

	public void setHistory(Duration history) {
		this.history = history;
	}

	public boolean isVerify() {
		return this.verify;
	}

	public void setVerify(boolean verify) {
		this.verify = verify;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Spool getSpool() {
		return this.spool;
	}

	public QuietHours getQuietHours() {
		return this.quietHours;
	}

	public Fleet getFleet() {
		return this.fleet;
	}

	public Links getLinks() {
		return this.links;
	}

	/**
	 * Checks the bound values once, so that a bad one stops start-up with a message that
	 * names the property and the fix.
	 */
	@Override
	public void afterPropertiesSet() {
		MemoryDelayPropertiesMapper.validate(this);
	}

	/**
	 * Retry of digests that could not be sent.
	 */
	public static class Retry {

		/**
		 * Wait before the first retry of a digest that could not be sent. Doubles after
		 * each failure.
		 */
		private Duration initialInterval = Duration.ofSeconds(30);

		/**
		 * Upper bound of the retry wait.
		 */
		private Duration maxInterval = Duration.ofHours(1);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

	/**
	 * On-disk spool of digests that could not be sent.
	 */
	public static class Spool {

		/**
		 * Where digests that could not be sent are kept, one .eml file each, until sent.
		 * Defaults to a folder under java.io.tmpdir named after the application.
		 */
		private Path directory;

		public Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(Path directory) {
			this.directory = directory;
		}

	}

	/**
	 * When digests wait.
	 */
	public static class QuietHours {

		/**
		 * When digests wait, as 'DAYS HH:MM-HH:MM' ranges such as 'MON-FRI 20:00-08:00'
		 * or 'SAT-SUN 00:00-24:00'. A range may cross midnight.
		 */
		private List<String> ranges = new ArrayList<>();

		/**
		 * Time zone of the ranges, such as 'Europe/Berlin'. Defaults to the system's
		 * zone.
		 */
		private String zone;

		/**
		 * During quiet hours, only an event at or above this level triggers a digest;
		 * other triggers wait for the end of the range. OFF: nothing bypasses.
		 */
		private LogLevel bypassLevel = LogLevel.ERROR;

		public List<String> getRanges() {
			return this.ranges;
		}

		public void setRanges(List<String> ranges) {
			this.ranges = ranges;
		}

		public String getZone() {
			return this.zone;
		}

		public void setZone(String zone) {
			this.zone = zone;
		}

		public LogLevel getBypassLevel() {
			return this.bypassLevel;
		}

		public void setBypassLevel(LogLevel bypassLevel) {
			this.bypassLevel = bypassLevel;
		}

	}

	/**
	 * Links from an entry of a digest to its trace and its source.
	 */
	public static class Links {

		/**
		 * Link from an entry to its trace, a URL template with {traceId}, taken from the
		 * MDC of the entry's first event under the first of 'trace-keys' present, such as
		 * 'https://tempo.example.com/trace/{traceId}'.
		 */
		private String trace;

		/**
		 * MDC keys to take the trace id from, tried in order.
		 */
		private List<String> traceKeys = new ArrayList<>(List.of("traceId", "trace_id", "dd.trace_id"));

		/**
		 * Link from an entry to the source of its throwing frame, a URL template with
		 * {commit} (from git.properties), {path} ('com/acme/Shop.java') and {line}, such
		 * as 'https://github.com/acme/shop/blob/{commit}/src/main/java/{path}#L{line}'.
		 */
		private String source;

		public String getTrace() {
			return this.trace;
		}

		public void setTrace(String trace) {
			this.trace = trace;
		}

		public List<String> getTraceKeys() {
			return this.traceKeys;
		}

		public void setTraceKeys(List<String> traceKeys) {
			this.traceKeys = traceKeys;
		}

		public String getSource() {
			return this.source;
		}

		public void setSource(String source) {
			this.source = source;
		}

	}

	/**
	 * Fleet mode: one digest for all instances of the application.
	 */
	public static class Fleet {

		/**
		 * Whether to share the buffer, triggers and digests with the other instances of
		 * the application (same spring.application.name) through the application's
		 * DataSource.
		 */
		private boolean enabled;

		/**
		 * This instance's name in digests. Defaults to the host name and the process id.
		 */
		private String instance;

		/**
		 * Whether the starter creates its tables: 'embedded' (only in an embedded
		 * database such as H2), 'always' or 'never'. Scripts ship for PostgreSQL,
		 * MySQL/MariaDB and H2.
		 */
		private JdbcFleetStore.SchemaInitialization initializeSchema = JdbcFleetStore.SchemaInitialization.EMBEDDED;

		/**
		 * Prefix of the starter's tables.
		 */
		private String tablePrefix = "MEMORYDELAY_";

		/**
		 * Longest wait for the database on any operation. Beyond it the instance goes on
		 * alone until the database answers again.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getInstance() {
			return this.instance;
		}

		public void setInstance(String instance) {
			this.instance = instance;
		}

		public JdbcFleetStore.SchemaInitialization getInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(JdbcFleetStore.SchemaInitialization initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public String getTablePrefix() {
			return this.tablePrefix;
		}

		public void setTablePrefix(String tablePrefix) {
			this.tablePrefix = tablePrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
