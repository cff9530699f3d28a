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
 * The complete {@code logback.xml} of the plain Logback guide
 * ({@code docs/plain-logback.md}) is a working configuration.
 */
class PlainLogbackGuideTests {

	private static final Path GUIDE = Path.of(System.getProperty("basedir", "."), "..", "docs", "plain-logback.md");

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
	void guideLogbackXmlStartsTheAppenderWithoutErrorOrWarning() throws Exception {
		String guide = Files.readString(GUIDE);
		int section = guide.indexOf("A complete `logback.xml`");
		assertThat(section).as("the guide's logback.xml").isPositive();
		int start = guide.indexOf("```xml\n", section) + "```xml\n".length();
		String xml = guide.substring(start, guide.indexOf("```", start));
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
