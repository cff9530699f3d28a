package io.github.memorydelay.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.memorydelay.Await;
import io.github.memorydelay.actuate.MemoryDelayEndpoint;
import io.github.memorydelay.actuate.MemoryDelayEndpoint.MemoryDelayDescriptor;
import io.github.memorydelay.actuate.MemoryDelayHealth;
import io.github.memorydelay.pipeline.MemoryDelay;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One incident, one email: an outage of the mail server, a server that refuses for good,
 * and a log argument that logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class OutageIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger("com.example.ledger.Ledger");

	/**
	 * Short trigger windows and retries, so that an outage spans many windows in little
	 * time.
	 */
	private static final String[] SHORT_WINDOWS = { "memorydelay.delay=50ms", "memorydelay.min-interval=50ms",
			"memorydelay.retry.initial-interval=50ms", "memorydelay.retry.max-interval=100ms",
			"memorydelay.shutdown-timeout=2s" };

	@TempDir
	Path spool;

	@Test
	void outageOverManyTriggerWindowsEndsInAtMostTwoEmailsThatCountEveryEvent() throws Exception {
		int port = freePort();
		long logged = 0;
		try (ConfigurableApplicationContext context = TestApplication.run(port, this.spool, SHORT_WINDOWS)) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			logged += logWindows(memoryDelay, "before the restart", 10);
			assertThat(memoryDelay.status().buffer().holdingSince()).as("held while the server is down").isNotNull();
			assertThat(Await.waiting(this.spool)).as("only the digest that failed first waits").hasSize(1);
			List<ReceivedDigest> digests = deliverAll(port, 2);
			assertThat(digests).hasSizeLessThanOrEqualTo(2);
			assertThat(digests.stream().mapToLong(ReceivedDigest::events).sum()).isEqualTo(logged);
			ReceivedDigest last = digests.get(digests.size() - 1);
			assertThat(last.text()).contains("Held:", "Held back since", "could not be delivered");
			assertThat(last.html()).contains("Held back since");
			assertThat(memoryDelay.status().buffer().holdingSince()).isNull();
		}
	}

	@Test
	void outageAcrossARestartStillEndsInAtMostTwoEmails() throws Exception {
		int port = freePort();
		long logged = 0;
		try (ConfigurableApplicationContext first = TestApplication.run(port, this.spool, SHORT_WINDOWS)) {
			logged += logWindows(TestApplication.memoryDelay(first), "before the restart", 5);
		}
		assertThat(Await.spoolFiles(this.spool, ".held")).as("the held buffer is kept for the next start").hasSize(1);
		try (ConfigurableApplicationContext second = TestApplication.run(port, this.spool, SHORT_WINDOWS)) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(second);
			assertThat(Await.spoolFiles(this.spool, ".held")).as("taken over").isEmpty();
			logged += logWindows(memoryDelay, "after the restart", 5);
			List<ReceivedDigest> digests = deliverAll(port, 2);
			assertThat(digests).hasSizeLessThanOrEqualTo(2);
			assertThat(digests.stream().mapToLong(ReceivedDigest::events).sum()).isEqualTo(logged);
			String all = digests.stream().map(ReceivedDigest::text).reduce("", String::concat);
			assertThat(all).contains("Window 0 before the restart", "Window 4 after the restart");
		}
	}

	@Test
	void digestDeliveredFromTheSpoolIsRememberedAsReported() throws Exception {
		int port = freePort();
		try (ConfigurableApplicationContext context = TestApplication.run(port, this.spool, SHORT_WINDOWS)) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			logger.error("Ledger out of balance");
			Await.spooled(this.spool, 1);
			GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
			server.start();
			try {
				assertThat(server.waitForIncomingEmail(TestMail.WAIT_MILLIS, 1)).isTrue();
				assertThat(received(server).get(0).header("X-MemoryDelay-New")).isEqualTo("1");
				Await.until("delivered from the spool", () -> memoryDelay.status().waiting() == 0);
				logger.error("Ledger out of balance");
				assertThat(server.waitForIncomingEmail(TestMail.WAIT_MILLIS, 2)).isTrue();
				ReceivedDigest again = received(server).get(1);
				assertThat(again.header("X-MemoryDelay-New")).as("reported by the digest sent from the spool")
					.isEqualTo("0");
				assertThat(again.text()).contains("recurring");
			}
			finally {
				server.stop();
			}
		}
	}

	@Test
	void permanentRefusalIsTriedOnceKeptInRejectedAndTriedAgainAtTheNextStart(CapturedOutput output) throws Exception {
		try (ScriptedSmtpServer server = ScriptedSmtpServer
			.replyingToData("554 5.7.1 Message rejected: spam detected")) {
			try (ConfigurableApplicationContext context = TestApplication.run(server.port(), this.spool,
					SHORT_WINDOWS)) {
				MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
				logger.error("Ledger out of balance");
				Path rejected = this.spool.resolve("rejected");
				Await.until("digest moved to rejected/", () -> Await.spoolFiles(rejected, ".eml").size() == 1);
				logger.warn("Something else, later");
				Await.until("second digest refused too", () -> Await.spoolFiles(rejected, ".eml").size() == 2);
				assertThat(server.messages()).as("one attempt per digest, no retry").isEqualTo(2);
				assertThat(Await.waiting(this.spool)).isEmpty();
				assertThat(memoryDelay.status().buffer().holdingSince()).as("a refusal is no outage").isNull();
				MemoryDelayHealth health = new MemoryDelayHealth(memoryDelay);
				assertThat(health.isUp()).isFalse();
				assertThat(health.details()).containsEntry("rejected", 2);
				MemoryDelayDescriptor status = new MemoryDelayEndpoint(memoryDelay).status();
				assertThat(status.lastFailure()).contains("554 5.7.1 Message rejected: spam detected");
				assertThat(status.rejected()).isEqualTo(2);
				assertThat(status.spooled()).isZero();
				assertThat(memoryDelay.statistics().digestsRefused()).isEqualTo(2);
			}
			assertThat(server.messages()).isEqualTo(2);
		}
		assertThat(output.getAll()).contains("was refused by the SMTP server",
				"554 5.7.1 Message rejected: spam detected");
		GreenMail greenMail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", "smtp"));
		greenMail.start();
		try (ConfigurableApplicationContext fixed = TestApplication.run(greenMail.getSmtp().getPort(), this.spool)) {
			assertThat(greenMail.waitForIncomingEmail(TestMail.WAIT_MILLIS, 2)).isTrue();
			List<String> texts = received(greenMail).stream().map(ReceivedDigest::text).toList();
			assertThat(texts).anySatisfy((text) -> assertThat(text).contains("Ledger out of balance"));
			MemoryDelayHealth health = new MemoryDelayHealth(TestApplication.memoryDelay(fixed));
			Await.until("health up again", health::isUp);
			assertThat(Await.spoolFiles(this.spool.resolve("rejected"), ".eml")).isEmpty();
			assertThat(Await.waiting(this.spool)).isEmpty();
		}
		finally {
			greenMail.stop();
		}
	}

	@Test
	void temporaryRefusalIsRetriedWithBackoff() throws Exception {
		try (ScriptedSmtpServer server = ScriptedSmtpServer.replyingToData("451 4.3.0 Try again later")) {
			try (ConfigurableApplicationContext context = TestApplication.run(server.port(), this.spool,
					SHORT_WINDOWS)) {
				MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
				logger.error("Ledger out of balance");
				Await.until("retried", () -> server.messages() >= 3);
				assertThat(Await.spoolFiles(this.spool.resolve("rejected"), ".eml")).isEmpty();
				assertThat(Await.waiting(this.spool)).hasSize(1);
				assertThat(memoryDelay.status().buffer().holdingSince()).isNotNull();
				assertThat(memoryDelay.status().nextRetryAt()).isNotNull();
				assertThat(memoryDelay.statistics().lastFailure()).contains("451 4.3.0 Try again later");
			}
		}
	}

	@Test
	void digestAcceptedForSomeRecipientsCountsAsDeliveredAndTheRefusedAreLogged(CapturedOutput output)
			throws Exception {
		try (ScriptedSmtpServer server = new ScriptedSmtpServer(
				(address) -> address.startsWith("gone@") ? "550 5.1.1 <" + address + ">: user unknown" : "250 OK",
				"250 2.0.0 Queued")) {
			try (ConfigurableApplicationContext context = TestApplication.run(server.port(), this.spool,
					"memorydelay.to=" + TestMail.RECIPIENT + ",gone@example.com")) {
				MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
				logger.error("Ledger out of balance");
				Await.until("delivered", () -> memoryDelay.statistics().digestsSent() == 1);
				assertThat(server.acceptedRecipients()).containsExactly(TestMail.RECIPIENT);
				assertThat(Await.waiting(this.spool)).isEmpty();
				assertThat(Await.spoolFiles(this.spool.resolve("rejected"), ".eml")).isEmpty();
				assertThat(new MemoryDelayHealth(memoryDelay).isUp()).isTrue();
			}
		}
		assertThat(output.getAll()).contains("refused it for gone@example.com");
	}

	@Test
	void logArgumentWhoseToStringLogsNeitherRecursesNorIsBuffered() throws Exception {
		GreenMail greenMail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", "smtp"));
		greenMail.start();
		try (ConfigurableApplicationContext context = TestApplication.run(greenMail.getSmtp().getPort(), this.spool)) {
			logger.error("Cannot post {}", new SelfLogging());
			assertThat(greenMail.waitForIncomingEmail(TestMail.WAIT_MILLIS, 1)).isTrue();
			ReceivedDigest digest = received(greenMail).get(0);
			assertThat(digest.text()).contains("Cannot post entry 42");
			assertThat(digest.events()).isLessThanOrEqualTo(2);
		}
		finally {
			greenMail.stop();
		}
	}

	/**
	 * Logs a batch of events, among them an error, once per trigger window while the
	 * server is down: each window ends when the dispatcher has failed once more.
	 */
	private static long logWindows(MemoryDelay memoryDelay, String when, int windows) {
		long logged = 0;
		LongSupplier failures = () -> memoryDelay.statistics().sendFailures();
		for (int window = 0; window < windows; window++) {
			logger.error("Window " + window + " " + when);
			logger.warn("Ledger slow");
			logger.warn("Ledger slow");
			logged += 3;
			long before = failures.getAsLong();
			Await.until("another failed attempt", () -> failures.getAsLong() > before);
		}
		return logged;
	}

	private static List<ReceivedDigest> deliverAll(int port, int atMost) throws Exception {
		GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
		server.start();
		try {
			assertThat(server.waitForIncomingEmail(TestMail.WAIT_MILLIS, 1)).isTrue();
			// more than expected would arrive within the retry interval and the trigger
			// window
			server.waitForIncomingEmail(1_000, atMost + 1);
			return received(server);
		}
		finally {
			server.stop();
		}
	}

	private static List<ReceivedDigest> received(GreenMail server) {
		MimeMessage[] messages = server.getReceivedMessages();
		return java.util.Arrays.stream(messages).map(ReceivedDigest::of).toList();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** A log argument whose {@code toString()} logs itself, without end. */
	private static final class SelfLogging {

		@Override
		public String toString() {
			logger.warn("Rendering {}", this);
			return "entry 42";
		}

	}

}
