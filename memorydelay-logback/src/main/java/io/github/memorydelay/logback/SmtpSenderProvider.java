package io.github.memorydelay.logback;

import io.github.memorydelay.delivery.DigestSender;

/**
 * Builds the {@link DigestSender} of a {@link MemoryDelayAppender} configured with
 * {@code smtpHost}. Found with {@link java.util.ServiceLoader}, so that the core needs no
 * mail library: memorydelay ships one, on Jakarta Mail, in
 * {@code io.github.memorydelay.mail}.
 */
public interface SmtpSenderProvider {

	/**
	 * Creates a sender.
	 * @param options the appender's SMTP options
	 * @return the sender
	 * @throws IllegalArgumentException when an option cannot be used; the message names
	 * the option and its value
	 */
	DigestSender create(SmtpOptions options);

}
