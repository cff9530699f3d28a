package io.github.memorydelay.delivery;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A folder of messages that could not be sent yet, one {@code .eml} file each. A file is
 * written completely under a temporary name and then renamed, so a crash never leaves
 * half a message; it is deleted only after it was sent. Files sort by the time they were
 * written.
 */
public final class DigestSpool {

	static final String SUFFIX = ".eml";

	public static final String CORRUPT_SUFFIX = ".corrupt";

	/**
	 * A file being sent is renamed to this, with the sender's process id, so that no one
	 * else sends it.
	 */
	static final String CLAIM_SUFFIX = ".sending";

	/**
	 * Sub-folder of the messages the server refused for good, tried once more at the next
	 * start.
	 */
	static final String REJECTED = "rejected";

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private static final long PID = ProcessHandle.current().pid();

	/**
	 * Who claims a file: the process id and the process's start time, so that a claim
	 * left by an earlier process with the same id (in a container, every run is often
	 * process 1) is known as abandoned.
	 */
	private static final String CLAIMANT = PID + "-"
			+ ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(0L);

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
		createDirectory(this.directory);
		return write(this.directory.resolve(newFileName(SUFFIX)), message);
	}

	/**
	 * A name for a new file of the spool, which sorts by the time it is made.
	 * @param suffix how the name ends
	 * @return the name
	 */
	public String newFileName(String suffix) {
		// the process id keeps two processes sharing a spool from choosing the same name
		return String.format("digest-%013d-%d-%06d", System.currentTimeMillis(), PID,
				SEQUENCE.incrementAndGet() % 1_000_000) + suffix;
	}

	/**
	 * Writes a file of the spool completely under a temporary name, then renames it, so
	 * that a crash never leaves half of it.
	 */
	private Path write(Path target, byte[] content) throws IOException {
		Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
		try {
			Files.write(temporary, content);
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
			return target;
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Where messages that the server refused for good are kept.
	 * @return the folder {@code rejected} of the spool
	 */
	public Path rejectedDirectory() {
		return this.directory.resolve(REJECTED);
	}

	/**
	 * Moves a message that the server refused for good out of the spool, into
	 * {@link #rejectedDirectory()}.
	 * @param file a spool file, claimed or not
	 * @return where it now is
	 * @throws IOException when it could not be moved
	 */
	public Path reject(Path file) throws IOException {
		Path original = file.getFileName().toString().endsWith(CLAIM_SUFFIX) ? unclaimed(file) : file;
		createDirectory(this.directory);
		createDirectory(rejectedDirectory());
		return Files.move(file, rejectedDirectory().resolve(original.getFileName()), StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Keeps a message that the server refused for good, and that was not in the spool
	 * yet.
	 * @param message the message
	 * @return where it is kept
	 * @throws IOException when it could not be written
	 */
	public Path storeRejected(byte[] message) throws IOException {
		return reject(store(message));
	}

	/**
	 * Messages the server refused for good.
	 * @return how many wait in {@link #rejectedDirectory()}
	 */
	public int rejectedSize() {
		return count(rejectedDirectory(), "*" + SUFFIX);
	}

	/**
	 * Puts the messages the server refused back into the spool, to be tried once more:
	 * the configuration may have been fixed since. Called at start.
	 * @return how many were put back
	 */
	public int restoreRejected() {
		Path rejected = rejectedDirectory();
		int restored = 0;
		if (!Files.isDirectory(rejected)) {
			return restored;
		}
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(rejected, "*" + SUFFIX)) {
			checkSafe();
			for (Path file : stream) {
				Files.move(file, this.directory.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
				restored++;
			}
		}
		catch (IOException ex) {
			// left for the next start
		}
		return restored;
	}

	/**
	 * Writes a file of the spool's own (not a message) atomically, replacing an earlier
	 * one.
	 * @param name the file's name, without folder
	 * @param content what it holds
	 * @throws IOException when it could not be written
	 */
	public void writeFile(String name, byte[] content) throws IOException {
		createDirectory(this.directory);
		write(this.directory.resolve(name), content);
	}

	/**
	 * Takes the files of the spool's own with a suffix, oldest first: each is read and
	 * deleted, and a file that another process or pipeline sharing the folder takes at
	 * the same time is taken by one of them only.
	 * @param suffix how the names end
	 * @return the contents of the files taken
	 */
	public List<byte[]> takeFiles(String suffix) {
		List<byte[]> taken = new ArrayList<>();
		if (!Files.isDirectory(this.directory)) {
			return taken;
		}
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory, "*" + suffix)) {
			checkSafe();
			stream.forEach(files::add);
		}
		catch (IOException ex) {
			return taken;
		}
		files.sort(null);
		for (Path file : files) {
			try {
				Path claimed = claim(file);
				if (claimed != null) {
					taken.add(Files.readAllBytes(claimed));
					Files.delete(claimed);
				}
			}
			catch (IOException ex) {
				// left where it is, for a person to look at
			}
		}
		return taken;
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
		checkSafe();
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
	 * Number of messages waiting, those being sent right now included.
	 * @return the count, 0 when the folder cannot be read
	 */
	public int size() {
		return count(this.directory, "*{" + SUFFIX + "," + CLAIM_SUFFIX + "}");
	}

	private static int count(Path folder, String glob) {
		if (!Files.isDirectory(folder)) {
			return 0;
		}
		int count = 0;
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, glob)) {
			for (Path file : stream) {
				count++;
			}
			return count;
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/**
	 * Takes a file for sending: it is renamed so that another process or pipeline sharing
	 * the spool does not send it too.
	 * @param file a file from {@link #list()}
	 * @return the claimed file, {@code null} when someone else took it first
	 * @throws IOException when it could not be renamed for another reason
	 */
	public Path claim(Path file) throws IOException {
		Path claimed = file.resolveSibling(file.getFileName() + "." + CLAIMANT + CLAIM_SUFFIX);
		try {
			return Files.move(file, claimed, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			return null;
		}
	}

	/**
	 * Gives a claimed file back, to be sent later.
	 * @param claimed the claimed file
	 * @throws IOException when it could not be renamed
	 */
	public void release(Path claimed) throws IOException {
		Files.move(claimed, unclaimed(claimed), StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Gives back files claimed by processes that no longer run, which stopped while
	 * sending them.
	 * @return how many files were given back
	 */
	public int releaseAbandoned() {
		int released = 0;
		if (!Files.isDirectory(this.directory)) {
			return released;
		}
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory, "*" + CLAIM_SUFFIX)) {
			for (Path claimed : stream) {
				String name = withoutClaimSuffix(claimed);
				if (!isRunning(name.substring(name.lastIndexOf('.') + 1))) {
					release(claimed);
					released++;
				}
			}
		}
		catch (IOException ex) {
			// left for the next start
		}
		return released;
	}

	private static boolean isRunning(String claimant) {
		int dash = claimant.indexOf('-');
		try {
			long pid = Long.parseLong((dash >= 0) ? claimant.substring(0, dash) : claimant);
			long started = (dash >= 0) ? Long.parseLong(claimant.substring(dash + 1)) : 0;
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.map((process) -> started == 0 || process.info()
					.startInstant()
					.map((instant) -> instant.toEpochMilli() == started)
					.orElse(true))
				.orElse(false);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * A claimed file's name is the spool file's name, a dot, the claiming process id and
	 * the claim suffix.
	 */
	private static String withoutClaimSuffix(Path claimed) {
		String name = claimed.getFileName().toString();
		return name.substring(0, name.length() - CLAIM_SUFFIX.length());
	}

	private static Path unclaimed(Path claimed) {
		String name = withoutClaimSuffix(claimed);
		return claimed.resolveSibling(name.substring(0, name.lastIndexOf('.')));
	}

	public byte[] read(Path file) throws IOException {
		return Files.readAllBytes(file);
	}

	public void delete(Path file) throws IOException {
		Files.deleteIfExists(file);
	}

	/**
	 * Moves a file that can never be sent out of the way, keeping it for a person to look
	 * at.
	 * @param file the spool file
	 * @return where it now is
	 * @throws IOException when it could not be moved
	 */
	public Path moveAside(Path file) throws IOException {
		Path original = file.getFileName().toString().endsWith(CLAIM_SUFFIX) ? unclaimed(file) : file;
		Path target = original.resolveSibling(original.getFileName() + CORRUPT_SUFFIX);
		return Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
	}

	private void createDirectory(Path folder) throws IOException {
		if (Files.isDirectory(folder)) {
			checkSafe();
			return;
		}
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			// digests hold log messages: keep them to the owner of the process
			Files.createDirectories(folder,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(folder);
		}
	}

	/**
	 * Refuses a folder that another user owns or may write to: whoever can put a file
	 * there could have it sent with the application's mail credentials, or read the log
	 * messages kept there.
	 */
	private void checkSafe() throws IOException {
		if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return;
		}
		PosixFileAttributes attributes = Files.readAttributes(this.directory, PosixFileAttributes.class);
		String user = System.getProperty("user.name");
		Set<PosixFilePermission> permissions = attributes.permissions();
		if (!attributes.owner().getName().equals(user) || permissions.contains(PosixFilePermission.GROUP_WRITE)
				|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
			throw new IOException("Spool folder " + this.directory + " is owned by " + attributes.owner().getName()
					+ " with permissions " + PosixFilePermissions.toString(permissions) + "; it must belong to " + user
					+ " and be writable by no one else");
		}
	}

	@Override
	public String toString() {
		return "DigestSpool[" + this.directory + "]";
	}

}
