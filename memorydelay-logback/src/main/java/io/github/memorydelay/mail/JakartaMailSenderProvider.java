package io.github.memorydelay.mail;

import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.logback.SmtpOptions;
import io.github.memorydelay.logback.SmtpSenderProvider;

/**
 * Gives {@code MemoryDelayAppender} its {@link JakartaMailDigestSender} when
 * {@code smtpHost} is set; registered in {@code META-INF/services}.
 */
public final class JakartaMailSenderProvider implements SmtpSenderProvider {

	@Override
	public DigestSender create(SmtpOptions options) {
		return JakartaMailDigestSender.of(options);
	}

}
