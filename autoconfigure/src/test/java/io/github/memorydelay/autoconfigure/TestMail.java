package io.github.memorydelay.autoconfigure;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.memorydelay.Await;
import jakarta.mail.internet.MimeMessage;

import org.springframework.util.ClassUtils;

/**
 * GreenMail and Spring Boot mail set-up shared by the tests.
 */
public final class TestMail {

	public static final String RECIPIENT = "ops@example.com";

	public static final String SENDER = "app@example.com";

	/**
	 * Bound for every wait on GreenMail: long enough for a slow CI machine, short for a
	 * failing test.
	 */
	public static final long WAIT_MILLIS = Await.WAIT_MILLIS;

	/**
	 * A port nothing listens on, for tests whose digests must reach no server: never a
	 * fixed port such as 2525, where a developer's mail catcher may listen.
	 */
	public static final int UNUSED_PORT = unusedPort();

	private TestMail() {
	}

	private static int unusedPort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	public static GreenMailExtension greenMail() {
		return new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());
	}

	/**
	 * Spring Boot's mail auto-configuration, whose package differs between Spring Boot 4
	 * and 3.5.
	 * @return the class
	 */
	public static Class<?> mailAutoConfiguration() {
		for (String name : List.of("org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration",
				"org.springframework.boot.autoconfigure.mail.MailSenderAutoConfiguration")) {
			if (ClassUtils.isPresent(name, TestMail.class.getClassLoader())) {
				return ClassUtils.resolveClassName(name, TestMail.class.getClassLoader());
			}
		}
		throw new IllegalStateException("No mail auto-configuration on the class path");
	}

	/**
	 * The properties a user sets: the SMTP server and a recipient.
	 * @param greenMail the server
	 * @param more further properties
	 * @return the properties, as {@code name=value}
	 */
	public static String[] properties(GreenMailExtension greenMail, String... more) {
		return properties(greenMail.getSmtp().getPort(), more);
	}

	/**
	 * The properties a user sets, for an SMTP server on a given port.
	 * @param smtpPort the port
	 * @param more further properties
	 * @return the properties, as {@code name=value}
	 */
	public static String[] properties(int smtpPort, String... more) {
		String[] base = { "spring.mail.host=localhost", "spring.mail.port=" + smtpPort, "memorydelay.to=" + RECIPIENT,
				"memorydelay.from=" + SENDER };
		String[] all = Arrays.copyOf(base, base.length + more.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	/**
	 * Waits for a number of digests and returns all received so far.
	 * @param greenMail the server
	 * @param count how many SMTP transactions to wait for
	 * @return the digests
	 */
	public static List<ReceivedDigest> awaitDigests(GreenMailExtension greenMail, int count) {
		if (!greenMail.waitForIncomingEmail(WAIT_MILLIS, count)) {
			throw new AssertionError("Expected " + count + " digest(s) within " + WAIT_MILLIS + " ms, got "
					+ greenMail.getReceivedMessages().length);
		}
		return received(greenMail);
	}

	public static List<ReceivedDigest> received(GreenMailExtension greenMail) {
		MimeMessage[] messages = greenMail.getReceivedMessages();
		return Arrays.stream(messages).map(ReceivedDigest::of).toList();
	}

}
