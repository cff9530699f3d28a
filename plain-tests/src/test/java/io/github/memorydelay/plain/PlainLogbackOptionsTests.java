package io.github.memorydelay.plain;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.github.memorydelay.logback.MemoryDelayAppender;
import io.github.memorydelay.policy.QuietHours;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The appender's options in {@code logback.xml}: each bad value is a status error naming
 * the option and the value, and the appender does not start; durations take Logback's
 * forms, ISO-8601 and Spring Boot's.
 */
class PlainLogbackOptionsTests {

	@TempDir
	Path spool;

	private LoggerContext context;

	@AfterEach
	void stopContext() {
		if (this.context != null) {
			this.context.stop();
		}
	}

	@ParameterizedTest(name = "<{0}>{1}</{0}>")
	@CsvSource(delimiter = '|',
			value = { "level|VERBOSE", "flushLevel|LOUD", "capacity|0", "capacity|-3", "capacity|many", "delay|soon",
					"delay|-5s", "delay|PT-1S", "minInterval|1 fortnight", "shutdownTimeout|ten seconds",
					"retryInitialInterval|0", "retryMaxInterval|forever", "to|not an address", "to|oncall",
					"to|not-an-address", "to|ops@example.com, @@", "cc|nobody@", "bcc|a@b@c",
					"from|alerts at example.com", "smtpPort|smtp", "smtpPort|70000", "STARTTLS|yes", "SSL|on",
					"charsetEncoding|NOPE-8", "subject|%logger{20} - %m", "subject|[%-5level] %msg", "enabled|maybe",
					"quietHoursRanges|weekends", "quietHoursRanges|MON-FRI 20:00-25:00",
					"quietHoursRanges|MON-FRY 20:00-08:00", "quietHoursRanges|MON-FRI 20:00-08:00,,SAT-SUN 00:00-24:00",
					"quietHoursRanges|SAT 24:00-08:00", "quietHoursZone|Mars/Olympus", "quietHoursBypassLevel|LOUD",
					"linksTrace|tempo.example.com/trace/{traceId}", "linksTrace|https://tempo.example.com/{span}",
					"linksSource|javascript:alert({line})", "linksTraceKeys|traceId,,trace_id", "verify|maybe" })
	void badValueIsAnErrorNamingTheOptionAndTheAppenderDoesNotStart(String option, String value) {
		Map<String, String> options = validOptions();
		options.put(option, value);
		this.context = configure(options);
		assertNotStarted(option, value);
	}

	@Test
	void verifyLogsInOnceAtStartAndSaysSoInTheStatus() {
		Map<String, String> options = validOptions();
		options.put("verify", "true");
		// port 2: nothing listens there
		this.context = configure(options);
		assertThat(PlainLogback.appender(this.context).isStarted()).isTrue();
		assertThat(PlainLogback.statuses(this.context, Status.WARN))
			.anySatisfy((status) -> assertThat(status.getMessage()).contains("the SMTP check failed"));
		assertThat(PlainLogback.appender(this.context).getMemoryDelay().status().delivery().currentFailure())
			.isNotNull();
	}

	@Test
	void missingToIsAnError() {
		Map<String, String> options = validOptions();
		options.remove("to");
		this.context = configure(options);
		assertNotStarted("to", null);
	}

	@Test
	void missingSmtpHostAndSenderIsAnError() {
		Map<String, String> options = validOptions();
		options.remove("smtpHost");
		this.context = configure(options);
		assertNotStarted("smtpHost", null);
	}

	@Test
	void missingFromIsAWarningUnlessTheUsernameIsAnAddress() {
		Map<String, String> options = validOptions();
		options.remove("from");
		this.context = configure(options);
		assertThat(PlainLogback.appender(this.context).isStarted()).isTrue();
		assertThat(PlainLogback.statuses(this.context, Status.WARN))
			.anySatisfy((status) -> assertThat(status.getMessage()).contains("<from>"));
		this.context.stop();
		options.put("username", "alerts@example.com");
		options.put("password", "secret");
		this.context = configure(options);
		assertThat(PlainLogback.appender(this.context).isStarted()).isTrue();
		assertThat(PlainLogback.statuses(this.context, Status.WARN))
			.noneSatisfy((status) -> assertThat(status.getMessage()).contains("<from>"));
	}

	@Test
	void emptyUsernameMeansNoLoginAsInSmtpAppender() {
		Map<String, String> options = validOptions();
		options.put("username", "${SMTP_USER:-}");
		this.context = configure(options);
		assertThat(PlainLogback.statuses(this.context, Status.ERROR)).isEmpty();
		assertThat(PlainLogback.appender(this.context).isStarted()).isTrue();
	}

	@Test
	void disabledAppenderIgnoresEventsAndNeedsNothingElse() {
		this.context = configure(Map.of("enabled", "false"));
		this.context.getLogger("com.example.Disabled").error("ignored");
		assertThat(PlainLogback.statuses(this.context, Status.ERROR)).isEmpty();
		assertThat(PlainLogback.statuses(this.context, Status.WARN)).isEmpty();
		assertThat(PlainLogback.appender(this.context).getMemoryDelay()).isNull();
	}

	@Test
	void retryMaxIntervalShorterThanTheInitialOneIsAnError() {
		Map<String, String> options = validOptions();
		options.put("retryInitialInterval", "10 seconds");
		options.put("retryMaxInterval", "5 seconds");
		this.context = configure(options);
		assertNotStarted("retryMaxInterval", "PT5S");
	}

	@Test
	void startTlsAndSslTogetherAreAnError() {
		Map<String, String> options = validOptions();
		options.put("STARTTLS", "true");
		options.put("SSL", "true");
		this.context = configure(options);
		assertNotStarted("SSL", null);
	}

	@ParameterizedTest(name = "<delay>{0}</delay>")
	@CsvSource(delimiter = '|',
			value = { "60 seconds|60000", "500 milliseconds|500", "5 minutes|300000", "1 hour|3600000",
					"2 days|172800000", "PT60S|60000", "pt1m|60000", "60s|60000", "500ms|500", "5m|300000", "1500|1500",
					"0|0", "0 seconds|0" })
	void durationsTakeLogbackIsoAndSpringForms(String value, long millis) {
		Map<String, String> options = validOptions();
		options.put("delay", value);
		this.context = configure(options);
		MemoryDelayAppender appender = PlainLogback.appender(this.context);
		assertThat(appender.isStarted()).isTrue();
		assertThat(appender.getMemoryDelay().settings().delay()).isEqualTo(Duration.ofMillis(millis));
	}

	@Test
	void everyOptionIsTaken() {
		Map<String, String> options = validOptions();
		options.put("level", "info");
		options.put("flushLevel", "OFF");
		options.put("capacity", "7");
		options.put("minInterval", "2 minutes");
		options.put("application", "billing");
		options.put("host", "web-1");
		options.put("subject", "[{app}] digest");
		options.put("cc", "copy@example.com");
		options.put("bcc", "hidden@example.com");
		options.put("localhost", "client.example.com");
		options.put("charsetEncoding", "ISO-8859-1");
		options.put("STARTTLS", "false");
		options.put("quietHoursRanges", "MON-FRI 20:00-08:00, SAT-SUN 00:00-24:00");
		options.put("quietHoursZone", "Europe/Berlin");
		options.put("quietHoursBypassLevel", "OFF");
		this.context = configure(options);
		assertThat(PlainLogback.statuses(this.context, Status.ERROR)).isEmpty();
		MemoryDelayAppender appender = PlainLogback.appender(this.context);
		assertThat(appender.isStarted()).isTrue();
		assertThat(appender.getMemoryDelay().settings().level()).hasToString("INFO");
		assertThat(appender.getMemoryDelay().settings().flushLevel()).hasToString("OFF");
		assertThat(appender.getMemoryDelay().settings().capacity()).isEqualTo(7);
		assertThat(appender.getMemoryDelay().settings().minInterval()).isEqualTo(Duration.ofMinutes(2));
		assertThat(appender.getMemoryDelay().settings().application()).isEqualTo("billing");
		assertThat(appender.getMemoryDelay().settings().host()).isEqualTo("web-1");
		assertThat(appender.getMemoryDelay().spool().directory()).isEqualTo(this.spool.toAbsolutePath().normalize());
		QuietHours quietHours = appender.getMemoryDelay().settings().quietHours();
		assertThat(quietHours.ranges()).containsExactly("MON-FRI 20:00-08:00", "SAT-SUN 00:00-24:00");
		assertThat(quietHours.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
		assertThat(quietHours.bypassLevel()).isEqualTo(Level.OFF);
		assertThat(PlainLogback.statuses(this.context, Status.INFO))
			.anySatisfy((status) -> assertThat(status.getMessage())
				.contains("quiet hours MON-FRI 20:00-08:00, SAT-SUN 00:00-24:00 (Europe/Berlin), bypass off"));
	}

	@Test
	void quietHoursRangesAreRepeatableAndDefaultToTheSystemZoneAndErrorBypass() {
		this.context = configure(validOptions(), "<quietHoursRanges>MON-FRI 20:00-08:00</quietHoursRanges>",
				"<quietHoursRanges>SAT-SUN 00:00-24:00</quietHoursRanges>");
		MemoryDelayAppender appender = PlainLogback.appender(this.context);
		assertThat(appender.isStarted()).isTrue();
		QuietHours quietHours = appender.getMemoryDelay().settings().quietHours();
		assertThat(quietHours.ranges()).containsExactly("MON-FRI 20:00-08:00", "SAT-SUN 00:00-24:00");
		assertThat(quietHours.zone()).isEqualTo(ZoneId.systemDefault());
		assertThat(quietHours.bypassLevel()).isEqualTo(Level.ERROR);
	}

	@Test
	void aBadQuietHoursRangeIsAnErrorEvenWhenAGoodOneFollows() {
		this.context = configure(validOptions(), "<quietHoursRanges>MON-FRI 20:00-08:60</quietHoursRanges>",
				"<quietHoursRanges>SAT-SUN 00:00-24:00</quietHoursRanges>");
		assertNotStarted("quietHoursRanges", "MON-FRI 20:00-08:60");
		assertThat(PlainLogback.statuses(this.context, Status.ERROR))
			.anySatisfy((status) -> assertThat(status.getMessage()).contains("DAYS HH:MM-HH:MM")
				.contains("MON-FRI 20:00-08:00"));
	}

	@Test
	void withoutQuietHoursRangesThereAreNone() {
		Map<String, String> options = validOptions();
		options.put("quietHoursZone", "Europe/Berlin");
		this.context = configure(options);
		assertThat(PlainLogback.appender(this.context).getMemoryDelay().settings().quietHours().isOn()).isFalse();
	}

	@Test
	void withoutShutdownHookAWarningSaysToAddIt() {
		this.context = configure(validOptions());
		assertThat(PlainLogback.appender(this.context).isStarted()).isTrue();
		assertThat(PlainLogback.statuses(this.context, Status.WARN))
			.anySatisfy((status) -> assertThat(status.getMessage()).contains("<shutdownHook/>"));
	}

	private void assertNotStarted(String option, String value) {
		MemoryDelayAppender appender = PlainLogback.appender(this.context);
		assertThat(appender == null || !appender.isStarted()).as("appender started").isTrue();
		List<String> errors = PlainLogback.statuses(this.context, Status.ERROR)
			.stream()
			.map(Status::getMessage)
			.toList();
		assertThat(errors).as("status errors").anySatisfy((message) -> {
			assertThat(message).contains("<" + option + ">");
			if (value != null) {
				assertThat(message).contains("[" + value + "]");
			}
		});
	}

	private Map<String, String> validOptions() {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("smtpHost", "127.0.0.1");
		options.put("smtpPort", "2");
		options.put("to", "oncall@example.com");
		options.put("from", "alerts@example.com");
		options.put("spoolDirectory", this.spool.toString());
		return options;
	}

	private static LoggerContext configure(Map<String, String> options, String... elements) {
		StringBuilder xml = new StringBuilder("<configuration>\n")
			.append("<appender name=\"DIGEST\" class=\"io.github.memorydelay.logback.MemoryDelayAppender\">\n");
		options.forEach((name, value) -> xml.append('<')
			.append(name)
			.append('>')
			.append(escape(value))
			.append("</")
			.append(name)
			.append(">\n"));
		for (String element : elements) {
			xml.append(element).append('\n');
		}
		xml.append("</appender>\n<root level=\"INFO\"><appender-ref ref=\"DIGEST\"/></root>\n</configuration>\n");
		return PlainLogback.configure(xml.toString(), Map.of());
	}

	private static String escape(String value) {
		return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
