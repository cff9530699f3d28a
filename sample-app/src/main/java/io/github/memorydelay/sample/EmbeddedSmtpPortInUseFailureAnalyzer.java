package io.github.memorydelay.sample;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which port the embedded SMTP server wanted and how to pick another, instead of a
 * stack trace.
 */
class EmbeddedSmtpPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedSmtpPortInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedSmtpPortInUseException cause) {
		int other = cause.getPort() + 1;
		return new FailureAnalysis(
				"The sample's embedded SMTP server could not listen on " + cause.getHost() + ":" + cause.getPort()
						+ ": another process uses the port.",
				"Stop the process that uses port " + cause.getPort() + ", or give the embedded server another port: "
						+ "'--sample.embedded-smtp.port=" + other + "' (with Maven: ./mvnw -pl sample-app -am "
						+ "spring-boot:run -Dspring-boot.run.arguments=--sample.embedded-smtp.port=" + other
						+ "), or run with the 'smtp' profile to send to a real SMTP server.",
				cause);
	}

}
