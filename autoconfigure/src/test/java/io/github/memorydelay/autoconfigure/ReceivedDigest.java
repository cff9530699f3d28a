package io.github.memorydelay.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * A digest email as received by GreenMail, with its parts and headers at hand.
 */
public final class ReceivedDigest {

	private final MimeMessage message;

	private ReceivedDigest(MimeMessage message) {
		this.message = message;
	}

	public static ReceivedDigest of(MimeMessage message) {
		return new ReceivedDigest(message);
	}

	public MimeMessage message() {
		return this.message;
	}

	public String header(String name) {
		try {
			String[] values = this.message.getHeader(name);
			return (values != null) ? values[0] : null;
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String[] headers(String name) {
		try {
			return this.message.getHeader(name);
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String trigger() {
		return header("X-MemoryDelay-Trigger");
	}

	public long events() {
		return Long.parseLong(header("X-MemoryDelay-Events"));
	}

	public int entries() {
		return Integer.parseInt(header("X-MemoryDelay-Entries"));
	}

	public String subject() {
		try {
			return this.message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String contentType() {
		try {
			return this.message.getContentType();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String text() {
		return part("text/plain");
	}

	public String html() {
		return part("text/html");
	}

	private String part(String type) {
		try {
			MimeMultipart multipart = (MimeMultipart) this.message.getContent();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart part = multipart.getBodyPart(i);
				if (part.isMimeType(type)) {
					return (String) part.getContent();
				}
			}
			throw new AssertionError("No " + type + " part in " + this.message.getContentType());
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
