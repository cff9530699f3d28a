package io.github.memorydelay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.digest.Digest;

/**
 * An in-memory {@link DigestSender}: composes a digest into a short text message and
 * records every message it sends, with the digest it came from and the thread that sent
 * it.
 */
public final class RecordingSender implements DigestSender {

	private final Map<String, Digest> composed = new ConcurrentHashMap<>();

	private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();

	private final Sending before;

	/**
	 * A sender that sends every message.
	 */
	public RecordingSender() {
		this((message) -> {
		});
	}

	/**
	 * A sender that runs something first, which may throw to fail the send or block.
	 * @param before what happens before a message counts as sent
	 */
	public RecordingSender(Sending before) {
		this.before = before;
	}

	@Override
	public byte[] compose(Digest digest) {
		String text = "digest #" + digest.sequence() + " (" + digest.trigger().headerValue() + ", " + digest.events()
				+ " events)";
		this.composed.put(text, digest);
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void send(byte[] message) throws Exception {
		this.before.send(message);
		String text = new String(message, StandardCharsets.UTF_8);
		this.sent.add(new Sent(text, this.composed.get(text), Thread.currentThread().getName()));
	}

	/**
	 * Waits for the next message sent.
	 * @param timeout how long to wait at most
	 * @return the message, {@code null} when none was sent in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	public Sent next(Duration timeout) throws InterruptedException {
		return this.sent.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Messages sent and not yet taken with {@link #next}.
	 * @return the count
	 */
	public int pending() {
		return this.sent.size();
	}

	/**
	 * One message sent.
	 *
	 * @param message the message text
	 * @param digest the digest it was composed from, {@code null} when this sender did
	 * not compose it
	 * @param thread name of the thread that sent it
	 */
	public record Sent(String message, Digest digest, String thread) {
	}

	/**
	 * What happens when a message is sent.
	 */
	@FunctionalInterface
	public interface Sending {

		void send(byte[] message) throws Exception;

	}

}
