package io.github.memorydelay.autoconfigure;

import java.nio.file.Path;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad settings stop the application at start-up, and the failure analysis names the
 * property and the fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	@RegisterExtension
	static GreenMailExtension greenMail = TestMail.greenMail();

	@TempDir
	Path spool;

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = { "memorydelay.capacity|0|Set 'memorydelay.capacity' to",
			"memorydelay.capacity|-5|Set 'memorydelay.capacity' to", "memorydelay.delay|-1s|Set 'memorydelay.delay' to",
			"memorydelay.min-interval|-1m|Set 'memorydelay.min-interval' to",
			"memorydelay.shutdown-timeout|-10s|Set 'memorydelay.shutdown-timeout' to",
			"memorydelay.history|-1d|Set 'memorydelay.history' to",
			"memorydelay.links.trace|tempo.example.com/trace/{traceId}|Set 'memorydelay.links.trace' to an absolute",
			"memorydelay.links.source|https://github.com/acme/shop/{file}|Set 'memorydelay.links.source' to an absolute",
			"memorydelay.retry.initial-interval|-30s|Set 'memorydelay.retry.initial-interval' to",
			"memorydelay.retry.max-interval|1s|Set 'memorydelay.retry.max-interval' to",
			"memorydelay.to|not an address|Set 'memorydelay.to' to email addresses",
			"memorydelay.cc|ops@|Set 'memorydelay.cc' to email addresses",
			"memorydelay.bcc|a b@example.com|Set 'memorydelay.bcc' to email addresses",
			"memorydelay.from|<nobody|Set 'memorydelay.from' to email addresses",
			"memorydelay.subject|[{app}] {nope}|Set 'memorydelay.subject' to a template with only the placeholders",
			"memorydelay.flush-level|FATAL|Set 'memorydelay.flush-level' to one of TRACE, DEBUG, INFO, WARN, ERROR or OFF",
			"memorydelay.level|FATAL|Set 'memorydelay.level' to one of TRACE, DEBUG, INFO, WARN, ERROR or OFF",
			"memorydelay.quiet-hours.ranges|MON-FRI 25:00-08:00|Set 'memorydelay.quiet-hours.ranges' to ranges of the form 'DAYS HH:MM-HH:MM', DAYS a day or days such as MON or MON-FRI and times from 00:00 to 24:00, for example 'MON-FRI 20:00-08:00'",
			"memorydelay.quiet-hours.ranges|MOX 20:00-08:00|for example 'MON-FRI 20:00-08:00'",
			"memorydelay.quiet-hours.ranges|weeknights|for example 'MON-FRI 20:00-08:00'",
			"memorydelay.quiet-hours.ranges|MON 20:00-20:00|for example 'MON-FRI 20:00-08:00'",
			"memorydelay.quiet-hours.ranges|MON-FRI 8:00-9:00|for example 'MON-FRI 20:00-08:00'",
			"memorydelay.quiet-hours.zone|Mars/Olympus|Set 'memorydelay.quiet-hours.zone' to a time zone id",
			"memorydelay.quiet-hours.bypass-level|FATAL|Set 'memorydelay.quiet-hours.bypass-level' to one of TRACE, DEBUG, INFO, WARN, ERROR or OFF",
			"memorydelay.fleet.timeout|0s|Set 'memorydelay.fleet.timeout' to a positive duration",
			"memorydelay.fleet.table-prefix|drop table;|Set 'memorydelay.fleet.table-prefix' to a prefix",
			"memorydelay.fleet.instance|' '|Set 'memorydelay.fleet.instance' to a short name" })
	void badValueStopsStartUpNamingTheProperty(String property, String value, String action, CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(property + "=" + value));
		assertThat(output).contains("APPLICATION FAILED TO START", "property '" + property + "'", "Action:", action);
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|',
			value = { "memorydelay.fleet|true|memorydelay.fleet.enabled=true'",
					"memorydelay.quiet-hours|MON-FRI 20:00-08:00|memorydelay.quiet-hours.ranges=",
					"memorydelay.links|https://tempo.example.com/trace/{traceId}|memorydelay.links.trace=" })
	void aGroupGivenAValueStopsStartUpNamingThePropertyMeant(String property, String value, String meant,
			CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(property + "=" + value));
		assertThat(output)
			.contains("APPLICATION FAILED TO START",
					"property '" + property + "' is given a value, but it is a group of properties, not a value",
					"Set a property of the group instead, such as '" + meant)
			.doesNotContain("No converter found");
	}

	@org.junit.jupiter.api.Test
	void missingSenderStopsStartUpNamingMemorydelayFrom(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
				.properties("spring.mail.host=localhost", "spring.mail.port=" + greenMail.getSmtp().getPort(),
						"memorydelay.to=ops@example.com", "spring.mail.username=robot",
						"memorydelay.spool.directory=" + this.spool)
				.run()
				.close());
		assertThat(output).contains("APPLICATION FAILED TO START", "property 'memorydelay.from'",
				"Set 'memorydelay.from' to the sender address");
	}

	@org.junit.jupiter.api.Test
	void missingMailSenderStopsStartUpNamingSpringMailHost(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
				.properties("memorydelay.to=ops@example.com", "memorydelay.from=app@example.com",
						"memorydelay.spool.directory=" + this.spool)
				.run()
				.close());
		assertThat(output).contains("APPLICATION FAILED TO START", "property 'spring.mail.host'",
				"Set 'spring.mail.host'");
	}

	private void start(String property) {
		new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties(TestMail.properties(greenMail, property, "memorydelay.spool.directory=" + this.spool))
			.run()
			.close();
	}

}
