package io.github.memorydelay.autoconfigure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import io.github.memorydelay.mail.DigestMessageComposer;
import io.github.memorydelay.mail.DigestRecipients;
import io.github.memorydelay.mail.MimeDigestSender;
import io.github.memorydelay.mail.SmtpFailures;
import io.github.memorydelay.render.DigestLinks;
import io.github.memorydelay.render.SubjectTemplate;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.Assert;

/**
 * Sends digests as emails through a {@link JavaMailSender}: one
 * {@code multipart/alternative} message with a plain-text and an HTML part, UTF-8, and
 * the {@code X-MemoryDelay-*} headers, composed by {@link DigestMessageComposer}. The
 * library's {@link MimeDigestSender} with the application's mail sender as its transport.
 */
public class MailDigestSender extends MimeDigestSender {

	/** Header with all events the digest accounts for. */
	public static final String EVENTS_HEADER = DigestMessageComposer.EVENTS_HEADER;

	/** Header with the distinct entries shown. */
	public static final String ENTRIES_HEADER = DigestMessageComposer.ENTRIES_HEADER;

	/** Header with the trigger of the digest. */
	public static final String TRIGGER_HEADER = DigestMessageComposer.TRIGGER_HEADER;

	/** Header with the entries that no digest delivered within the history reported. */
	public static final String NEW_HEADER = DigestMessageComposer.NEW_HEADER;

	private final JavaMailSender mailSender;

	private final MailRecipients recipients;

	/**
	 * @param mailSender the application's mail sender; a {@link JavaMailSenderImpl}
	 * without socket timeouts is copied with finite ones
	 * @param recipients sender and recipients
	 * @param subject the subject template
	 */
	public MailDigestSender(JavaMailSender mailSender, MailRecipients recipients, SubjectTemplate subject) {
		this(mailSender, recipients, subject, DigestLinks.NONE);
	}

	/**
	 * @param mailSender the application's mail sender; a {@link JavaMailSenderImpl}
	 * without socket timeouts is copied with finite ones
	 * @param recipients sender and recipients
	 * @param subject the subject template
	 * @param links the links from an entry to its trace and its source
	 */
	public MailDigestSender(JavaMailSender mailSender, MailRecipients recipients, SubjectTemplate subject,
			DigestLinks links) {
		super(composer(recipients, subject, links));
		Assert.notNull(mailSender, "'mailSender' must not be null");
		this.mailSender = withTimeouts(mailSender);
		this.recipients = recipients;
	}

	private static DigestMessageComposer composer(MailRecipients recipients, SubjectTemplate subject,
			DigestLinks links) {
		Assert.notNull(recipients, "'recipients' must not be null");
		Assert.notNull(subject, "'subject' must not be null");
		return new DigestMessageComposer(
				new DigestRecipients(recipients.from(), recipients.to(), recipients.cc(), recipients.bcc()), subject,
				StandardCharsets.UTF_8, links);
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
		if (!applyDefaults(properties, protocol)) {
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
	protected MimeMessage createMessage() {
		return this.mailSender.createMimeMessage();
	}

	@Override
	protected MimeMessage readMessage(InputStream content) throws MessagingException {
		try {
			return this.mailSender.createMimeMessage(content);
		}
		catch (MailException ex) {
			throw new MessagingException(ex.getMessage(), ex);
		}
	}

	@Override
	protected void transmit(MimeMessage message) throws Exception {
		try {
			this.mailSender.send(message);
		}
		catch (MailAuthenticationException ex) {
			MessagingException cause = (ex.getCause() instanceof MessagingException messaging) ? messaging
					: new MessagingException(ex.getMessage(), ex);
			throw SmtpFailures.refusedLogin(cause, "'spring.mail.username' and 'spring.mail.password'");
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

	@Override
	public void verify() throws Exception {
		if (!(this.mailSender instanceof JavaMailSenderImpl impl)) {
			// a sender of the application's own: it has no connection to check
			return;
		}
		try {
			impl.testConnection();
		}
		catch (jakarta.mail.AuthenticationFailedException ex) {
			throw SmtpFailures.refusedLogin(ex, "'spring.mail.username' and 'spring.mail.password'");
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
