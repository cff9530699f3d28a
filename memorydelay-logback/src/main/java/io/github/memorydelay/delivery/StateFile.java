package io.github.memorydelay.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import ch.qos.logback.core.spi.ContextAware;

/**
 * A small file of memorydelay's own state in the spool folder (the silences, the digest
 * history): read whole, written whole and atomically by the spool, and one warning while
 * it cannot be read or written, not one per attempt. Used under its owner's lock.
 */
public final class StateFile {

	/** Largest file read: a state file is small, a larger one is not memorydelay's. */
	private static final long MAX_BYTES = 1024 * 1024;

	private final DigestSpool spool;

	private final String name;

	private final ContextAware owner;

	/**
	 * Whether a problem with the file was reported and not yet solved: one warning, never
	 * one per attempt.
	 */
	private boolean troubled;

	/**
	 * @param spool the spool folder
	 * @param name the file's name in it
	 * @param owner what warns, through its Logback context
	 */
	public StateFile(DigestSpool spool, String name, ContextAware owner) {
		this.spool = spool;
		this.name = name;
		this.owner = owner;
	}

	/**
	 * Where the file is.
	 * @return the path
	 */
	public Path path() {
		return this.spool.directory().resolve(this.name);
	}

	/**
	 * Reads the file's lines.
	 * @return the lines, {@code null} when there is no file
	 * @throws IOException when it cannot be read, or is larger than a state file can be
	 */
	public List<String> readLines() throws IOException {
		Path file = path();
		if (!Files.exists(file)) {
			return null;
		}
		if (Files.size(file) > MAX_BYTES) {
			throw new IOException("it has more than " + MAX_BYTES + " bytes");
		}
		return Files.readAllLines(file, StandardCharsets.UTF_8);
	}

	/**
	 * Writes the file anew; when it cannot be written, warns once until a write succeeds
	 * again.
	 * @param content the whole content
	 * @param warning the warning, given what failed
	 * @return whether it was written
	 */
	public boolean write(String content, Function<Exception, String> warning) {
		try {
			this.spool.writeFile(this.name, content.getBytes(StandardCharsets.UTF_8));
			this.troubled = false;
			return true;
		}
		catch (IOException | RuntimeException ex) {
			warnOnce(warning.apply(ex));
			return false;
		}
	}

	/**
	 * Warns, unless a warning about this file was given and nothing was written since:
	 * once, in the application's log through memorydelay's own logger, which is never
	 * buffered (no loop), or as a status of the owner without a Logback context.
	 * @param message the warning
	 */
	public void warnOnce(String message) {
		if (this.troubled) {
			return;
		}
		this.troubled = true;
		OwnLogging.log(this.owner, true, message);
	}

	@Override
	public String toString() {
		return path().toString();
	}

}
