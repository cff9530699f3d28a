package io.github.memorydelay.sample;

import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A taken port of the embedded SMTP server is told as such, with the port and how to pick
 * another.
 */
class EmbeddedSmtpPortInUseTests {

	@Test
	void takenPortStopsTheServerNamingThePortAndTheFix() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();
			EmbeddedSmtpServer server = new EmbeddedSmtpServer("127.0.0.1", port);
			EmbeddedSmtpPortInUseException failure = assertThatExceptionOfType(EmbeddedSmtpPortInUseException.class)
				.isThrownBy(server::start)
				.actual();
			FailureAnalysis analysis = new EmbeddedSmtpPortInUseFailureAnalyzer()
				.analyze(new IllegalStateException("Failed to start bean 'embeddedSmtpServer'", failure));
			assertThat(analysis.getDescription()).contains("127.0.0.1:" + port, "another process uses the port");
			assertThat(analysis.getAction()).contains("--sample.embedded-smtp.port=" + (port + 1), "'smtp' profile");
		}
	}

}
