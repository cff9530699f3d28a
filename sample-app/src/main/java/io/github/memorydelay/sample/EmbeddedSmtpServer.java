package io.github.memorydelay.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.stream.IntStream;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.memorydelay.autoconfigure.MemoryDelayLifecycle;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * An SMTP server inside the application (GreenMail), so that the sample runs with nothing
 * else installed: {@code spring.mail.*} points at it and the page shows what it received.
 * The {@code smtp} profile turns it off and sends to a real server instead.
 * <p>
 * It runs in the phase just before memorydelay's: it is up before the first digest
 * (spooled ones included) goes out, and still up while the last digest is sent at
 * shutdown.
 */
@Component
@ConditionalOnProperty(name = "sample.embedded-smtp.enabled", havingValue = "true", matchIfMissing = true)
public class EmbeddedSmtpServer implements SmartLifecycle {

	/** Starts before and stops after {@link MemoryDelayLifecycle}. */
	public static final int PHASE = MemoryDelayLifecycle.PHASE - 1;

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedSmtpServer.class);

	private final String host;

	private final int port;

	private final GreenMail greenMail;

	private volatile MimeMessage[] receivedBeforeStop;

	public EmbeddedSmtpServer(@Value("${sample.embedded-smtp.host:localhost}") String host,
			@Value("${sample.embedded-smtp.port}") int port) {
		this.host = host;
		this.port = port;
		ServerSetup setup = new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP);
		setup.setServerStartupTimeout(10_000);
		this.greenMail = new GreenMail(setup);
	}

	@Override
	public void start() {
		this.receivedBeforeStop = null;
		checkPortIsFree();
		this.greenMail.start();
		logger.info("Embedded SMTP server listening on port {}; digests are shown at /", getPort());
	}

	/**
	 * GreenMail reports a taken port as a start-up timeout, which never helps: say that
	 * the port is taken.
	 */
	private void checkPortIsFree() {
		if (this.port == 0) {
			return;
		}
		try (ServerSocket probe = new ServerSocket()) {
			probe.setReuseAddress(true);
			probe.bind(new InetSocketAddress(InetAddress.getByName(this.host), this.port));
		}
		catch (IOException ex) {
			throw new EmbeddedSmtpPortInUseException(this.host, this.port, ex);
		}
	}

	@Override
	public void stop() {
		// GreenMail forgets its messages when it stops; the inbox stays readable, with
		// the shutdown digest
		this.receivedBeforeStop = this.greenMail.getReceivedMessages();
		logger.info("Embedded SMTP server stopping after {} digest(s)", this.receivedBeforeStop.length);
		this.greenMail.stop();
	}

	@Override
	public boolean isRunning() {
		return this.greenMail.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	public int getPort() {
		return this.greenMail.getSmtp().getPort();
	}

	/**
	 * Digests received so far, oldest first.
	 * @return the digests, numbered from 1
	 */
	public List<ReceivedDigest> digests() {
		MimeMessage[] messages = received();
		return IntStream.range(0, messages.length)
			.mapToObj((index) -> ReceivedDigest.of(index + 1, messages[index]))
			.toList();
	}

	/**
	 * One received digest.
	 * @param number its number, from 1 in order of arrival
	 * @return the digest, {@code null} if there is no such digest
	 */
	public ReceivedDigest digest(int number) {
		MimeMessage[] messages = received();
		return (number >= 1 && number <= messages.length) ? ReceivedDigest.of(number, messages[number - 1]) : null;
	}

	private MimeMessage[] received() {
		MimeMessage[] stopped = this.receivedBeforeStop;
		return (stopped != null && !this.greenMail.isRunning()) ? stopped : this.greenMail.getReceivedMessages();
	}

	/**
	 * Waits until this many digests have been received in total.
	 * @param count how many
	 * @param timeoutMillis how long to wait at most
	 * @return {@code true} if they arrived in time
	 */
	public boolean awaitDigests(int count, long timeoutMillis) {
		return this.greenMail.waitForIncomingEmail(timeoutMillis, count);
	}

}
