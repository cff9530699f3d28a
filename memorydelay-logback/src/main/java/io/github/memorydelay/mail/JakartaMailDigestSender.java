package io.github.memorydelay.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.UnreadableMessageException;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.logback.SmtpOptions;
import io.github.memorydelay.render.SubjectTemplate;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends digests over SMTP with plain Jakarta Mail, without Spring: what
 * {@code MemoryDelayAppender} uses when {@code smtpHost} is set. The messages are those
 * of the Spring Boot sender, composed by {@link DigestMessageComposer}.
 * <p>
 * Socket timeouts are finite (connect, read and write: {@value #DEFAULT_TIMEOUT_MILLIS}
 * ms) unless a {@code mail.smtp.*timeout} system property sets them: a hung server never
 * hangs the dispatcher. As with Logback's {@code SMTPAppender}, other {@code mail.*}
 * system properties apply too.
 */
public class JakartaMailDigestSender implements DigestSender {

	/** Socket timeout unless a system property sets one, in milliseconds. */
	public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

	private static final String[] TIMEOUT_PROPERTIES = { "connectiontimeout", "timeout", "writetimeout" };

	private final Session session;

	private final String username;

	private final String password;

	private final DigestMessageComposer composer;

	/**
	 * @param session the mail session, with the SMTP server's host and port
	 * @param username user name to log in with, {@code null} for none
	 * @param password password to log in with
	 * @param composer composes the digests
	 */
	public JakartaMailDigestSender(Session session, String username, String password, DigestMessageComposer composer) {
		this.session = Objects.requireNonNull(session, "session");
		this.username = username;
		this.password = password;
		this.composer = Objects.requireNonNull(composer, "composer");
	}

	/**
	 * A sender for the SMTP options of an appender.
	 * @param options the options
	 * @return the sender
	 * @throws IllegalArgumentException when an address does not parse or no sender
	 * address is given; the message names the option and its value
	 */
	public static JakartaMailDigestSender of(SmtpOptions options) {
		InternetAddress[] to = MailAddresses.parseAll("to", options.to());
		InternetAddress[] cc = MailAddresses.parseAll("cc", options.cc());
		InternetAddress[] bcc = MailAddresses.parseAll("bcc", options.bcc());
		Session session = Session.getInstance(sessionProperties(options));
		InternetAddress from = from(options, session);
		DigestMessageComposer composer = new DigestMessageComposer(new DigestRecipients(from, to, cc, bcc),
				new SubjectTemplate(options.subject()), options.charset());
		return new JakartaMailDigestSender(session, options.username(), options.password(), composer);
	}

	/**
	 * The sender address: {@code from}, else {@code username} when that is an address,
	 * else, as Logback's {@code SMTPAppender} does, Jakarta Mail's local address
	 * ({@code mail.from}, else the user at this host).
	 */
	private static InternetAddress from(SmtpOptions options, Session session) {
		if (options.from() != null) {
			return MailAddresses.parseOne("from", options.from());
		}
		if (options.username() != null && options.username().indexOf('@') > 0) {
			try {
				return MailAddresses.parseOne("username", options.username());
			}
			catch (IllegalArgumentException ex) {
				// not an address: the error below says what to do
			}
		}
		InternetAddress local = InternetAddress.getLocalAddress(session);
		if (local != null) {
			return local;
		}
		throw new IllegalArgumentException("option <from> is missing: digests need a sender address, and <username> "
				+ ((options.username() != null) ? "[" + options.username() + "] " : "") + "is not one. Set <from>.");
	}

	/**
	 * The session properties of an appender's SMTP options, over the {@code mail.*}
	 * system properties.
	 * @param options the options
	 * @return the properties
	 */
	static Properties sessionProperties(SmtpOptions options) {
		Properties properties = new Properties();
		for (String name : System.getProperties().stringPropertyNames()) {
			if (name.startsWith("mail.")) {
				properties.setProperty(name, System.getProperty(name));
			}
		}
		properties.setProperty("mail.transport.protocol", "smtp");
		properties.setProperty("mail.smtp.host", options.smtpHost());
		properties.setProperty("mail.smtp.port", Integer.toString(options.smtpPort()));
		if (options.username() != null) {
			properties.setProperty("mail.smtp.auth", "true");
		}
		if (options.startTls()) {
			properties.setProperty("mail.smtp.starttls.enable", "true");
		}
		if (options.ssl()) {
			properties.setProperty("mail.smtp.ssl.enable", "true");
		}
		if (options.localhost() != null) {
			properties.setProperty("mail.smtp.localhost", options.localhost());
		}
		for (String name : TIMEOUT_PROPERTIES) {
			properties.putIfAbsent("mail.smtp." + name, Integer.toString(DEFAULT_TIMEOUT_MILLIS));
		}
		// a digest accepted for some recipients counts as delivered
		properties.putIfAbsent("mail.smtp.sendpartial", "true");
		return properties;
	}

	Session getSession() {
		return this.session;
	}

	@Override
	public byte[] compose(Digest digest) throws MessagingException, IOException {
		return this.composer.compose(new MimeMessage(this.session), digest);
	}

	/**
	 * Sends a message composed by this sender, now or from the spool. Sender and
	 * recipients are set again from configuration: whatever a spool file says, it goes
	 * only where the application says. The message is sent as it was composed, with its
	 * {@code Message-ID}.
	 * @throws UnreadableMessageException when the message is not a digest that can be
	 * read
	 * @throws io.github.memorydelay.delivery.MessageRefusedException when the server
	 * refused it for good (5xx)
	 * @throws io.github.memorydelay.delivery.PartialDeliveryException when it went to
	 * some recipients only
	 * @throws MessagingException when the server could not be reached or did not take the
	 * message this time
	 */
	@Override
	public void send(byte[] message) throws Exception {
		MimeMessage mimeMessage = parse(message);
		try {
			this.composer.address(mimeMessage);
		}
		catch (MessagingException ex) {
			throw new UnreadableMessageException("Cannot address the message: " + ex.getMessage(), ex);
		}
		Transport transport = this.session.getTransport("smtp");
		try {
			transport.connect(this.username, this.password);
			transport.sendMessage(mimeMessage, mimeMessage.getAllRecipients());
		}
		catch (MessagingException ex) {
			throw SmtpFailures.translate(ex);
		}
		finally {
			try {
				transport.close();
			}
			catch (MessagingException ex) {
				// the message was handed over, or the failure that matters is already on
				// its way
			}
		}
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
			MimeMessage mimeMessage = new MimeMessage(this.session, new ByteArrayInputStream(message));
			if (!DigestMessageComposer.isDigest(mimeMessage)) {
				throw new UnreadableMessageException(
						"Not a memorydelay digest: no " + DigestMessageComposer.TRIGGER_HEADER + " header", null);
			}
			return mimeMessage;
		}
		catch (MessagingException ex) {
			throw new UnreadableMessageException("Not a readable email: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "JakartaMailDigestSender[" + this.session.getProperty("mail.smtp.host") + ":"
				+ this.session.getProperty("mail.smtp.port") + ", to "
				+ Arrays.toString(this.composer.recipients().to()) + "]";
	}

}
