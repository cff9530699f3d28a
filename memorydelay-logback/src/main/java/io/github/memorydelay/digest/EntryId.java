package io.github.memorydelay.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import ch.qos.logback.classic.Level;

/**
 * Entry ids: what names an entry in digests, silences and the endpoint, the same on every
 * instance and across restarts.
 */
public final class EntryId {

	/** Length of an entry id. */
	public static final int LENGTH = 13;

	/** One digest per thread: getting one from the providers costs more than hashing. */
	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			// every Java platform must have SHA-256
			throw new IllegalStateException(ex);
		}
	});

	/**
	 * The id of the entry of a fingerprint: the first 64 bits of a SHA-256 hash of its
	 * parts, in base 36, padded to {@value #LENGTH} characters of {@code [0-9a-z]}. It
	 * depends on nothing but those parts, so every instance, JVM and restart gives the
	 * same id.
	 * @param logger the logger's name
	 * @param level the level
	 * @param pattern the message pattern
	 * @param throwableChain the classes of the throwable and its causes, or {@code null}
	 * @param throwingFrame the frame that threw, or {@code null}
	 * @return the id
	 */
	public static String of(String logger, Level level, String pattern, String throwableChain, String throwingFrame) {
		MessageDigest sha256 = SHA_256.get();
		sha256.reset();
		for (String part : new String[] { logger, level.levelStr, pattern, throwableChain, throwingFrame }) {
			// a marker per part, so that a missing part and an empty one, or "ab"+"c" and
			// "a"+"bc", differ
			if (part == null) {
				sha256.update((byte) 0);
			}
			else {
				sha256.update((byte) 1);
				sha256.update(part.getBytes(StandardCharsets.UTF_8));
				sha256.update((byte) 0);
			}
		}
		byte[] hash = sha256.digest();
		long bits = 0;
		for (int i = 0; i < 8; i++) {
			bits = (bits << 8) | (hash[i] & 0xff);
		}
		// Long.toUnsignedString(bits, 36), without the BigInteger it makes for half of
		// all values
		String id = (bits >= 0) ? Long.toString(bits, 36) : Long.toString(Long.divideUnsigned(bits, 36), 36)
				+ Character.forDigit((int) Long.remainderUnsigned(bits, 36), 36);
		return "0".repeat(LENGTH - id.length()) + id;
	}

	private EntryId() {
	}

}
