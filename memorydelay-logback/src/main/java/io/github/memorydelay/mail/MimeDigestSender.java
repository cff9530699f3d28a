package io.github.memorydelay.mail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.UnreadableMessageException;
import io.github.memorydelay.digest.Digest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * Sends digests as MIME emails composed by {@link DigestMessageComposer}: the one sender
 * of the library and the Spring Boot starter, which differ only in their transport (a
 * Jakarta Mail {@code Session} of their own, or the application's
 * {@code JavaMailSender}). It composes, reads a message back from the spool, addresses it
 * from configuration and hands it to the transport; the session defaults that keep a hung
 * server from hanging the dispatcher are here too.
 */
public abstract class MimeDigestSender implements DigestSender {

	/** Socket timeout unless the application sets one, in milliseconds. */
	public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

	private static final String[] TIMEOUT_PROPERTIES = { "connectiontimeout", "timeout", "writetimeout" };

	private final DigestMessageComposer composer;

	/**
	 * @param composer composes the digests
	 */
	protected MimeDigestSender(DigestMessageComposer composer) {
		this.composer = Objects.requireNonNull(composer, "composer");
	}

	/**
	 * Sets what the application left unset: finite socket timeouts (connect, read and
	 * write: {@value #DEFAULT_TIMEOUT_MILLIS} ms), so that a hung server never hangs the
	 * dispatcher, and partial sends, so that a digest accepted for some recipients counts
	 * as delivered.
	 * @param properties the session's properties, changed in place
	 * @param protocol the transport's protocol, {@code smtp} or {@code smtps}
	 * @return whether a property was set
	 */
	public static boolean applyDefaults(Properties properties, String protocol) {
		boolean changed = false;
		for (String name : TIMEOUT_PROPERTIES) {
			changed |= properties.putIfAbsent("mail." + protocol + "." + name,
					Integer.toString(DEFAULT_TIMEOUT_MILLIS)) == null;
		}
		changed |= properties.putIfAbsent("mail." + protocol + ".sendpartial", "true") == null;
		return changed;
	}

	/**
	 * The composer of this sender's digests.
	 * @return the composer
	 */
	protected DigestMessageComposer composer() {
		return this.composer;
	}

	/**
	 * A new, empty message of the transport's session.
	 * @return the message
	 * @throws MessagingException when the transport cannot make one
	 */
	protected abstract MimeMessage createMessage() throws MessagingException;

	/**
	 * A message read back from its bytes, in the transport's session.
	 * @param content the message as composed
	 * @return the message
	 * @throws MessagingException when it is not a readable email
	 */
	protected abstract MimeMessage readMessage(InputStream content) throws MessagingException;

	/**
	 * Hands an addressed message to the SMTP server.
	 * @param message the message
	 * @throws Exception as {@link DigestSender#send} says, SMTP failures translated by
	 * {@link SmtpFailures}
	 */
	protected abstract void transmit(MimeMessage message) throws Exception;

	@Override
	public byte[] compose(Digest digest) throws MessagingException, IOException {
		return this.composer.compose(createMessage(), digest);
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
		transmit(mimeMessage);
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
			MimeMessage mimeMessage = readMessage(new ByteArrayInputStream(message));
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

}
