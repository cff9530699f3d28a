package io.github.memorydelay.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

import io.github.memorydelay.logback.Digest;
import io.github.memorydelay.logback.DigestHtmlRenderer;
import io.github.memorydelay.logback.DigestSender;
import io.github.memorydelay.logback.DigestTextRenderer;
import io.github.memorydelay.logback.SubjectTemplate;
import io.github.memorydelay.logback.UnreadableMessageException;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.Assert;

/**
 * Sends digests as emails through a {@link JavaMailSender}: one {@code multipart/alternative} message
 * with a plain-text and an HTML part, UTF-8, and the {@code X-MemoryDelay-*} headers.
 */
public class MailDigestSender implements DigestSender {

	/** Header with all events the digest accounts for. */
	public static final String EVENTS_HEADER = "X-MemoryDelay-Events";

	/** Header with the distinct entries shown. */
	public static final String ENTRIES_HEADER = "X-MemoryDelay-Entries";

	/** Header with the trigger of the digest. */
	public static final String TRIGGER_HEADER = "X-MemoryDelay-Trigger";

	/** Header with the entries that no digest delivered within the history reported. */
	public static final String NEW_HEADER = "X-MemoryDelay-New";

	/** Socket timeout the starter sets when the application sets none, in milliseconds. */
	static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

	private static final String[] TIMEOUT_PROPERTIES = { "connectiontimeout", "timeout", "writetimeout" };

	private final JavaMailSender mailSender;

	private final MailRecipients recipients;

	private final SubjectTemplate subject;

	private final DigestTextRenderer textRenderer = new DigestTextRenderer();

	private final DigestHtmlRenderer htmlRenderer = new DigestHtmlRenderer();

	/**
	 * @param mailSender the application's mail sender; a {@link JavaMailSenderImpl} without socket timeouts is
	 * copied with finite ones
	 * @param recipients sender and recipients
	 * @param subject the subject template
	 */
	public MailDigestSender(JavaMailSender mailSender, MailRecipients recipients, SubjectTemplate subject) {
		Assert.notNull(mailSender, "'mailSender' must not be null");
		Assert.notNull(recipients, "'recipients' must not be null");
		Assert.notNull(subject, "'subject' must not be null");
		this.mailSender = withTimeouts(mailSender);
		this.recipients = recipients;
		this.subject = subject;
	}

	/**
	 * A copy of the sender with finite socket timeouts for those the application did not set, so that a hung
	 * SMTP server can never hang the dispatcher. The application's own sender is left as it is.
	 */
	static JavaMailSender withTimeouts(JavaMailSender mailSender) {
		if (!(mailSender instanceof JavaMailSenderImpl impl) || impl.getHost() == null) {
			// not Boot's host-based sender (a custom one, or a JNDI session): its settings are its own
			return mailSender;
		}
		Properties properties = new Properties();
		properties.putAll(impl.getJavaMailProperties());
		String protocol = (impl.getProtocol() != null) ? impl.getProtocol() : "smtp";
		boolean changed = false;
		for (String name : TIMEOUT_PROPERTIES) {
			String key = "mail." + protocol + "." + name;
			if (!properties.containsKey(key)) {
				properties.setProperty(key, Integer.toString(DEFAULT_TIMEOUT_MILLIS));
				changed = true;
			}
		}
		if (!changed) {
			return mailSender;
		}
		JavaMailSenderImpl copy = new JavaMailSenderImpl();
		copy.setHost(impl.getHost());
		copy.setPort(impl.getPort());
		copy.setUsername(impl.getUsername());
		copy.setPassword(impl.getPassword());
		copy.setProtocol(impl.getProtocol());
		copy.setDefaultEncoding(impl.getDefaultEncoding());
		copy.setJavaMailProperties(properties);
		return copy;
	}

	JavaMailSender getMailSender() {
		return this.mailSender;
	}

	@Override
	public byte[] compose(Digest digest) throws MessagingException, java.io.IOException {
		MimeMessage message = this.mailSender.createMimeMessage();
		address(message);
		message.setSubject(this.subject.render(digest), StandardCharsets.UTF_8.name());
		message.setSentDate(Date.from(digest.windowEnd()));
		message.setHeader(EVENTS_HEADER, Long.toString(digest.events()));
		message.setHeader(ENTRIES_HEADER, Integer.toString(digest.entries().size()));
		message.setHeader(TRIGGER_HEADER, digest.trigger().headerValue());
		message.setHeader(NEW_HEADER, Integer.toString(digest.newEntries()));
		MimeBodyPart text = new MimeBodyPart();
		text.setText(this.textRenderer.render(digest), StandardCharsets.UTF_8.name());
		MimeBodyPart html = new MimeBodyPart();
		html.setText(this.htmlRenderer.render(digest), StandardCharsets.UTF_8.name(), "html");
		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(text);
		alternative.addBodyPart(html);
		message.setContent(alternative);
		message.saveChanges();
		ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
		message.writeTo(out);
		return out.toByteArray();
	}

	/**
	 * Sends a message composed by this sender, now or from the spool. Sender and recipients are set again
	 * from configuration: whatever a spool file says, it goes only where the application says.
	 */
	@Override
	public void send(byte[] message) throws UnreadableMessageException {
		MimeMessage mimeMessage = parse(message);
		try {
			address(mimeMessage);
		}
		catch (MessagingException ex) {
			throw new UnreadableMessageException("Cannot address the message: " + ex.getMessage(), ex);
		}
		this.mailSender.send(mimeMessage);
	}

	private void address(MimeMessage message) throws MessagingException {
		message.setFrom(this.recipients.from());
		message.setRecipients(RecipientType.TO, this.recipients.to());
		message.setRecipients(RecipientType.CC, (this.recipients.cc().length > 0) ? this.recipients.cc() : null);
		message.setRecipients(RecipientType.BCC, (this.recipients.bcc().length > 0) ? this.recipients.bcc() : null);
	}

	private MimeMessage parse(byte[] message) throws UnreadableMessageException {
		try {
			MimeMessage mimeMessage = this.mailSender.createMimeMessage(new ByteArrayInputStream(message));
			if (mimeMessage.getHeader(TRIGGER_HEADER) == null) {
				throw new UnreadableMessageException("Not a memorydelay digest: no " + TRIGGER_HEADER + " header",
						null);
			}
			return mimeMessage;
		}
		catch (MailException | MessagingException ex) {
			throw new UnreadableMessageException("Not a readable email: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Sender and recipients of the digests, from configuration only.
	 *
	 * @param from the sender
	 * @param to recipients
	 * @param cc recipients in copy
	 * @param bcc recipients in blind copy
	 */
	public record MailRecipients(InternetAddress from, InternetAddress[] to, InternetAddress[] cc,
			InternetAddress[] bcc) {
	}

}
