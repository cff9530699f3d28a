package io.github.memorydelay.plain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.github.memorydelay.logback.MemoryDelayAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The complete {@code logback.xml} of the README's "Without Spring Boot" section is a
 * working configuration.
 */
class ReadmeLogbackXmlTests {

	private static final Path README = Path.of(System.getProperty("basedir", "."), "..", "README.md");

	@TempDir
	Path spool;

	private LoggerContext context;

	@AfterEach
	void stopContext() {
		if (this.context != null) {
			this.context.stop();
		}
	}

	@Test
	void readmeLogbackXmlStartsTheAppenderWithoutErrorOrWarning() throws Exception {
		String readme = Files.readString(README);
		int section = readme.indexOf("A complete `logback.xml`");
		assertThat(section).as("the README's logback.xml").isPositive();
		int start = readme.indexOf("```xml\n", section) + "```xml\n".length();
		String xml = readme.substring(start, readme.indexOf("```", start));
		// the one change: the spool in a folder of the test's
		xml = xml.replaceAll("<spoolDirectory>[^<]*</spoolDirectory>",
				"<spoolDirectory>" + this.spool + "</spoolDirectory>");
		this.context = PlainLogback.configure(xml, Map.of("SMTP_PASSWORD", "secret"));
		assertThat(PlainLogback.statuses(this.context, Status.ERROR)).isEmpty();
		assertThat(PlainLogback.statuses(this.context, Status.WARN)).isEmpty();
		MemoryDelayAppender appender = PlainLogback.appender(this.context);
		assertThat(appender.isStarted()).isTrue();
		assertThat(appender.getSmtpHost()).isEqualTo("smtp.example.com");
		assertThat(appender.getToList()).hasSize(2);
		assertThat(appender.getMemoryDelay().settings().application()).isEqualTo("billing");
		assertThat(appender.getMemoryDelay().settings().delay()).isEqualTo(Duration.ofSeconds(60));
		assertThat(appender.getMemoryDelay().settings().minInterval()).isEqualTo(Duration.ofMinutes(1));
	}

}
