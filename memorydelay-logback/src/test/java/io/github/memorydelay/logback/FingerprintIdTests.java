package io.github.memorydelay.logback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entry ids stay what they were: the first 64 bits of the SHA-256 hash in unsigned base
 * 36, padded to 13 characters, whatever the sign of those bits.
 */
class FingerprintIdTests {

	@Test
	void idIsTheUnsignedBase36OfTheHashsFirst64Bits() throws Exception {
		SplittableRandom random = new SplittableRandom(42);
		int negative = 0;
		for (int i = 0; i < 5_000; i++) {
			String logger = "com.example.Service" + random.nextInt(1000);
			String pattern = "Failure " + random.nextLong() + " {}";
			String chain = (i % 3 == 0) ? null : "java.lang.IllegalStateException";
			String expected = reference(logger, Level.ERROR, pattern, chain, null);
			negative += (expected.compareTo(Long.toString(Long.MAX_VALUE, 36)) > 0) ? 1 : 0;
			assertThat(Fingerprint.id(logger, Level.ERROR, pattern, chain, null)).isEqualTo(expected)
				.hasSize(Fingerprint.ID_LENGTH)
				.matches("[0-9a-z]{13}");
		}
		// about half of all hashes have their top bit set
		assertThat(negative).isBetween(2_000, 3_000);
	}

	private static String reference(String logger, Level level, String pattern, String chain, String frame)
			throws Exception {
		MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
		for (String part : new String[] { logger, level.levelStr, pattern, chain, frame }) {
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
		String id = Long.toUnsignedString(bits, 36);
		return "0".repeat(Fingerprint.ID_LENGTH - id.length()) + id;
	}

}
