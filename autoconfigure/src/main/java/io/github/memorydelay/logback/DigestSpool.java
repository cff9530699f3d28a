package io.github.memorydelay.logback;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A folder of messages that could not be sent yet, one {@code .eml} file each. A file is written
 * completely under a temporary name and then renamed, so a crash never leaves half a message; it is
 * deleted only after it was sent. Files sort by the time they were written.
 */
public final class DigestSpool {

	static final String SUFFIX = ".eml";

	static final String CORRUPT_SUFFIX = ".corrupt";

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private final Path directory;

	public DigestSpool(Path directory) {
		this.directory = directory.toAbsolutePath().normalize();
	}

	public Path directory() {
		return this.directory;
	}

	/**
	 * Writes a message to the spool.
	 * @param message the message
	 * @return the spool file
	 * @throws IOException when the message could not be written
	 */
	public Path store(byte[] message) throws IOException {
		createDirectory();
		String name = String.format("digest-%013d-%06d", System.currentTimeMillis(),
				SEQUENCE.incrementAndGet() % 1_000_000);
		Path temporary = Files.createTempFile(this.directory, name, ".tmp");
		try {
			Files.write(temporary, message);
			Path target = this.directory.resolve(name + SUFFIX);
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target);
			}
			return target;
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Messages waiting in the spool, oldest first.
	 * @return the spool files
	 * @throws IOException when the folder cannot be read
	 */
	public List<Path> list() throws IOException {
		List<Path> files = new ArrayList<>();
		if (!Files.isDirectory(this.directory)) {
			return files;
		}
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory, "*" + SUFFIX)) {
			for (Path file : stream) {
				if (Files.isRegularFile(file)) {
					files.add(file);
				}
			}
		}
		files.sort(null);
		return files;
	}

	/**
	 * Number of messages waiting.
	 * @return the count, 0 when the folder cannot be read
	 */
	public int size() {
		try {
			return list().size();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	public byte[] read(Path file) throws IOException {
		return Files.readAllBytes(file);
	}

	public void delete(Path file) throws IOException {
		Files.deleteIfExists(file);
	}

	/**
	 * Moves a file that can never be sent out of the way, keeping it for a person to look at.
	 * @param file the spool file
	 * @return where it now is
	 * @throws IOException when it could not be moved
	 */
	public Path moveAside(Path file) throws IOException {
		Path target = file.resolveSibling(file.getFileName() + CORRUPT_SUFFIX);
		return Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
	}

	private void createDirectory() throws IOException {
		if (Files.isDirectory(this.directory)) {
			return;
		}
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			// digests hold log messages: keep them to the owner of the process
			Files.createDirectories(this.directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(this.directory);
		}
	}

	@Override
	public String toString() {
		return "DigestSpool[" + this.directory + "]";
	}

}
