package io.github.memorydelay.autoconfigure;

import java.nio.file.Path;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user reads at start: that memorydelay is on and where digests go, or why it
 * is off, and which of their properties it does not know.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTests {

	@RegisterExtension
	static GreenMailExtension greenMail = TestMail.greenMail();

	@TempDir
	Path spool;

	@Test
	void typoInTheRecipientPropertyIsToldAtStart(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("spring.mail.host=localhost",
				"spring.mail.port=" + greenMail.getSmtp().getPort(), "memorydelay.too=ops@example.com")) {
			assertThat(context.getBeanNamesForType(io.github.memorydelay.pipeline.MemoryDelay.class)).isEmpty();
		}
		assertThat(output).contains("Unknown property 'memorydelay.too' is ignored; did you mean 'memorydelay.to'?",
				"memorydelay is off: memorydelay.to is not set");
	}

	@Test
	void onlyAPropertyWithinAFewEditsOrSharingAWordIsSuggested() {
		assertThat(MemoryDelayStartupReport.closest("memorydelay.too")).isEqualTo("memorydelay.to");
		assertThat(MemoryDelayStartupReport.closest("memorydelay.link.trace")).isEqualTo("memorydelay.links.trace");
		assertThat(MemoryDelayStartupReport.closest("memorydelay.quiet.zone"))
			.isEqualTo("memorydelay.quiet-hours.zone");
		assertThat(MemoryDelayStartupReport.closest("memorydelay.recipients")).isNull();
		assertThat(MemoryDelayStartupReport.closest("memorydelay.email")).isNull();
	}

	@Test
	void anUnknownPropertyWithNothingCloseIsToldWithoutAMisleadingSuggestion(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.recipients=ops@example.com")) {
			assertThat(context.getBeanNamesForType(io.github.memorydelay.pipeline.MemoryDelay.class)).hasSize(1);
		}
		assertThat(output)
			.contains("Unknown property 'memorydelay.recipients' is ignored; the README's property "
					+ "table lists those there are.")
			.doesNotContain("did you mean 'memorydelay.capacity'");
	}

	@Test
	void anExposedEndpointWithoutActuatorIsTold() {
		org.springframework.mock.env.MockEnvironment exposed = new org.springframework.mock.env.MockEnvironment()
			.withProperty("management.endpoints.web.exposure.include", "health,memorydelay");
		ClassLoader withoutActuator = new org.springframework.boot.test.context.FilteredClassLoader(
				"org.springframework.boot.actuate");
		assertThat(MemoryDelayStartupReport.missingActuator(exposed, withoutActuator)).isEqualTo(
				"'management.endpoints.web.exposure.include' exposes memorydelay, but there is no actuator on the "
						+ "class path, so there is no endpoint: add spring-boot-starter-actuator.");
		assertThat(MemoryDelayStartupReport.missingActuator(exposed, getClass().getClassLoader())).isNull();
		org.springframework.mock.env.MockEnvironment all = new org.springframework.mock.env.MockEnvironment()
			.withProperty("management.endpoints.web.exposure.include", "*");
		assertThat(MemoryDelayStartupReport.missingActuator(all, withoutActuator)).isNotNull();
		assertThat(MemoryDelayStartupReport.missingActuator(new org.springframework.mock.env.MockEnvironment(),
				withoutActuator))
			.isNull();
	}

	@Test
	void starttlsEnabledButNotRequiredWithALoginIsWarnedAbout(CapturedOutput output) {
		String warning = "'spring.mail.properties.mail.smtp.starttls.enable' is true but "
				+ "'spring.mail.properties.mail.smtp.starttls.required' is not";
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"spring.mail.username=alerts@example.com", "spring.mail.properties.mail.smtp.starttls.enable=true")) {
			assertThat(context.getBeanNamesForType(io.github.memorydelay.pipeline.MemoryDelay.class)).hasSize(1);
		}
		assertThat(output).contains(warning, "Set 'spring.mail.properties.mail.smtp.starttls.required=true'.");
		int warnings = output.toString().split(java.util.regex.Pattern.quote(warning), -1).length - 1;
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"spring.mail.username=alerts@example.com", "spring.mail.properties.mail.smtp.starttls.enable=true",
				"spring.mail.properties.mail.smtp.starttls.required=true")) {
			assertThat(context.getBeanNamesForType(io.github.memorydelay.pipeline.MemoryDelay.class)).hasSize(1);
		}
		assertThat(output.toString().split(java.util.regex.Pattern.quote(warning), -1).length - 1)
			.as("no warning when STARTTLS is required")
			.isEqualTo(warnings);
	}

	@Test
	void verifyLogsInOnceAtStartAndSaysSoInTheStartUpLine(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.verify=true")) {
			assertThat(TestApplication.memoryDelay(context).status().delivery().currentFailure()).isNull();
		}
		assertThat(output).contains("memorydelay is on: digests to",
				"; the SMTP server was reached and the login accepted");
		assertThat(greenMail.getReceivedMessages()).as("nothing sent").isEmpty();
		greenMail.setUser("alerts@example.com", "alerts", "right");
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.verify=true", "spring.mail.username=alerts", "spring.mail.password=wrong",
				"spring.mail.properties.mail.smtp.auth=true", "memorydelay.from=alerts@example.com")) {
			assertThat(TestApplication.memoryDelay(context).status().delivery().currentFailure())
				.as("health says so until a digest is delivered")
				.contains("the SMTP server refused the login");
		}
		assertThat(output).contains("; the SMTP check failed: ", "the SMTP server refused the login (535",
				"check 'spring.mail.username' and 'spring.mail.password'");
	}

	@Test
	void quietHoursPropertiesAreKnownAndTheirTyposTold(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.quiet-hours.ranges=MON-FRI 20:00-08:00", "memorydelay.quiet-hours.zone=Europe/Berlin",
				"memorydelay.quiet-hours.bypass-level=WARN", "memorydelay.quiet-hours.range=SAT 00:00-24:00")) {
			assertThat(context.getBeanNamesForType(io.github.memorydelay.pipeline.MemoryDelay.class)).hasSize(1);
		}
		assertThat(output)
			.contains(
					"Unknown property 'memorydelay.quiet-hours.range' is ignored; did you mean "
							+ "'memorydelay.quiet-hours.ranges'?",
					"; quiet hours MON-FRI 20:00-08:00 (Europe/Berlin), bypass WARN")
			.doesNotContain("Unknown property 'memorydelay.quiet-hours.ranges'",
					"Unknown property 'memorydelay.quiet-hours.zone'",
					"Unknown property 'memorydelay.quiet-hours.bypass-level'");
	}

	@Test
	void unknownPropertyIsWarnedAboutWhileTheStarterIsOn(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.delays=5s", "memorydelay.retry.max-intervall=1h", "memorydelay.flushLevel=ERROR",
				"memorydelay.shutdown_timeout=10s")) {
			assertThat(context.getBeanNamesForType(io.github.memorydelay.pipeline.MemoryDelay.class)).hasSize(1);
		}
		assertThat(output)
			.contains("Unknown property 'memorydelay.delays' is ignored; did you mean 'memorydelay.delay'?",
					"Unknown property 'memorydelay.retry.max-intervall' is ignored; did you mean "
							+ "'memorydelay.retry.max-interval'?")
			.doesNotContain("memorydelay is off", "Unknown property 'memorydelay.to'",
					"Unknown property 'memorydelay.spool.directory'", "Unknown property 'memorydelay.flush",
					"Unknown property 'memorydelay.shutdown");
	}

	@Test
	void startUpSaysWhereDigestsGoInOneLineWithoutThePassword(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"spring.mail.username=" + TestMail.SENDER, "spring.mail.password=s3cr3t-Pa55",
				"memorydelay.cc=lead@example.com", "memorydelay.delay=0")) {
			assertThat(output).containsOnlyOnce("memorydelay is on: ")
				.contains("memorydelay is on: digests to " + TestMail.RECIPIENT + ", cc lead@example.com from "
						+ TestMail.SENDER + " via SMTP localhost:" + greenMail.getSmtp().getPort()
						+ "; level WARN, triggers: flush-level ERROR, capacity 128, delay off, min-interval 1m; spool "
						+ this.spool)
				.doesNotContain("s3cr3t-Pa55");
		}
	}

	@Test
	void disabledStarterSaysSo(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("spring.mail.host=localhost", "memorydelay.enabled=false",
				"memorydelay.to=ops@example.com")) {
			assertThat(output).contains("memorydelay is off: memorydelay.enabled is false");
		}
	}

	@Test
	void applicationWithoutMemorydelayPropertiesHearsNothing(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("spring.mail.host=localhost")) {
			assertThat(output).doesNotContain("memorydelay is off", "memorydelay is on", "Unknown property");
		}
	}

	private ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.properties("spring.main.banner-mode=off")
			.run();
	}

}
