package io.github.memorydelay.sample;

import java.nio.file.Path;
import java.util.List;

import io.github.memorydelay.pipeline.DigestHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded SMTP server is up for the whole life of memorydelay: what is buffered when
 * the application stops reaches it as the last digest, and no digest is left in the
 * spool.
 */
class SampleShutdownTests {

	@TempDir
	Path spool;

	@Test
	void lastDigestReachesTheEmbeddedServerAtShutdown() {
		// arguments, not builder properties: those are defaults, below application.yml
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--sample.embedded-smtp.port=" + FreePort.find(),
				"--memorydelay.spool.directory=" + this.spool, "--memorydelay.delay=0",
				"--logging.threshold.console=ERROR", "--spring.main.banner-mode=off");
		EmbeddedSmtpServer smtpServer = context.getBean(EmbeddedSmtpServer.class);
		context.getBean(ScenarioRunner.class).run(Scenario.WARNINGS);
		assertThat(smtpServer.digests()).isEmpty();
		context.close();
		List<ReceivedDigest> digests = smtpServer.digests();
		assertThat(digests).hasSize(1);
		assertThat(digests.get(0).trigger()).isEqualTo("shutdown");
		assertThat(digests.get(0).events()).isEqualTo("6");
		// no digest waits; the history of reported fingerprints stays for the next start
		assertThat(this.spool.toFile().list()).containsExactly(DigestHistory.FILE_NAME);
	}

}
