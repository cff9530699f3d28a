package io.github.memorydelay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * Bounded waits, with Awaitility, for what has no event to wait on (a file appearing in
 * the spool, a counter moving), and the spool files they look at. Each wait fails the
 * test when its bound passes.
 */
public final class Await {

	/** How long a test waits for what it expects before it fails. */
	public static final long WAIT_MILLIS = 10_000;

	private static final Duration BOUND = Duration.ofMillis(WAIT_MILLIS);

	private Await() {
	}

	public static void until(String what, BooleanSupplier condition) {
		Awaitility.await(what).atMost(BOUND).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
	}

	public static List<Path> spoolFiles(Path spool, String suffix) {
		if (!Files.isDirectory(spool)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(spool)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Digests in the spool: waiting ({@code .eml}) or being sent again right now
	 * ({@code .sending}).
	 * @param spool the spool folder
	 * @return the files
	 */
	public static List<Path> waiting(Path spool) {
		return java.util.stream.Stream
			.concat(spoolFiles(spool, ".eml").stream(), spoolFiles(spool, ".sending").stream())
			.toList();
	}

	public static List<Path> spooled(Path spool, int count) {
		until(count + " spool file(s) in " + spool, () -> waiting(spool).size() == count);
		return waiting(spool);
	}

}
