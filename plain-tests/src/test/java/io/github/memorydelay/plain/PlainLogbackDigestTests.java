package io.github.memorydelay.plain;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.memorydelay.delivery.OwnLogging;
import io.github.memorydelay.logback.MemoryDelayAppender;
import jakarta.mail.Address;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The appender in a plain Logback application: only memorydelay's jar, logback-classic
 * and angus-mail on the class path, configured from a {@code logback.xml} with Joran,
 * sending to GreenMail.
 */
class PlainLogbackDigestTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

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
	void classPathHasNoSpring() {
		for (String name : new String[] { "org.springframework.core.SpringVersion",
				"org.springframework.boot.SpringApplication", "org.springframework.mail.javamail.JavaMailSender" }) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName(name, false, getClass().getClassLoader()));
		}
	}

	@Test
	void anErrorSendsADigest() throws Exception {
		this.context = configure(greenMail.getSmtp().getPort());
		assertThat(PlainLogback.appender(this.context).isStarted()).isTrue();
		assertThat(PlainLogback.statuses(this.context, Status.ERROR)).isEmpty();
		Logger logger = this.context.getLogger("com.example.billing.Invoices");
		logger.warn("Invoice {} is late", 7);
		logger.info("below the level: not in the digest");
		logger.error("Payment failed for order 42", new IllegalStateException("card declined"));
		assertThat(greenMail.waitForIncomingEmail(PlainLogback.WAIT_MILLIS, 1)).isTrue();
		MimeMessage[] received = greenMail.getReceivedMessages();
		// one message, delivered to each of the three recipients
		assertThat(received).hasSize(3);
		MimeMessage message = received[0];
		assertThat(message.getHeader("X-MemoryDelay-Trigger")).containsExactly("level");
		assertThat(message.getHeader("X-MemoryDelay-Events")).containsExactly("2");
		assertThat(message.getHeader("X-MemoryDelay-Entries")).containsExactly("2");
		assertThat(message.getSubject()).contains("billing");
		assertThat(message.getFrom()[0].toString()).isEqualTo("alerts@example.com");
		assertThat(Arrays.stream(message.getAllRecipients()).map(Address::toString))
			.containsExactly("oncall@example.com", "second@example.com", "Third One <third@example.com>");
		assertThat(message.getContentType()).startsWith("multipart/alternative");
		Multipart parts = (Multipart) message.getContent();
		assertThat(parts.getCount()).isEqualTo(2);
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").containsIgnoringCase("utf-8");
		String text = GreenMailUtil.getBody(parts.getBodyPart(0));
		assertThat(text).contains("Payment failed for order 42")
			.contains("Invoice 7 is late")
			.doesNotContain("below the level");
	}

	@Test
	void stoppingTheLoggerContextSendsTheShutdownDigest() throws Exception {
		this.context = configure(greenMail.getSmtp().getPort());
		this.context.getLogger("com.example.billing.Invoices").warn("Kept until the application stops");
		assertThat(greenMail.waitForIncomingEmail(300, 1)).isFalse();
		MimeMessage message = stopAndReceiveTheShutdownDigest();
		assertThat(message.getHeader("X-MemoryDelay-Events")).containsExactly("1");
		assertThat(GreenMailUtil.getBody(message)).contains("Kept until the application stops");
	}

	@Test
	void eightyConcatenatedWarningsOfOneProblemAreOneEntryWithNothingToConfigure() throws Exception {
		this.context = configure(greenMail.getSmtp().getPort());
		Logger logger = this.context.getLogger("com.example.feed.FeedImporter");
		for (int row = 1; row <= 80; row++) {
			logger.warn("Rejected row " + row + " of feed.csv: quantity '" + (row * 3) + "kg' is not a number");
		}
		MimeMessage message = stopAndReceiveTheShutdownDigest();
		assertThat(message.getHeader("X-MemoryDelay-Entries")).containsExactly("1");
		assertThat(message.getHeader("X-MemoryDelay-Events")).containsExactly("80");
		assertThat(GreenMailUtil.getBody(message)).contains("WARN x80", "80 distinct messages, the last:");
	}

	@Test
	void digestFailedWhileSmtpIsDownIsSpooledAndSentWhenItIsBack() throws Exception {
		int port = freePort();
		this.context = configure(port);
		this.context.getLogger("com.example.billing.Ledger").error("Lost connection to the ledger");
		PlainLogback.until("a digest in the spool", () -> PlainLogback.waiting(this.spool).size() == 1);
		GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", "smtp"));
		server.start();
		try {
			assertThat(server.waitForIncomingEmail(PlainLogback.WAIT_MILLIS, 1)).isTrue();
			PlainLogback.until("spool emptied", () -> PlainLogback.waiting(this.spool).isEmpty());
			MimeMessage message = server.getReceivedMessages()[0];
			assertThat(message.getHeader("X-MemoryDelay-Trigger")).containsExactly("level");
			assertThat(GreenMailUtil.getBody(message)).contains("Lost connection to the ledger");
		}
		finally {
			this.context.stop();
			this.context = null;
			server.stop();
		}
	}

	@Test
	void shutdownDigestWhileSmtpIsDownIsSpooledAndSentAtTheNextStart() throws Exception {
		LoggerContext down = configure(freePort());
		down.getLogger("com.example.billing.Ledger").warn("Warned just before the outage");
		down.stop();
		PlainLogback.until("the shutdown digest in the spool", () -> PlainLogback.waiting(this.spool).size() == 1);
		this.context = configure(greenMail.getSmtp().getPort());
		assertThat(greenMail.waitForIncomingEmail(PlainLogback.WAIT_MILLIS, 1)).isTrue();
		MimeMessage message = greenMail.getReceivedMessages()[0];
		assertThat(message.getHeader("X-MemoryDelay-Trigger")).containsExactly("shutdown");
		assertThat(GreenMailUtil.getBody(message)).contains("Warned just before the outage");
		PlainLogback.until("spool emptied", () -> PlainLogback.waiting(this.spool).isEmpty());
	}

	@Test
	void quietHoursHoldTheDelayTriggerUntilAnEventAtTheBypassLevel() throws Exception {
		this.context = configureQuietHours("ERROR");
		MemoryDelayAppender appender = PlainLogback.appender(this.context);
		assertThat(appender.isStarted()).isTrue();
		Logger logger = this.context.getLogger("com.example.billing.Nightly");
		logger.warn("Nightly export slow: {} ms", 5400);
		// the delay (100 ms) would send it at once: the quiet hours, all week, hold it
		Instant nextFlushAt = appender.getMemoryDelay().status().buffer().nextFlushAt();
		assertThat(nextFlushAt).isAfter(Instant.now().plus(Duration.ofDays(1)));
		assertThat(greenMail.waitForIncomingEmail(300, 1)).isFalse();
		logger.error("Nightly export failed");
		assertThat(greenMail.waitForIncomingEmail(PlainLogback.WAIT_MILLIS, 1)).isTrue();
		MimeMessage message = greenMail.getReceivedMessages()[0];
		assertThat(message.getHeader("X-MemoryDelay-Trigger")).containsExactly("level");
		assertThat(message.getHeader("X-MemoryDelay-Events")).containsExactly("2");
		assertThat(GreenMailUtil.getBody(message)).contains("Nightly export slow: 5400 ms")
			.contains("Nightly export failed");
	}

	@Test
	void quietHoursWithoutBypassHoldAnErrorUntilTheShutdownDigest() throws Exception {
		this.context = configureQuietHours("OFF");
		MemoryDelayAppender appender = PlainLogback.appender(this.context);
		this.context.getLogger("com.example.billing.Nightly").error("Nightly export failed");
		assertThat(appender.getMemoryDelay().status().buffer().nextFlushAt())
			.isAfter(Instant.now().plus(Duration.ofDays(1)));
		assertThat(greenMail.waitForIncomingEmail(300, 1)).isFalse();
		MimeMessage message = stopAndReceiveTheShutdownDigest();
		assertThat(GreenMailUtil.getBody(message)).contains("Nightly export failed");
	}

	private MimeMessage stopAndReceiveTheShutdownDigest() throws Exception {
		this.context.stop();
		this.context = null;
		assertThat(greenMail.waitForIncomingEmail(PlainLogback.WAIT_MILLIS, 1)).isTrue();
		MimeMessage message = greenMail.getReceivedMessages()[0];
		assertThat(message.getHeader("X-MemoryDelay-Trigger")).containsExactly("shutdown");
		return message;
	}

	private LoggerContext configureQuietHours(String bypassLevel) {
		String xml = """
				<configuration>
					<appender name="DIGEST" class="io.github.memorydelay.logback.MemoryDelayAppender">
						<smtpHost>127.0.0.1</smtpHost>
						<smtpPort>${smtpPort}</smtpPort>
						<to>oncall@example.com</to>
						<from>alerts@example.com</from>
						<delay>100 milliseconds</delay>
						<minInterval>0 seconds</minInterval>
						<shutdownTimeout>5 seconds</shutdownTimeout>
						<spoolDirectory>${spoolDirectory}</spoolDirectory>
						<quietHoursRanges>MON-FRI 00:00-24:00</quietHoursRanges>
						<quietHoursRanges>SAT-SUN 00:00-24:00</quietHoursRanges>
						<quietHoursZone>UTC</quietHoursZone>
						<quietHoursBypassLevel>${bypassLevel}</quietHoursBypassLevel>
					</appender>
					<root level="INFO"><appender-ref ref="DIGEST"/></root>
				</configuration>
				""";
		return PlainLogback.configure(xml, Map.of("smtpPort", Integer.toString(greenMail.getSmtp().getPort()),
				"spoolDirectory", this.spool.toString(), "bypassLevel", bypassLevel));
	}

	@Test
	void withTheShutdownHookThereIsNoWarningAboutIt() {
		this.context = configure(greenMail.getSmtp().getPort());
		assertThat(PlainLogback.statuses(this.context, Status.WARN))
			.noneSatisfy((status) -> assertThat(status.getMessage()).contains("<shutdownHook/>"));
	}

	@Test
	void entriesLinkToTheirTraceAndToTheSourceAtTheCommitOfGitProperties() throws Exception {
		this.context = configureWith("""
				<from>alerts@example.com</from>
				<linksTrace>https://tempo.example.com/trace/{traceId}</linksTrace>
				<linksTraceKeys>requestTrace</linksTraceKeys>
				<linksSource>https://github.com/acme/shop/blob/{commit}/src/test/java/{path}#L{line}</linksSource>
				""");
		assertThat(PlainLogback.statuses(this.context, Status.WARN)).isEmpty();
		this.context.getMDCAdapter().put("requestTrace", "80f198ee56343ba864fe8b2a57d3eff7");
		this.context.getLogger("com.example.billing.Invoices")
			.error("Payment failed", new IllegalStateException("card declined"));
		this.context.getMDCAdapter().remove("requestTrace");
		assertThat(greenMail.waitForIncomingEmail(PlainLogback.WAIT_MILLIS, 1)).isTrue();
		Multipart parts = (Multipart) greenMail.getReceivedMessages()[0].getContent();
		String text = (String) parts.getBodyPart(0).getContent();
		assertThat(text).contains("https://tempo.example.com/trace/80f198ee56343ba864fe8b2a57d3eff7",
				"https://github.com/acme/shop/blob/0a1b2c3d4e5f/src/test/java/io/github/memorydelay/plain/"
						+ "PlainLogbackDigestTests.java#L");
	}

	@Test
	void starttlsTrueAndAServerWithoutItGetNeitherThePasswordNorTheDigestWhichIsKept() throws Exception {
		this.context = configureWith("""
				<STARTTLS>true</STARTTLS>
				<username>alerts@example.com</username>
				<password>secret</password>
				<retryInitialInterval>1 hour</retryInitialInterval>
				""");
		ListAppender<ILoggingEvent> ownLines = ownLines();
		this.context.getLogger("com.example.billing.Ledger").error("Lost connection to the ledger");
		PlainLogback.until("the digest kept in the spool", () -> PlainLogback.waiting(this.spool).size() == 1);
		assertThat(greenMail.getReceivedMessages()).isEmpty();
		assertThat(this.spool.resolve("rejected")).doesNotExist();
		PlainLogback.until("a warning that names the option",
				() -> ownLines.list.stream()
					.anyMatch((line) -> line.getFormattedMessage()
						.contains("the SMTP server does not offer STARTTLS, which option <STARTTLS> requires")));
	}

	@Test
	void aRefusedLoginKeepsTheDigestInTheSpoolAndSaysWhatToCheck() throws Exception {
		greenMail.setUser("alerts@example.com", "alerts", "right");
		this.context = configureWith("""
				<username>alerts</username>
				<password>wrong</password>
				<from>alerts@example.com</from>
				<retryInitialInterval>1 hour</retryInitialInterval>
				""");
		ListAppender<ILoggingEvent> ownLines = ownLines();
		this.context.getLogger("com.example.billing.Ledger").error("Lost connection to the ledger");
		PlainLogback.until("the digest kept in the spool", () -> PlainLogback.waiting(this.spool).size() == 1);
		assertThat(greenMail.getReceivedMessages()).isEmpty();
		assertThat(this.spool.resolve("rejected")).as("a refused login is not a refused digest").doesNotExist();
		PlainLogback.until("a warning that says what to check",
				() -> ownLines.list.stream()
					.anyMatch((line) -> line.getFormattedMessage().contains("the SMTP server refused the login (535")
							&& line.getFormattedMessage().contains("check <username> and <password>")));
	}

	/**
	 * Configures the appender with the test's server and spool, a shutdown hook, and
	 * options of the test's own.
	 */
	private LoggerContext configureWith(String options) {
		String xml = """
				<configuration>
					<shutdownHook/>
					<appender name="DIGEST" class="io.github.memorydelay.logback.MemoryDelayAppender">
						<smtpHost>127.0.0.1</smtpHost>
						<smtpPort>${smtpPort}</smtpPort>
						<to>oncall@example.com</to>
						<shutdownTimeout>5 seconds</shutdownTimeout>
						<spoolDirectory>${spoolDirectory}</spoolDirectory>
				""" + options + """
					</appender>
					<root level="INFO"><appender-ref ref="DIGEST"/></root>
				</configuration>
				""";
		return PlainLogback.configure(xml, Map.of("smtpPort", Integer.toString(greenMail.getSmtp().getPort()),
				"spoolDirectory", this.spool.toString()));
	}

	/** What memorydelay says on its own logger, which it never buffers. */
	private ListAppender<ILoggingEvent> ownLines() {
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.setContext(this.context);
		lines.start();
		this.context.getLogger(OwnLogging.LOGGER_NAME).addAppender(lines);
		return lines;
	}

	private LoggerContext configure(int smtpPort) {
		return PlainLogback
			.configure(Map.of("smtpPort", Integer.toString(smtpPort), "spoolDirectory", this.spool.toString()));
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
