package io.github.memorydelay.mail;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.Properties;

import io.github.memorydelay.logback.SmtpOptions;
import io.github.memorydelay.render.SubjectTemplate;
import jakarta.mail.AuthenticationFailedException;
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
 * Socket timeouts are finite unless a {@code mail.smtp.*timeout} system property sets
 * them (see {@link MimeDigestSender#applyDefaults}): a hung server never hangs the
 * dispatcher. As with Logback's {@code SMTPAppender}, other {@code mail.*} system
 * properties apply too.
 */
public class JakartaMailDigestSender extends MimeDigestSender {

	private final Session session;

	private final String username;

	private final String password;

	/**
	 * @param session the mail session, with the SMTP server's host and port
	 * @param username user name to log in with, {@code null} for none
	 * @param password password to log in with
	 * @param composer composes the digests
	 */
	public JakartaMailDigestSender(Session session, String username, String password, DigestMessageComposer composer) {
		super(composer);
		this.session = Objects.requireNonNull(session, "session");
		this.username = username;
		this.password = password;
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
				new SubjectTemplate(options.subject()), options.charset(), options.links());
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
			// STARTTLS means STARTTLS: a server (or a man in the middle) that does not
			// offer it gets neither the password nor the digest
			properties.setProperty("mail.smtp.starttls.required", "true");
		}
		if (options.ssl()) {
			properties.setProperty("mail.smtp.ssl.enable", "true");
		}
		if (options.localhost() != null) {
			properties.setProperty("mail.smtp.localhost", options.localhost());
		}
		applyDefaults(properties, "smtp");
		return properties;
	}

	Session getSession() {
		return this.session;
	}

	@Override
	protected MimeMessage createMessage() {
		return new MimeMessage(this.session);
	}

	@Override
	protected MimeMessage readMessage(InputStream content) throws MessagingException {
		return new MimeMessage(this.session, content);
	}

	@Override
	protected void transmit(MimeMessage message) throws Exception {
		withTransport((transport) -> {
			try {
				transport.sendMessage(message, message.getAllRecipients());
			}
			catch (MessagingException ex) {
				throw SmtpFailures.translate(ex);
			}
		});
	}

	@Override
	public void verify() throws Exception {
		withTransport((transport) -> {
			// connected and logged in: nothing to send
		});
	}

	/**
	 * Connects and logs in, does the work, and closes the connection.
	 * @param work what is done once logged in
	 * @throws Exception as {@link #transmit} says
	 */
	private void withTransport(TransportWork work) throws Exception {
		Transport transport = this.session.getTransport("smtp");
		try {
			connect(transport);
			work.run(transport);
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

	/**
	 * Connects and logs in; a refused login and a server without the STARTTLS the options
	 * require are kept and retried, with what to do.
	 */
	private void connect(Transport transport) throws Exception {
		try {
			transport.connect(this.username, this.password);
		}
		catch (AuthenticationFailedException ex) {
			throw SmtpFailures.refusedLogin(ex, "<username> and <password>");
		}
		catch (MessagingException ex) {
			if (ex.getMessage() != null && ex.getMessage().contains("STARTTLS is required")) {
				throw new MessagingException("the SMTP server does not offer STARTTLS, which option <STARTTLS> "
						+ "requires: neither the password nor the digest is sent in the clear. Check <smtpHost> and "
						+ "<smtpPort> (587 is the submission port with STARTTLS), or use <SSL>true</SSL> on port 465",
						ex);
			}
			throw SmtpFailures.translate(ex);
		}
	}

	/** What is done on a connection that is logged in. */
	private interface TransportWork {

		void run(Transport transport) throws Exception;

	}

	@Override
	public String toString() {
		return "JakartaMailDigestSender[" + this.session.getProperty("mail.smtp.host") + ":"
				+ this.session.getProperty("mail.smtp.port") + ", to " + Arrays.toString(composer().recipients().to())
				+ "]";
	}

}
