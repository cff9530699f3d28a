package io.github.memorydelay.mail;

import java.util.Objects;

import jakarta.mail.internet.InternetAddress;

/**
 * Sender and recipients of the digests, from configuration only.
 *
 * @param from the sender
 * @param to recipients, at least one
 * @param cc recipients in copy
 * @param bcc recipients in blind copy
 */
public record DigestRecipients(InternetAddress from, InternetAddress[] to, InternetAddress[] cc,
		InternetAddress[] bcc) {

	public DigestRecipients {
		Objects.requireNonNull(from, "from");
		Objects.requireNonNull(to, "to");
		cc = (cc != null) ? cc : new InternetAddress[0];
		bcc = (bcc != null) ? bcc : new InternetAddress[0];
	}

}
