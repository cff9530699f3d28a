package io.github.memorydelay.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.fleet.FleetSettings;
import io.github.memorydelay.fleet.FleetStore;
import io.github.memorydelay.jdbc.JdbcFleetStore;
import io.github.memorydelay.mail.MailAddresses;
import io.github.memorydelay.pipeline.Defaults;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.InvalidSettingException;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.pipeline.Validation;
import io.github.memorydelay.policy.QuietHours;
import io.github.memorydelay.render.DigestLinks;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LogLevel;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Maps {@link MemoryDelayProperties} to the library's settings, checking every value
 * first with the library's {@code Validation} and reporting a broken rule as an
 * {@link InvalidMemoryDelayPropertyException} that names the property. Used by the
 * auto-configuration and, before the context exists, by
 * {@link MemoryDelayLoggingListener}.
 */
final class MemoryDelayPropertiesMapper {

	static final String PREFIX = "memorydelay";

	private MemoryDelayPropertiesMapper() {
	}

	static MemoryDelayProperties bind(Environment environment) {
		return Binder.get(environment).bindOrCreate(PREFIX, Bindable.of(MemoryDelayProperties.class));
	}

	static boolean hasRecipients(Environment environment) {
		return Binder.get(environment)
			.bind(PREFIX + ".to", Bindable.listOf(String.class))
			.map((to) -> to.stream().anyMatch(StringUtils::hasText))
			.orElse(false);
	}

	static MemoryDelay create(MemoryDelayProperties properties, Environment environment) {
		validate(properties);
		return new MemoryDelay(settings(properties, environment));
	}

	static DigestSettings settings(MemoryDelayProperties properties, Environment environment) {
		return DigestSettings.builder()
			.level(level(properties.getLevel()))
			.flushLevel(level(properties.getFlushLevel()))
			.capacity(properties.getCapacity())
			.delay(properties.getDelay())
			.minInterval(properties.getMinInterval())
			.history(properties.getHistory())
			.quietHours(quietHours(properties))
			.application(applicationName(environment))
			.host(Defaults.host())
			.build();
	}

	/**
	 * The links of the digests' entries.
	 * @param properties the properties
	 * @param commit the commit the application was built from, {@code null} when not
	 * known
	 * @return the links
	 */
	static DigestLinks links(MemoryDelayProperties properties, String commit) {
		MemoryDelayProperties.Links links = properties.getLinks();
		return DigestLinks.of(Validation.link("links.trace", links.getTrace()), links.getTraceKeys(),
				Validation.link("links.source", links.getSource()), commit);
	}

	static QuietHours quietHours(MemoryDelayProperties properties) {
		MemoryDelayProperties.QuietHours quiet = properties.getQuietHours();
		List<String> ranges = (quiet.getRanges() != null) ? quiet.getRanges() : List.of();
		try {
			Validation.quietHoursRanges(ranges);
			ZoneId zone = StringUtils.hasText(quiet.getZone()) ? Validation.zone(quiet.getZone())
					: ZoneId.systemDefault();
			return QuietHours.of(ranges, zone, level(quiet.getBypassLevel()));
		}
		catch (InvalidSettingException ex) {
			throw invalid(ex);
		}
	}

	static RetryPolicy retryPolicy(MemoryDelayProperties properties) {
		return new RetryPolicy(properties.getRetry().getInitialInterval(), properties.getRetry().getMaxInterval());
	}

	static DigestSpool spool(MemoryDelayProperties properties, Environment environment) {
		Path directory = properties.getSpool().getDirectory();
		if (directory == null) {
			directory = Defaults.spoolDirectory(applicationName(environment));
		}
		return new DigestSpool(directory);
	}

	/**
	 * Checks every value that the binder accepted but that cannot work.
	 * @param properties the properties
	 * @throws InvalidMemoryDelayPropertyException naming the first bad property
	 */
	static void validate(MemoryDelayProperties properties) {
		try {
			Validation.capacity(properties.getCapacity());
			requireDefinedLevel("level", properties.getLevel(), "WARN");
			requireDefinedLevel("flush-level", properties.getFlushLevel(), "ERROR");
			Validation.notNegative("delay", properties.getDelay());
			Validation.notNegative("min-interval", properties.getMinInterval());
			Validation.notNegative("shutdown-timeout", properties.getShutdownTimeout());
			Validation.notNegative("history", properties.getHistory());
			Duration initial = Validation.retryInitialInterval(properties.getRetry().getInitialInterval());
			Validation.retryMaxInterval(properties.getRetry().getMaxInterval(), initial);
			Validation.subject(properties.getSubject());
			Validation.link("links.trace", properties.getLinks().getTrace());
			Validation.link("links.source", properties.getLinks().getSource());
			requireDefinedLevel("quiet-hours.bypass-level", properties.getQuietHours().getBypassLevel(), "ERROR");
		}
		catch (InvalidSettingException ex) {
			throw invalid(ex);
		}
		quietHours(properties);
		addresses("to", properties.getTo());
		addresses("cc", properties.getCc());
		addresses("bcc", properties.getBcc());
		if (StringUtils.hasText(properties.getFrom())) {
			address("from", properties.getFrom());
		}
		validateFleet(properties.getFleet());
	}

	/**
	 * A rule of the library broken, as the failure analyzer reports it: naming the
	 * property.
	 * @param ex what the rule says
	 * @return the exception to throw
	 */
	static InvalidMemoryDelayPropertyException invalid(InvalidSettingException ex) {
		Function<String, String> name = (setting) -> "'" + PREFIX + "." + setting + "'";
		return new InvalidMemoryDelayPropertyException(PREFIX + "." + ex.setting(), ex.value(), ex.reason(name),
				ex.fix(name));
	}

	private static void validateFleet(MemoryDelayProperties.Fleet fleet) {
		Duration timeout = fleet.getTimeout();
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new InvalidMemoryDelayPropertyException(PREFIX + ".fleet.timeout", timeout,
					"the timeout must be greater than 0",
					"Set 'memorydelay.fleet.timeout' to a positive duration such as 2s, "
							+ "or remove it to use the default (2s).");
		}
		if (!JdbcFleetStore.isValidTablePrefix(fleet.getTablePrefix())) {
			throw new InvalidMemoryDelayPropertyException(PREFIX + ".fleet.table-prefix", fleet.getTablePrefix(),
					"a table prefix is letters, digits and underscores, optionally a schema and a dot first",
					"Set 'memorydelay.fleet.table-prefix' to a prefix such as MEMORYDELAY_ or app.MEMORYDELAY_, "
							+ "or remove it to use the default (MEMORYDELAY_).");
		}
		String instance = fleet.getInstance();
		if (instance != null && (!StringUtils.hasText(instance) || instance.length() > 200
				|| instance.chars().anyMatch(Character::isISOControl))) {
			throw new InvalidMemoryDelayPropertyException(PREFIX + ".fleet.instance", instance,
					"an instance name is 1 to 200 characters, with no control characters",
					"Set 'memorydelay.fleet.instance' to a short name such as web-1, "
							+ "or remove it to use the host name and process id.");
		}
	}

	/**
	 * This instance's part in the fleet, {@code null} when fleet mode is off.
	 * @param properties the properties
	 * @param environment the environment, for the application's name
	 * @param dataSource the application's data source, {@code null} when there is none
	 * @return the fleet's store and this instance's settings
	 */
	static MemoryDelayFleet fleet(MemoryDelayProperties properties, Environment environment, DataSource dataSource) {
		MemoryDelayProperties.Fleet fleet = properties.getFleet();
		if (!fleet.isEnabled()) {
			return null;
		}
		if (dataSource == null) {
			throw new InvalidMemoryDelayPropertyException(PREFIX + ".fleet.enabled", true,
					"fleet mode shares the buffer through the application's DataSource, and there is no single one",
					"Configure a DataSource (spring.datasource.url, with spring-boot-starter-jdbc), mark one of "
							+ "several @Primary, or set 'memorydelay.fleet.enabled' to false.");
		}
		String instance = StringUtils.hasText(fleet.getInstance()) ? fleet.getInstance().trim()
				: FleetSettings.defaultInstance(Defaults.host());
		FleetSettings settings = FleetSettings.of(instance, fleet.getTimeout());
		JdbcFleetStore store = new JdbcFleetStore(dataSource, applicationName(environment), fleet.getTablePrefix(),
				fleet.getInitializeSchema(), fleet.getTimeout());
		return new MemoryDelayFleet(store, settings);
	}

	/**
	 * The fleet's store and this instance's settings.
	 *
	 * @param store the store
	 * @param settings the settings
	 */
	record MemoryDelayFleet(FleetStore store, FleetSettings settings) {
	}

	/**
	 * Logback has no FATAL level: taking it as ERROR silently would hide a mistake.
	 */
	private static void requireDefinedLevel(String name, LogLevel value, String defaultLevel) {
		if (value != null) {
			Validation.level(name, value.name(), defaultLevel);
		}
	}

	static InternetAddress[] addresses(String name, List<String> values) {
		try {
			return MailAddresses.parseAll(name, values);
		}
		catch (InvalidSettingException ex) {
			throw invalid(ex);
		}
	}

	static InternetAddress address(String name, String value) {
		try {
			return MailAddresses.parseOne(name, value);
		}
		catch (InvalidSettingException ex) {
			throw invalid(ex);
		}
	}

	/**
	 * The sender: {@code memorydelay.from}, else {@code spring.mail.username} when that
	 * is an address.
	 */
	static InternetAddress from(MemoryDelayProperties properties, Environment environment) {
		if (StringUtils.hasText(properties.getFrom())) {
			return address("from", properties.getFrom());
		}
		String username = environment.getProperty("spring.mail.username");
		if (username != null && username.indexOf('@') > 0) {
			try {
				InternetAddress address = new InternetAddress(username.trim(), true);
				address.validate();
				return address;
			}
			catch (AddressException ex) {
				// not an address: fall through to the error below
			}
		}
		throw new InvalidMemoryDelayPropertyException(PREFIX + ".from", null,
				"digests need a sender address, and 'spring.mail.username' is not one",
				"Set 'memorydelay.from' to the sender address of the digests, for example "
						+ "memorydelay.from=app@example.com.");
	}

	static Level level(LogLevel level) {
		if (level == null) {
			return Level.OFF;
		}
		switch (level) {
			case TRACE:
				return Level.TRACE;
			case DEBUG:
				return Level.DEBUG;
			case INFO:
				return Level.INFO;
			case WARN:
				return Level.WARN;
			case ERROR:
			case FATAL:
				return Level.ERROR;
			default:
				return Level.OFF;
		}
	}

	static String applicationName(Environment environment) {
		return Defaults.application(environment.getProperty("spring.application.name"));
	}

}
