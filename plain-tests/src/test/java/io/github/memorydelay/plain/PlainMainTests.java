package io.github.memorydelay.plain;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain Java {@code main} in a JVM of its own, configured by Logback from a
 * {@code logback.xml} with {@code <shutdownHook/>}: when {@code main} returns, the
 * buffered warning arrives as the shutdown digest.
 */
class PlainMainTests {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

	@TempDir
	Path spool;

	@Test
	void mainThatReturnsSendsTheShutdownDigest() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Path log = this.spool.resolve("main.log");
		Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
				"-Dlogback.configurationFile=" + resource("/main-logback.xml"),
				"-DsmtpPort=" + greenMail.getSmtp().getPort(), "-DspoolDirectory=" + this.spool,
				PlainMain.class.getName()))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean ended = process.waitFor(PlainLogback.WAIT_MILLIS * 3, TimeUnit.MILLISECONDS);
		if (!ended) {
			process.destroyForcibly();
		}
		assertThat(ended).as(() -> "the JVM ended; its output:\n" + read(log)).isTrue();
		assertThat(process.exitValue()).as(() -> "exit value; output:\n" + read(log)).isZero();
		assertThat(greenMail.waitForIncomingEmail(PlainLogback.WAIT_MILLIS, 1))
			.as(() -> "a digest; output:\n" + read(log))
			.isTrue();
		MimeMessage message = greenMail.getReceivedMessages()[0];
		assertThat(message.getHeader("X-MemoryDelay-Trigger")).containsExactly("shutdown");
		assertThat(GreenMailUtil.getBody(message)).contains("Imported with 3 rejected rows");
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

	private static String resource(String name) throws URISyntaxException {
		return new File(PlainMainTests.class.getResource(name).toURI()).getAbsolutePath();
	}

}
