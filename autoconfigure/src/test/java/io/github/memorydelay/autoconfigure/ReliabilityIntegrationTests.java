package io.github.memorydelay.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.memorydelay.Await;
import io.github.memorydelay.actuate.MemoryDelayEndpoint;
import io.github.memorydelay.pipeline.MemoryDelay;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise: an event at or above the level ends up in a delivered email or in the
 * spool, and is counted either way, whatever the SMTP server does.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReliabilityIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger("com.example.ledger.Ledger");

	private static final String[] FAST_RETRY = { "memorydelay.retry.initial-interval=100ms",
			"memorydelay.retry.max-interval=200ms" };

	@RegisterExtension
	static GreenMailExtension greenMail = TestMail.greenMail();

	@TempDir
	Path spool;

	@Test
	void digestFailedWhileSmtpWasDownIsDeliveredOnceWhenItIsBack() throws Exception {
		int port = freePort();
		try (ConfigurableApplicationContext context = TestApplication.run(port, this.spool, FAST_RETRY)) {
			logger.error("Lost connection to the ledger");
			Await.spooled(this.spool, 1);
			GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
			server.start();
			try {
				assertThat(server.waitForIncomingEmail(TestMail.WAIT_MILLIS, 1)).isTrue();
				Await.until("spool emptied", () -> Await.waiting(this.spool).isEmpty());
				assertThat(server.waitForIncomingEmail(500, 2)).isFalse();
				MimeMessage[] received = server.getReceivedMessages();
				assertThat(received).hasSize(1);
				ReceivedDigest digest = ReceivedDigest.of(received[0]);
				assertThat(digest.trigger()).isEqualTo("level");
				assertThat(digest.events()).isEqualTo(1);
				assertThat(digest.text()).contains("Lost connection to the ledger");
			}
			finally {
				server.stop();
			}
		}
	}

	@Test
	void digestOfAShutdownWhileSmtpIsDownIsSpooledAndSentAtTheNextStart() throws Exception {
		ConfigurableApplicationContext down = TestApplication.run(freePort(), this.spool,
				"memorydelay.shutdown-timeout=5s");
		logger.warn("Warned just before the outage");
		down.close();
		List<Path> files = Await.spooled(this.spool, 1);
		MimeMessage spooled = read(files.get(0));
		assertThat(spooled.getHeader("X-MemoryDelay-Trigger")[0]).isEqualTo("shutdown");
		assertThat(spooled.getAllRecipients()[0].toString()).isEqualTo(TestMail.RECIPIENT);
		try (ConfigurableApplicationContext up = TestApplication.run(greenMail, this.spool)) {
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("shutdown");
			assertThat(digest.text()).contains("Warned just before the outage");
			Await.until("spool emptied", () -> Await.waiting(this.spool).isEmpty());
		}
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void hungSmtpServerNeverHoldsUpLoggingFlushOrShutdown() throws Exception {
		try (HungSmtpServer hung = new HungSmtpServer()) {
			ConfigurableApplicationContext context = TestApplication.run(hung.port(), this.spool,
					"spring.mail.properties.mail.smtp.connectiontimeout=60000",
					"spring.mail.properties.mail.smtp.timeout=60000", "memorydelay.min-interval=0",
					"memorydelay.shutdown-timeout=1s");
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			logger.error("First error: the dispatcher now waits on the hung server");
			Await.until("dispatcher connected", () -> hung.connections() > 0);
			long start = System.nanoTime();
			for (int i = 0; i < 200; i++) {
				logger.error("Error " + i);
			}
			Duration logging = Duration.ofNanos(System.nanoTime() - start);
			start = System.nanoTime();
			long flushed = memoryDelay.flush();
			Duration flushing = Duration.ofNanos(System.nanoTime() - start);
			start = System.nanoTime();
			context.close();
			Duration closing = Duration.ofNanos(System.nanoTime() - start);
			// bounds with room for a slow machine: what matters is that nothing waits for
			// the 60 s timeout
			assertThat(logging).isLessThan(Duration.ofSeconds(5));
			assertThat(flushing).isLessThan(Duration.ofSeconds(1));
			assertThat(closing).isLessThan(Duration.ofSeconds(6));
			assertThat(flushed).isGreaterThan(0);
			long spooledEvents = 0;
			for (Path file : Await.spoolFiles(this.spool, ".eml")) {
				spooledEvents += Long.parseLong(read(file).getHeader("X-MemoryDelay-Events")[0]);
			}
			assertThat(spooledEvents).as("every event is in the spool, counted").isEqualTo(201);
		}
	}

	@Test
	void mailStackLoggingAtTraceDuringAnOutageNeverFeedsADigest() throws Exception {
		int port = freePort();
		try (ConfigurableApplicationContext context = TestApplication.run(port, this.spool, "memorydelay.level=TRACE",
				"memorydelay.min-interval=0", "memorydelay.delay=100ms", "spring.main.log-startup-info=false",
				"logging.level.com.icegreen=WARN", "logging.level.jakarta.mail=TRACE",
				"logging.level.org.eclipse.angus=TRACE", "logging.level.org.springframework.mail=TRACE",
				"logging.level.io.github.memorydelay=TRACE", FAST_RETRY[0], FAST_RETRY[1])) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			logger.error("The only event of this test");
			Await.until("several failed attempts", () -> memoryDelay.statistics().sendFailures() >= 4);
			assertThat(memoryDelay.status().buffer().events()).as("nothing logged while sending was buffered").isZero();
			assertThat(memoryDelay.status().waiting()).as("one digest waits, retried, not a storm of them")
				.isEqualTo(1);
			GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
			server.start();
			try {
				assertThat(server.waitForIncomingEmail(TestMail.WAIT_MILLIS, 1)).isTrue();
				assertThat(server.waitForIncomingEmail(500, 2)).isFalse();
				ReceivedDigest digest = ReceivedDigest.of(server.getReceivedMessages()[0]);
				assertThat(digest.events()).isEqualTo(1);
				assertThat(digest.text()).doesNotContain("jakarta.mail", "org.eclipse.angus",
						"org.springframework.mail", "io.github.memorydelay");
			}
			finally {
				server.stop();
			}
		}
	}

	@Test
	void injectedHeadersAndHtmlNeverReachTheEmail() throws Exception {
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool,
				"memorydelay.subject=[{app}] {first}")) {
			MDC.put("user", "<b>bob</b>\r\nX-Mdc-Injected: yes");
			try {
				logger.error("Disk full\u2028Bcc: evil@example.net\u000bX-Injected: yes\r\nBcc: evil@example.net\r\n"
						+ "X-Injected: yes\n\n<script>alert(1)</script><img src=x onerror=alert(2)>");
			}
			finally {
				MDC.remove("user");
			}
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.headers("X-Injected")).isNull();
			assertThat(digest.headers("X-Mdc-Injected")).isNull();
			assertThat(digest.headers("Bcc")).isNull();
			assertThat(digest.message().getAllRecipients()).extracting(Object::toString)
				.containsExactly(TestMail.RECIPIENT);
			assertThat(greenMail.getReceivedMessagesForDomain("example.net")).isEmpty();
			assertThat(digest.subject()).isEqualTo("[application] Disk full Bcc: evil@example.net X-Injected: yes")
				.doesNotContain("\r", "\n");
			assertThat(digest.html()).doesNotContain("<script>", "<img src=x", "<b>bob</b>")
				.contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
						"&lt;b&gt;bob&lt;/b&gt;");
		}
	}

	@Test
	void corruptSpoolFilesAreMovedAsideAndDoNotStopStartUp() throws Exception {
		Files.createDirectories(this.spool);
		Files.write(this.spool.resolve("digest-0000000000001-000001.eml"), new byte[] { 0, (byte) 0xff, 13, 10, 1, 2 });
		Files.write(this.spool.resolve("digest-0000000000002-000002.eml"), new byte[0]);
		Files.writeString(this.spool.resolve("digest-0000000000003-000003.eml"), """
				From: app@example.com\r
				To: ops@example.com\r
				Subject: left by an earlier run\r
				X-MemoryDelay-Trigger: shutdown\r
				X-MemoryDelay-Events: 1\r
				X-MemoryDelay-Entries: 1\r
				MIME-Version: 1.0\r
				Content-Type: text/plain; charset=UTF-8\r
				\r
				left over\r
				""", StandardCharsets.UTF_8);
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool)) {
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.subject()).isEqualTo("left by an earlier run");
			Await.until("corrupt files moved aside", () -> Await.waiting(this.spool).isEmpty());
			assertThat(Await.spoolFiles(this.spool, ".corrupt")).hasSize(2);
			logger.error("Still working");
			assertThat(TestMail.awaitDigests(greenMail, 2).get(1).text()).contains("Still working");
		}
	}

	@Test
	void spooledFileGoesOnlyToTheConfiguredRecipients() throws Exception {
		Files.createDirectories(this.spool);
		Files.writeString(this.spool.resolve("digest-0000000000001-1-000001.eml"), """
				From: someone@evil.example\r
				To: attacker@evil.example\r
				Bcc: another@evil.example\r
				Subject: planted\r
				X-MemoryDelay-Trigger: shutdown\r
				MIME-Version: 1.0\r
				Content-Type: text/plain; charset=UTF-8\r
				\r
				planted\r
				""", StandardCharsets.UTF_8);
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail, this.spool)) {
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.message().getAllRecipients()).extracting(Object::toString)
				.containsExactly(TestMail.RECIPIENT);
			assertThat(digest.message().getFrom()[0].toString()).isEqualTo(TestMail.SENDER);
			assertThat(greenMail.getReceivedMessagesForDomain("evil.example")).isEmpty();
		}
	}

	@Test
	void mailPasswordNeverAppearsInSpoolEndpointDigestOrLog(CapturedOutput output) throws Exception {
		String password = "s3cr3t-Pa55-word";
		int port = freePort();
		// a slow first retry, so that the spool file is read before it is claimed for
		// sending again
		try (ConfigurableApplicationContext context = TestApplication.run(port, this.spool,
				"spring.mail.username=" + TestMail.SENDER, "spring.mail.password=" + password,
				"memorydelay.retry.initial-interval=3s", "memorydelay.retry.max-interval=3s")) {
			logger.error("Needs a digest");
			List<Path> files = Await.spooled(this.spool, 1);
			assertThat(Files.readString(files.get(0), StandardCharsets.ISO_8859_1)).doesNotContain(password);
			assertThat(new MemoryDelayEndpoint(TestApplication.memoryDelay(context)).status().toString())
				.doesNotContain(password);
			GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"))
				.withConfiguration(GreenMailConfiguration.aConfig().withUser(TestMail.SENDER, password));
			server.start();
			try {
				assertThat(server.waitForIncomingEmail(TestMail.WAIT_MILLIS, 1)).isTrue();
				ReceivedDigest digest = ReceivedDigest.of(server.getReceivedMessages()[0]);
				assertThat(digest.text()).doesNotContain(password);
				assertThat(digest.html()).doesNotContain(password);
			}
			finally {
				server.stop();
			}
		}
		assertThat(output.getAll()).doesNotContain(password).contains("could not be sent");
	}

	private static MimeMessage read(Path file) throws IOException, jakarta.mail.MessagingException {
		try (InputStream in = Files.newInputStream(file)) {
			return new MimeMessage(Session.getInstance(new Properties()), in);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
