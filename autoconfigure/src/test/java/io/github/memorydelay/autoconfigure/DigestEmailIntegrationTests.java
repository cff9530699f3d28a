package io.github.memorydelay.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Digests sent by real Spring Boot applications to a real SMTP server.
 */
class DigestEmailIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger("com.example.orders.OrderService");

	@RegisterExtension
	static GreenMailExtension greenMail = TestMail.greenMail();

	@TempDir
	Path spool;

	@Test
	void applicationWithOnlyTheThreeUserPropertiesReceivesADigest() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.mail.host=localhost", "spring.mail.port=" + greenMail.getSmtp().getPort(),
					"memorydelay.to=" + TestMail.RECIPIENT, "spring.mail.username=" + TestMail.SENDER,
					"memorydelay.spool.directory=" + this.spool)
			.run()) {
			logger.error("Payment failed for order {}", 42);
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("level");
			assertThat(digest.events()).isEqualTo(1);
			assertThat(digest.entries()).isEqualTo(1);
			assertThat(digest.subject()).isEqualTo("[application] 1 error: Payment failed for order 42");
			assertThat(digest.header("X-MemoryDelay-New")).isEqualTo("1");
			assertThat(digest.header("Auto-Submitted")).isEqualTo("auto-generated");
			assertThat(digest.header("X-Auto-Response-Suppress")).isEqualTo("All");
			assertThat(digest.header("Message-ID")).startsWith("<").endsWith(">");
			assertThat(digest.contentType()).startsWith("multipart/alternative");
			assertThat(digest.text()).contains("Payment failed for order 42", "com.example.orders.OrderService");
			assertThat(digest.html()).contains("Payment failed for order 42");
		}
	}

	@Test
	void levelTriggerSendsDigestWithBothPartsAndHeaders() throws Exception {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"spring.application.name=orders")) {
			logger.warn("Slow response from {}", "inventory");
			logger.warn("Slow response from {}", "billing");
			logger.error("Payment failed", new IllegalStateException("card declined"));
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("level");
			assertThat(digest.events()).isEqualTo(3);
			assertThat(digest.entries()).isEqualTo(2);
			assertThat(digest.message().getFrom()[0].toString()).isEqualTo(TestMail.SENDER);
			assertThat(digest.message().getAllRecipients()[0].toString()).isEqualTo(TestMail.RECIPIENT);
			assertThat(digest.subject()).isEqualTo("[orders] 1 error, 2 warnings: Payment failed");
			assertThat(digest.text()).contains("Slow response from inventory", "WARN x2", "ERROR x1",
					"java.lang.IllegalStateException: card declined");
			assertThat(digest.html()).contains("Slow response from inventory", "card declined", "&times;2");
		}
	}

	@Test
	void capacityTriggerSendsDigest() {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.capacity=3", "memorydelay.flush-level=OFF", "memorydelay.delay=0")) {
			logger.warn("first");
			logger.warn("second");
			logger.warn("second");
			logger.warn("third");
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("capacity");
			assertThat(digest.entries()).isEqualTo(3);
			assertThat(digest.events()).isEqualTo(4);
		}
	}

	@Test
	void eightyConcatenatedWarningsOfOneProblemAreOneEntryInOneDigest() {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.capacity=50", "memorydelay.flush-level=OFF", "memorydelay.delay=0")) {
			for (int row = 1; row <= 80; row++) {
				logger.warn("Rejected row " + row + " of feed.csv: quantity '" + (row * 3) + "kg' is not a number");
			}
			assertThat(TestApplication.memoryDelay(context).flush()).isEqualTo(80);
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("manual");
			assertThat(digest.header("X-MemoryDelay-Entries")).isEqualTo("1");
			assertThat(digest.header("X-MemoryDelay-Events")).isEqualTo("80");
			assertThat(digest.text()).contains("WARN x80", "Rejected row 1 of feed.csv: quantity '3kg' is not a number",
					"80 distinct messages, the last:", "Rejected row 80 of feed.csv: quantity '240kg' is not a number");
			assertThat(digest.html()).contains("80 distinct messages, the last:",
					"Rejected row 80 of feed.csv: quantity &#39;240kg&#39; is not a number");
		}
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void entriesLinkToTheirTraceAndToTheSourceAtTheCommitOfGitProperties() {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.links.trace=https://tempo.example.com/trace/{traceId}",
				"memorydelay.links.source=https://github.com/acme/shop/blob/{commit}/src/test/java/{path}#L{line}",
				"spring.info.git.location=classpath:links-git.properties")) {
			org.slf4j.MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
			try {
				logger.error("Payment failed", new IllegalStateException("card declined"));
			}
			finally {
				org.slf4j.MDC.remove("traceId");
			}
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			String source = "https://github.com/acme/shop/blob/0a1b2c3d4e5f/src/test/java/io/github/memorydelay/"
					+ "autoconfigure/DigestEmailIntegrationTests.java#L";
			assertThat(digest.text()).contains(
					"  Trace:      https://tempo.example.com/trace/4bf92f3577b34da6a3ce929d0e0e4736",
					"  Source:     " + source);
			assertThat(digest.html()).contains(
					"<a href=\"https://tempo.example.com/trace/4bf92f3577b34da6a3ce929d0e0e4736\"",
					"<a href=\"" + source);
		}
	}

	@Test
	void aRefusedLoginKeepsTheDigestInTheSpoolAndSaysWhatToCheck() {
		greenMail.setUser("alerts@example.com", "alerts", "right");
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"spring.mail.username=alerts", "spring.mail.password=wrong",
				"spring.mail.properties.mail.smtp.auth=true", "memorydelay.from=alerts@example.com",
				"memorydelay.retry.initial-interval=1h")) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			logger.error("Payment failed");
			io.github.memorydelay.Await.until("the digest kept in the spool",
					() -> memoryDelay.status().waiting() == 1 && memoryDelay.status().delivery().lastFailure() != null);
			assertThat(memoryDelay.status().delivery().lastFailure()).contains("the SMTP server refused the login",
					"check 'spring.mail.username' and 'spring.mail.password'");
			assertThat(greenMail.getReceivedMessages()).isEmpty();
			assertThat(this.spool.resolve("rejected")).as("a refused login is not a refused digest").doesNotExist();
		}
	}

	@Test
	void delayTriggerSendsDigest() {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.flush-level=OFF", "memorydelay.delay=200ms")) {
			logger.warn("disk almost full");
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("delay");
			assertThat(digest.events()).isEqualTo(1);
		}
	}

	@Test
	void manualFlushSendsDigest() {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.flush-level=OFF", "memorydelay.delay=0")) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			assertThat(memoryDelay.flush()).isZero();
			logger.warn("one");
			logger.warn("two");
			assertThat(memoryDelay.flush()).isEqualTo(2);
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("manual");
			assertThat(digest.events()).isEqualTo(2);
		}
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void entryOfAnEarlierDigestIsRecurringAfterARestart() {
		String[] properties = { "memorydelay.flush-level=OFF", "memorydelay.delay=0", "memorydelay.min-interval=0" };
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool, properties)) {
			logger.warn("Disk {} almost full", "/var");
			TestApplication.memoryDelay(context).flush();
			ReceivedDigest first = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(first.header("X-MemoryDelay-New")).isEqualTo("1");
			assertThat(first.text()).contains("Entries:     new");
		}
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool, properties)) {
			logger.warn("Disk {} almost full", "/home");
			logger.warn("Certificate expires in {} days", 9);
			TestApplication.memoryDelay(context).flush();
			ReceivedDigest second = TestMail.awaitDigests(greenMail, 2).get(1);
			assertThat(second.header("X-MemoryDelay-New")).isEqualTo("1");
			assertThat(second.text()).contains("Entries:     1 new, 1 recurring", "recurring, first reported");
			assertThat(second.html()).contains("recurring, first reported");
		}
	}

	@Test
	void shutdownSendsWhatIsBuffered() {
		ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool, "memorydelay.delay=0");
		logger.warn("about to stop");
		assertThat(greenMail.getReceivedMessages()).isEmpty();
		context.close();
		List<ReceivedDigest> digests = TestMail.awaitDigests(greenMail, 1);
		assertThat(digests).hasSize(1);
		assertThat(digests.get(0).trigger()).isEqualTo("shutdown");
		assertThat(digests.get(0).text()).contains("about to stop");
	}

	@Test
	void eventsLoggedDuringStartUpAreInTheFirstDigest() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(StartUpWarningApplication.class)
			.web(WebApplicationType.NONE)
			.properties(
					TestMail.properties(greenMail, "memorydelay.spool.directory=" + this.spool, "memorydelay.delay=0"))
			.run()) {
			assertThat(TestApplication.memoryDelay(context).flush()).isEqualTo(1);
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.text()).contains("Warned while the context starts");
		}
	}

	@Test
	void twoApplicationsInOneJvmEachSendOneDigestPerFlush() {
		try (ConfigurableApplicationContext first = TestApplication.run(greenMail, this.spool.resolve("first"),
				"memorydelay.flush-level=OFF", "memorydelay.delay=0", "spring.application.name=first");
				ConfigurableApplicationContext second = TestApplication.run(greenMail, this.spool.resolve("second"),
						"memorydelay.flush-level=OFF", "memorydelay.delay=0", "spring.application.name=second")) {
			logger.warn("seen by both");
			assertThat(TestApplication.memoryDelay(first).flush()).isEqualTo(1);
			assertThat(TestApplication.memoryDelay(second).flush()).isEqualTo(1);
			List<ReceivedDigest> digests = TestMail.awaitDigests(greenMail, 2);
			assertThat(digests).hasSize(2);
			assertThat(digests).allSatisfy((digest) -> {
				assertThat(digest.events()).isEqualTo(1);
				assertThat(digest.trigger()).isEqualTo("manual");
			});
			assertThat(digests).extracting(ReceivedDigest::subject)
				.anySatisfy((subject) -> assertThat(subject).startsWith("[first]"))
				.anySatisfy((subject) -> assertThat(subject).startsWith("[second]"));
		}
	}

	@Test
	void restartedApplicationSendsOneDigestPerFlush() {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.flush-level=OFF", "memorydelay.delay=0")) {
			logger.warn("before restart");
		}
		TestMail.awaitDigests(greenMail, 1);
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.flush-level=OFF", "memorydelay.delay=0")) {
			logger.warn("after restart");
			assertThat(TestApplication.memoryDelay(context).flush()).isEqualTo(1);
			List<ReceivedDigest> digests = TestMail.awaitDigests(greenMail, 2);
			assertThat(digests.get(1).events()).isEqualTo(1);
			assertThat(digests.get(1).text()).contains("after restart").doesNotContain("before restart");
		}
	}

	@Test
	void loggerOfAnApplicationClassInTheStartersPackagesIsBuffered() {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool)) {
			LoggerFactory.getLogger(DigestEmailIntegrationTests.class)
				.error("Logged by a class that is not the starter's");
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.text()).contains("Logged by a class that is not the starter's",
					DigestEmailIntegrationTests.class.getName());
		}
	}

	@Test
	void applicationsOwnMemoryDelayIsTheOneStartedAndAttached() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OwnMemoryDelayApplication.class)
			.web(WebApplicationType.NONE)
			.properties(TestMail.properties(greenMail, "memorydelay.spool.directory=" + this.spool))
			.run()) {
			MemoryDelay memoryDelay = context.getBean(MemoryDelay.class);
			assertThat(memoryDelay.settings().capacity()).isEqualTo(7);
			assertThat(memoryDelay.isStarted()).isTrue();
			logger.warn("goes to the application's own pipeline");
			assertThat(memoryDelay.flush()).isEqualTo(1);
			assertThat(TestMail.awaitDigests(greenMail, 1).get(0).text())
				.contains("goes to the application's own pipeline");
		}
	}

	@Test
	void contextStoppedAndStartedAgainKeepsSendingDigests() {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.min-interval=0")) {
			logger.warn("before the stop");
			context.stop();
			ReceivedDigest last = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(last.trigger()).isEqualTo("shutdown");
			context.start();
			logger.error("after the start");
			ReceivedDigest next = TestMail.awaitDigests(greenMail, 2).get(1);
			assertThat(next.trigger()).isEqualTo("level");
			assertThat(next.text()).contains("after the start");
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OwnMemoryDelayApplication {

		@Bean
		MemoryDelay ownMemoryDelay() {
			return new MemoryDelay(io.github.memorydelay.pipeline.DigestSettings.builder().capacity(7).build());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class StartUpWarningApplication {

		@Bean
		Object startUpWarning() {
			LoggerFactory.getLogger("com.example.StartUp").warn("Warned while the context starts");
			return new Object();
		}

	}

}
