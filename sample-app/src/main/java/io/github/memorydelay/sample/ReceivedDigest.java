package io.github.memorydelay.sample;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.stream.Collectors;

import io.github.memorydelay.autoconfigure.MailDigestSender;
import io.github.memorydelay.mail.DigestMessageComposer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * A digest email as the embedded SMTP server received it: what the page lists, and its
 * two parts.
 */
public final class ReceivedDigest {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
		.withZone(ZoneId.systemDefault());

	private final int number;

	private final MimeMessage message;

	private ReceivedDigest(int number, MimeMessage message) {
		this.number = number;
		this.message = message;
	}

	static ReceivedDigest of(int number, MimeMessage message) {
		return new ReceivedDigest(number, message);
	}

	/**
	 * @return the number, from 1 in order of arrival
	 */
	public int number() {
		return this.number;
	}

	public String subject() {
		try {
			return this.message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException("Unreadable subject in digest " + this.number, ex);
		}
	}

	/**
	 * @return the {@code X-MemoryDelay-Trigger} header
	 */
	public String trigger() {
		return header(MailDigestSender.TRIGGER_HEADER);
	}

	/**
	 * @return the {@code X-MemoryDelay-Events} header
	 */
	public String events() {
		return header(MailDigestSender.EVENTS_HEADER);
	}

	/**
	 * @return the {@code X-MemoryDelay-Entries} header
	 */
	public String entries() {
		return header(MailDigestSender.ENTRIES_HEADER);
	}

	/**
	 * @return the {@code X-MemoryDelay-Silenced} header: events of silenced entries
	 */
	public String silenced() {
		return header(DigestMessageComposer.SILENCED_HEADER);
	}

	/**
	 * @return the {@code X-MemoryDelay-New} header: entries no earlier digest reported
	 */
	public String newEntries() {
		return header(MailDigestSender.NEW_HEADER);
	}

	public String from() {
		return addresses(this.message::getFrom);
	}

	public String to() {
		return addresses(this.message::getAllRecipients);
	}

	/**
	 * @return the {@code Date} header: when the digest's window ended
	 */
	public Instant sentAt() {
		try {
			return (this.message.getSentDate() != null) ? this.message.getSentDate().toInstant() : null;
		}
		catch (MessagingException ex) {
			return null;
		}
	}

	/**
	 * One line about the digest for the inbox list.
	 * @return events, entries and time, such as {@code 6 events · 3 entries · 14:02:11}
	 */
	public String summary() {
		String events = events();
		String entries = entries();
		Instant sentAt = sentAt();
		return events + ("1".equals(events) ? " event" : " events") + " · " + entries
				+ ("1".equals(entries) ? " entry" : " entries") + ((sentAt != null) ? " · " + TIME.format(sentAt) : "");
	}

	/**
	 * The value of a header, as sent.
	 * @param name the header
	 * @return the first value, {@code null} if there is none
	 */
	public String header(String name) {
		try {
			String[] values = this.message.getHeader(name);
			return (values != null && values.length > 0) ? values[0] : null;
		}
		catch (MessagingException ex) {
			return null;
		}
	}

	/**
	 * @return the {@code text/html} part
	 */
	public String html() {
		return part("text/html");
	}

	/**
	 * @return the {@code text/plain} part
	 */
	public String text() {
		return part("text/plain");
	}

	private String part(String type) {
		try {
			if (this.message.getContent() instanceof Multipart multipart) {
				for (int i = 0; i < multipart.getCount(); i++) {
					BodyPart part = multipart.getBodyPart(i);
					if (part.isMimeType(type)) {
						return (String) part.getContent();
					}
				}
			}
			return null;
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException("Unreadable " + type + " part in digest " + this.number, ex);
		}
	}

	private static String addresses(AddressSource source) {
		try {
			Address[] addresses = source.get();
			return (addresses != null)
					? Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", ")) : "";
		}
		catch (MessagingException ex) {
			return "";
		}
	}

	@FunctionalInterface
	private interface AddressSource {

		Address[] get() throws MessagingException;

	}

}
