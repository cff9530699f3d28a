package io.github.memorydelay.logback;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Objects;

import io.github.memorydelay.render.DigestLinks;
import io.github.memorydelay.render.SubjectTemplate;

/**
 * The SMTP options of a {@link MemoryDelayAppender}, named as in Logback's
 * {@code SMTPAppender}, as given in {@code logback.xml}: the core checks their form, the
 * {@link SmtpSenderProvider} parses the addresses.
 *
 * @param smtpHost host of the SMTP server
 * @param smtpPort port of the SMTP server
 * @param username user name to log in with, {@code null} for none
 * @param password password to log in with, {@code null} for none
 * @param startTls whether to upgrade the connection with STARTTLS
 * @param ssl whether to connect with SSL/TLS from the start
 * @param localhost host name sent in {@code EHLO}, {@code null} for the mail library's
 * default
 * @param charset character set of the subject and the text parts
 * @param from sender address, {@code null} to use the user name when it is an address
 * @param to recipients, each element one address or several separated by commas
 * @param cc recipients in copy, in the same form
 * @param bcc recipients in blind copy, in the same form
 * @param subject subject template, see {@link SubjectTemplate}
 * @param links links from an entry to its trace and its source
 */
public record SmtpOptions(String smtpHost, int smtpPort, String username, String password, boolean startTls,
		boolean ssl, String localhost, Charset charset, String from, List<String> to, List<String> cc, List<String> bcc,
		String subject, DigestLinks links) {

	public SmtpOptions {
		Objects.requireNonNull(smtpHost, "smtpHost");
		Objects.requireNonNull(charset, "charset");
		Objects.requireNonNull(subject, "subject");
		to = List.copyOf(to);
		cc = List.copyOf(cc);
		bcc = List.copyOf(bcc);
		links = (links != null) ? links : DigestLinks.NONE;
	}

	/**
	 * Options without links.
	 * @param smtpHost host of the SMTP server
	 * @param smtpPort port of the SMTP server
	 * @param username user name to log in with, {@code null} for none
	 * @param password password to log in with, {@code null} for none
	 * @param startTls whether to upgrade the connection with STARTTLS
	 * @param ssl whether to connect with SSL/TLS from the start
	 * @param localhost host name sent in {@code EHLO}, {@code null} for the default
	 * @param charset character set of the subject and the text parts
	 * @param from sender address, {@code null} to use the user name when it is one
	 * @param to recipients
	 * @param cc recipients in copy
	 * @param bcc recipients in blind copy
	 * @param subject subject template
	 */
	public SmtpOptions(String smtpHost, int smtpPort, String username, String password, boolean startTls, boolean ssl,
			String localhost, Charset charset, String from, List<String> to, List<String> cc, List<String> bcc,
			String subject) {
		this(smtpHost, smtpPort, username, password, startTls, ssl, localhost, charset, from, to, cc, bcc, subject,
				DigestLinks.NONE);
	}

	@Override
	public String toString() {
		// never the password
		return "SmtpOptions[" + this.smtpHost + ":" + this.smtpPort + ", username=" + this.username + ", startTls="
				+ this.startTls + ", ssl=" + this.ssl + ", from=" + this.from + ", to=" + this.to + "]";
	}

}
