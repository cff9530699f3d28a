package io.github.memorydelay.autoconfigure;

import java.io.ByteArrayInputStream;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.UnreadableMessageException;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.mail.DigestMessageComposer;
import io.github.memorydelay.mail.DigestRecipients;
import io.github.memorydelay.mail.JakartaMailDigestSender;
import io.github.memorydelay.mail.SmtpFailures;
import io.github.memorydelay.render.SubjectTemplate;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.Assert;

/**
 * Sends digests as emails through a {@link JavaMailSender}: one
 * {@code multipart/alternative} message with a plain-text and an HTML part, UTF-8, and
 * the {@code X-MemoryDelay-*} headers, composed by {@link DigestMessageComposer} as
 * without Spring.
 */
public class MailDigestSender implements DigestSender {

	/** Header with all events the digest accounts for. */
	public static final String EVENTS_HEADER = DigestMessageComposer.EVENTS_HEADER;

	/** Header with the distinct entries shown. */
	public static final String ENTRIES_HEADER = DigestMessageComposer.ENTRIES_HEADER;

	/** Header with the trigger of the digest. */
	public static final String TRIGGER_HEADER = DigestMessageComposer.TRIGGER_HEADER;

	/** Header with the entries that no digest delivered within the history reported. */
	public static final String NEW_HEADER = DigestMessageComposer.NEW_HEADER;

	/**
	 * Socket timeout the starter sets when the application sets none, in milliseconds:
	 * the plain sender's.
	 */
	static final int DEFAULT_TIMEOUT_MILLIS = JakartaMailDigestSender.DEFAULT_TIMEOUT_MILLIS;

	private static final String[] TIMEOUT_PROPERTIES = { "connectiontimeout", "timeout", "writetimeout" };

	/**
	 * Lets a message go to the recipients the server accepts when it refuses others, so
	 * that a digest accepted for some recipients counts as delivered.
	 */
	private static final String SEND_PARTIAL_PROPERTY = "sendpartial";

	private final JavaMailSender mailSender;

	private final DigestMessageComposer composer;

	private final MailRecipients recipients;

	/**
	 * @param mailSender the application's mail sender; a {@link JavaMailSenderImpl}
	 * without socket timeouts is copied with finite ones
	 * @param recipients sender and recipients
	 * @param subject the subject template
	 */
	public MailDigestSender(JavaMailSender mailSender, MailRecipients recipients, SubjectTemplate subject) {
		Assert.notNull(mailSender, "'mailSender' must not be null");
		Assert.notNull(recipients, "'recipients' must not be null");
		Assert.notNull(subject, "'subject' must not be null");
		this.mailSender = withTimeouts(mailSender);
		this.recipients = recipients;
		this.composer = new DigestMessageComposer(
				new DigestRecipients(recipients.from(), recipients.to(), recipients.cc(), recipients.bcc()), subject);
	}

	/**
	 * A copy of the sender with finite socket timeouts for those the application did not
	 * set, so that a hung SMTP server can never hang the dispatcher, and with partial
	 * sends allowed unless the application says otherwise. The application's own sender
	 * is left as it is.
	 */
	static JavaMailSender withTimeouts(JavaMailSender mailSender) {
		if (!(mailSender instanceof JavaMailSenderImpl impl) || impl.getHost() == null) {
			// not Boot's host-based sender (a custom one, or a JNDI session): its
			// settings are its own
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
		String sendPartial = "mail." + protocol + "." + SEND_PARTIAL_PROPERTY;
		if (!properties.containsKey(sendPartial)) {
			properties.setProperty(sendPartial, "true");
			changed = true;
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

	/**
	 * The SMTP server digests go to, as a person reads it.
	 * @return {@code host:port}, or what kind of sender it is when it is not host-based
	 */
	String server() {
		if (this.mailSender instanceof JavaMailSenderImpl impl && impl.getHost() != null) {
			return impl.getHost() + ":" + ((impl.getPort() > 0) ? impl.getPort() : 25);
		}
		return "a " + this.mailSender.getClass().getSimpleName();
	}

	/**
	 * Sender and recipients, as a person reads them.
	 * @return the recipients
	 */
	String recipients() {
		StringBuilder text = new StringBuilder(join(this.recipients.to()));
		if (this.recipients.cc().length > 0) {
			text.append(", cc ").append(join(this.recipients.cc()));
		}
		if (this.recipients.bcc().length > 0) {
			text.append(", bcc ").append(join(this.recipients.bcc()));
		}
		return text.append(" from ").append(this.recipients.from()).toString();
	}

	private static String join(InternetAddress[] addresses) {
		StringBuilder text = new StringBuilder();
		for (InternetAddress address : addresses) {
			text.append((text.length() > 0) ? ", " : "").append(address.toUnicodeString());
		}
		return text.toString();
	}

	JavaMailSender getMailSender() {
		return this.mailSender;
	}

	@Override
	public byte[] compose(Digest digest) throws MessagingException, java.io.IOException {
		return this.composer.compose(this.mailSender.createMimeMessage(), digest);
	}

	/**
	 * Sends a message composed by this sender, now or from the spool. Sender and
	 * recipients are set again from configuration: whatever a spool file says, it goes
	 * only where the application says.
	 */
	@Override
	public void send(byte[] message) throws Exception {
		MimeMessage mimeMessage = parse(message);
		try {
			address(mimeMessage);
		}
		catch (MessagingException ex) {
			throw new UnreadableMessageException("Cannot address the message: " + ex.getMessage(), ex);
		}
		try {
			this.mailSender.send(mimeMessage);
		}
		catch (MailSendException ex) {
			if (ex.getFailedMessages().isEmpty()) {
				// the message was sent; only closing the connection failed
				return;
			}
			for (Exception failure : ex.getMessageExceptions()) {
				if (failure instanceof MessagingException messaging) {
					throw SmtpFailures.translate(messaging);
				}
			}
			throw ex;
		}
	}

	private void address(MimeMessage message) throws MessagingException {
		this.composer.address(message);
	}

	@Override
	public Collection<String> entryIds(byte[] message) {
		try {
			return DigestMessageComposer.entryIds(parse(message));
		}
		catch (UnreadableMessageException | MessagingException ex) {
			return List.of();
		}
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
