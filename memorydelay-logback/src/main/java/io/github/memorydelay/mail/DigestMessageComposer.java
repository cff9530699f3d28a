package io.github.memorydelay.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.render.DigestHtmlRenderer;
import io.github.memorydelay.render.DigestLinks;
import io.github.memorydelay.render.DigestTextRenderer;
import io.github.memorydelay.render.SubjectTemplate;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/**
 * The one composition of a digest email, for the Spring Boot sender and the plain one
 * alike: a {@code multipart/alternative} message with a plain-text and an HTML part, the
 * subject, the {@code X-MemoryDelay-*} headers and the addresses from configuration.
 */
public final class DigestMessageComposer {

	/** Header with all events the digest accounts for. */
	public static final String EVENTS_HEADER = "X-MemoryDelay-Events";

	/** Header with the distinct entries shown. */
	public static final String ENTRIES_HEADER = "X-MemoryDelay-Entries";

	/** Header with the trigger of the digest. */
	public static final String TRIGGER_HEADER = "X-MemoryDelay-Trigger";

	/** Header with the entries that no digest delivered within the history reported. */
	public static final String NEW_HEADER = "X-MemoryDelay-New";

	/**
	 * Header with the ids of the entries shown, so that a digest sent later from the
	 * spool is remembered.
	 */
	public static final String IDS_HEADER = "X-MemoryDelay-Ids";

	/** Header with the events of silenced entries, part of {@link #EVENTS_HEADER}. */
	public static final String SILENCED_HEADER = "X-MemoryDelay-Silenced";

	/**
	 * Header with the number of instances whose events the digest holds, in fleet mode
	 * only.
	 */
	public static final String INSTANCES_HEADER = "X-MemoryDelay-Instances";

	/**
	 * Header that marks the message as sent by a program (RFC 3834), so that mail servers
	 * and clients send no automatic reply (an out-of-office notice) to it.
	 */
	public static final String AUTO_SUBMITTED_HEADER = "Auto-Submitted";

	/** Header that asks Exchange and Outlook for no automatic reply of any kind. */
	public static final String AUTO_RESPONSE_SUPPRESS_HEADER = "X-Auto-Response-Suppress";

	private final DigestRecipients recipients;

	private final SubjectTemplate subject;

	private final Charset charset;

	private final DigestTextRenderer textRenderer;

	private final DigestHtmlRenderer htmlRenderer;

	/**
	 * A composer of UTF-8 messages.
	 * @param recipients sender and recipients
	 * @param subject the subject template
	 */
	public DigestMessageComposer(DigestRecipients recipients, SubjectTemplate subject) {
		this(recipients, subject, StandardCharsets.UTF_8);
	}

	/**
	 * @param recipients sender and recipients
	 * @param subject the subject template
	 * @param charset character set of the subject and both parts
	 */
	public DigestMessageComposer(DigestRecipients recipients, SubjectTemplate subject, Charset charset) {
		this(recipients, subject, charset, DigestLinks.NONE);
	}

	/**
	 * @param recipients sender and recipients
	 * @param subject the subject template
	 * @param charset character set of the subject and both parts
	 * @param links the links from an entry to its trace and its source
	 */
	public DigestMessageComposer(DigestRecipients recipients, SubjectTemplate subject, Charset charset,
			DigestLinks links) {
		this.recipients = Objects.requireNonNull(recipients, "recipients");
		this.subject = Objects.requireNonNull(subject, "subject");
		this.charset = Objects.requireNonNull(charset, "charset");
		this.textRenderer = new DigestTextRenderer(ZoneId.systemDefault(), links);
		this.htmlRenderer = new DigestHtmlRenderer(ZoneId.systemDefault(), links);
	}

	/**
	 * Fills an empty message, created by the mail session that will send it, with a
	 * digest.
	 * @param message the empty message
	 * @param digest the digest
	 * @return the complete message, RFC 822
	 * @throws MessagingException when the message cannot be built
	 * @throws IOException when it cannot be written
	 */
	public byte[] compose(MimeMessage message, Digest digest) throws MessagingException, IOException {
		address(message);
		message.setSubject(this.subject.render(digest), this.charset.name());
		message.setSentDate(Date.from(digest.windowEnd()));
		message.setHeader(EVENTS_HEADER, Long.toString(digest.events()));
		message.setHeader(ENTRIES_HEADER, Integer.toString(digest.entries().size()));
		message.setHeader(TRIGGER_HEADER, digest.trigger().headerValue());
		message.setHeader(NEW_HEADER, Integer.toString(digest.newEntries()));
		message.setHeader(SILENCED_HEADER, Long.toString(digest.silenced()));
		message.setHeader(AUTO_SUBMITTED_HEADER, "auto-generated");
		message.setHeader(AUTO_RESPONSE_SUPPRESS_HEADER, "All");
		if (digest.fleet() != null) {
			message.setHeader(INSTANCES_HEADER, Integer.toString(digest.fleet().instances().size()));
		}
		if (!digest.entries().isEmpty()) {
			StringJoiner ids = new StringJoiner(" ");
			digest.entries().forEach((entry) -> ids.add(entry.id()));
			// ids are [0-9a-z]: folded at the spaces, nothing to encode
			message.setHeader(IDS_HEADER, MimeUtility.fold(IDS_HEADER.length() + 2, ids.toString()));
		}
		MimeBodyPart text = new MimeBodyPart();
		text.setText(this.textRenderer.render(digest), this.charset.name());
		MimeBodyPart html = new MimeBodyPart();
		html.setText(this.htmlRenderer.render(digest), this.charset.name(), "html");
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
	 * Sets sender and recipients from configuration, replacing whatever the message says:
	 * a spooled message goes only where the application says.
	 * @param message the message
	 * @throws MessagingException when the addresses cannot be set
	 */
	public void address(MimeMessage message) throws MessagingException {
		message.setFrom(this.recipients.from());
		message.setRecipients(RecipientType.TO, this.recipients.to());
		message.setRecipients(RecipientType.CC, (this.recipients.cc().length > 0) ? this.recipients.cc() : null);
		message.setRecipients(RecipientType.BCC, (this.recipients.bcc().length > 0) ? this.recipients.bcc() : null);
	}

	/**
	 * The ids of the entries a composed message holds.
	 * @param message the message
	 * @return the ids, empty when it has no such header
	 * @throws MessagingException when the headers cannot be read
	 */
	public static List<String> entryIds(MimeMessage message) throws MessagingException {
		String ids = message.getHeader(IDS_HEADER, " ");
		if (ids == null || ids.isBlank()) {
			return List.of();
		}
		return Arrays.stream(MimeUtility.unfold(ids).trim().split("\\s+"))
			.filter((id) -> id.matches("[0-9a-z]{8,16}"))
			.toList();
	}

	/**
	 * Whether a message is a digest composed here.
	 * @param message the message
	 * @return {@code true} when it has the trigger header
	 * @throws MessagingException when the headers cannot be read
	 */
	public static boolean isDigest(MimeMessage message) throws MessagingException {
		return message.getHeader(TRIGGER_HEADER) != null;
	}

	public DigestRecipients recipients() {
		return this.recipients;
	}

}
