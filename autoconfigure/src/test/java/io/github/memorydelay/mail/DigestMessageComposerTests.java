package io.github.memorydelay.mail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.memorydelay.autoconfigure.MailDigestSender;
import io.github.memorydelay.autoconfigure.MailDigestSender.MailRecipients;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.delivery.UnreadableMessageException;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.logback.AttachedAppender;
import io.github.memorydelay.logback.SmtpOptions;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.render.SubjectTemplate;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One composition for both worlds: the Spring Boot sender and the plain Jakarta Mail
 * sender compose the same email, and the plain sender sends it where configuration says.
 */
class DigestMessageComposerTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	private final LoggerContext context = new LoggerContext();

	private MemoryDelay memoryDelay;

	@AfterEach
	void shutdown() {
		if (this.memoryDelay != null) {
			this.memoryDelay.shutdown(Duration.ofSeconds(1));
		}
	}

	@Test
	void bootAndPlainSendersComposeTheSameEmail() throws Exception {
		Digest digest = digest();
		JavaMailSenderImpl javaMailSender = new JavaMailSenderImpl();
		javaMailSender.setHost("localhost");
		MailDigestSender boot = new MailDigestSender(javaMailSender,
				new MailRecipients(new InternetAddress("alerts@example.com"),
						new InternetAddress[] { new InternetAddress("oncall@example.com") },
						new InternetAddress[] { new InternetAddress("copy@example.com") }, new InternetAddress[0]),
				new SubjectTemplate(SubjectTemplate.DEFAULT));
		JakartaMailDigestSender plain = JakartaMailDigestSender.of(options(1025, List.of("oncall@example.com")));
		MimeMessage fromBoot = parse(boot.compose(digest));
		MimeMessage fromPlain = parse(plain.compose(digest));
		for (String header : new String[] { "Subject", "From", "To", "Cc", "Date", "MIME-Version",
				DigestMessageComposer.EVENTS_HEADER, DigestMessageComposer.ENTRIES_HEADER,
				DigestMessageComposer.TRIGGER_HEADER, DigestMessageComposer.AUTO_SUBMITTED_HEADER,
				DigestMessageComposer.AUTO_RESPONSE_SUPPRESS_HEADER }) {
			assertThat(fromPlain.getHeader(header)).as(header).isNotNull().containsExactly(fromBoot.getHeader(header));
		}
		// no out-of-office replies to the sender of a digest, and one Message-ID each
		assertThat(fromBoot.getHeader("Auto-Submitted")).containsExactly("auto-generated");
		assertThat(fromBoot.getHeader("X-Auto-Response-Suppress")).containsExactly("All");
		assertThat(fromBoot.getMessageID()).isNotBlank();
		assertThat(fromPlain.getMessageID()).isNotBlank().isNotEqualTo(fromBoot.getMessageID());
		assertThat(parse(plain.compose(digest)).getMessageID()).isNotEqualTo(fromPlain.getMessageID());
		assertThat(fromPlain.getContentType()).startsWith("multipart/alternative");
		assertThat(fromBoot.getContentType()).startsWith("multipart/alternative");
		Multipart bootParts = (Multipart) fromBoot.getContent();
		Multipart plainParts = (Multipart) fromPlain.getContent();
		assertThat(plainParts.getCount()).isEqualTo(bootParts.getCount()).isEqualTo(2);
		for (int i = 0; i < 2; i++) {
			assertThat(plainParts.getBodyPart(i).getContentType()).isEqualTo(bootParts.getBodyPart(i).getContentType());
			assertThat(plainParts.getBodyPart(i).getContent()).isEqualTo(bootParts.getBodyPart(i).getContent());
		}
		assertThat(plainParts.getBodyPart(0).getContentType()).isEqualTo("text/plain; charset=UTF-8");
		assertThat(plainParts.getBodyPart(1).getContentType()).isEqualTo("text/html; charset=UTF-8");
	}

	@Test
	void plainSenderHasFiniteSocketTimeoutsByDefault() {
		JakartaMailDigestSender sender = JakartaMailDigestSender.of(options(1025, List.of("oncall@example.com")));
		Session session = sender.getSession();
		for (String name : new String[] { "connectiontimeout", "timeout", "writetimeout" }) {
			assertThat(session.getProperty("mail.smtp." + name)).isEqualTo("10000");
		}
		assertThat(Integer.toString(JakartaMailDigestSender.DEFAULT_TIMEOUT_MILLIS)).isEqualTo("10000");
	}

	@Test
	void plainSenderSendsToTheConfiguredRecipientsOnly() throws Exception {
		JakartaMailDigestSender sender = JakartaMailDigestSender
			.of(options(greenMail.getSmtp().getPort(), List.of("oncall@example.com, second@example.com")));
		String composed = new String(sender.compose(digest()), StandardCharsets.ISO_8859_1);
		// a spool file that someone changed: it still goes only where the configuration
		// says
		byte[] tampered = ("Bcc: intruder@example.net\r\n" + composed.replace("oncall@example.com", "evil@example.net"))
			.getBytes(StandardCharsets.ISO_8859_1);
		sender.send(tampered);
		// one delivery per recipient: two in To, one in Cc, and not the intruder
		assertThat(greenMail.waitForIncomingEmail(10_000, 3)).isTrue();
		assertThat(greenMail.waitForIncomingEmail(300, 4)).isFalse();
		MimeMessage[] received = greenMail.getReceivedMessages();
		assertThat(received).hasSize(3);
		assertThat(received[0].getAllRecipients()).extracting(Object::toString)
			.containsExactly("oncall@example.com", "second@example.com", "copy@example.com");
		assertThat(received[0].getHeader(DigestMessageComposer.TRIGGER_HEADER)).containsExactly("manual");
	}

	@Test
	void plainSenderRefusesWhatIsNotADigest() {
		JakartaMailDigestSender sender = JakartaMailDigestSender.of(options(1025, List.of("oncall@example.com")));
		assertThatExceptionOfType(UnreadableMessageException.class).isThrownBy(
				() -> sender.send("Subject: hello\r\n\r\nnot a digest\r\n".getBytes(StandardCharsets.US_ASCII)));
	}

	@Test
	void badAddressNamesTheOptionAndTheValue() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> JakartaMailDigestSender.of(options(1025, List.of("oncall@example.com", "nobody@"))))
			.withMessageContaining("<to>")
			.withMessageContaining("[nobody@]");
	}

	private static SmtpOptions options(int port, List<String> to) {
		return new SmtpOptions("127.0.0.1", port, null, null, false, false, null, StandardCharsets.UTF_8,
				"alerts@example.com", to, List.of("copy@example.com"), List.of(), SubjectTemplate.DEFAULT);
	}

	private static MimeMessage parse(byte[] message) throws Exception {
		return new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(message));
	}

	/**
	 * A digest as the pipeline makes it, of a warning and an error.
	 */
	private Digest digest() throws Exception {
		CompletableFuture<Digest> composed = new CompletableFuture<>();
		DigestSender capturing = new DigestSender() {

			@Override
			public byte[] compose(Digest digest) {
				composed.complete(digest);
				return new byte[0];
			}

			@Override
			public void send(byte[] message) {
			}

		};
		this.context.setMDCAdapter(new LogbackMDCAdapter());
		this.memoryDelay = new MemoryDelay(
				DigestSettings.builder().application("billing").host("web-1").flushLevel(Level.OFF).build());
		AttachedAppender appender = new AttachedAppender(this.memoryDelay);
		appender.setContext(this.context);
		appender.start();
		Logger logger = this.context.getLogger("com.example.billing.Invoices");
		logger.addAppender(appender);
		logger.warn("Invoice {} is late <b>& escaped</b>", 7);
		logger.error("Payment failed: é, ü, 💳", new IllegalStateException("declined"));
		this.memoryDelay.start(capturing, null, RetryPolicy.defaults());
		this.memoryDelay.flush();
		return composed.get(10, TimeUnit.SECONDS);
	}

}
