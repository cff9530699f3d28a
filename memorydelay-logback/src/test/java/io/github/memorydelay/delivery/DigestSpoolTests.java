package io.github.memorydelay.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The folder where digests wait until they can be sent.
 */
class DigestSpoolTests {

	@TempDir
	Path temp;

	private Path directory() {
		return this.temp.resolve("spool");
	}

	private DigestSpool spool() {
		return new DigestSpool(directory());
	}

	private static byte[] message(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private List<String> fileNames() throws IOException {
		try (Stream<Path> files = Files.list(directory())) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	@Test
	void storeWritesOneEmlFileWithTheMessage() throws IOException {
		Path file = spool().store(message("Subject: digest\r\n\r\nbody"));
		assertThat(file.getParent()).isEqualTo(directory().toAbsolutePath());
		assertThat(file.getFileName().toString()).endsWith(".eml");
		assertThat(Files.readString(file)).isEqualTo("Subject: digest\r\n\r\nbody");
	}

	@Test
	void storeLeavesNoTemporaryFile() throws IOException {
		DigestSpool spool = spool();
		for (int i = 0; i < 5; i++) {
			spool.store(message("digest " + i));
		}
		assertThat(fileNames()).hasSize(5).allSatisfy((name) -> assertThat(name).endsWith(".eml"));
	}

	@Test
	void storeCreatesFolderOnlyTheOwnerCanRead() throws IOException {
		assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
		spool().store(message("private"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory()))).isEqualTo("rwx------");
	}

	@Test
	void listIsEmptyWhenFolderDoesNotExist() throws IOException {
		assertThat(spool().list()).isEmpty();
		assertThat(spool().size()).isZero();
	}

	@Test
	void listGivesFilesOldestFirst() throws IOException {
		DigestSpool spool = spool();
		for (int i = 0; i < 20; i++) {
			spool.store(message("digest " + i));
		}
		List<Path> files = spool.list();
		assertThat(files).hasSize(20);
		for (int i = 0; i < files.size(); i++) {
			assertThat(spool.read(files.get(i))).asString(StandardCharsets.UTF_8).isEqualTo("digest " + i);
		}
	}

	@Test
	void listIgnoresFilesThatAreNotMessages() throws IOException {
		DigestSpool spool = spool();
		Path stored = spool.store(message("waiting"));
		Files.writeString(directory().resolve("digest-half-written.tmp"), "partial");
		Files.writeString(directory().resolve("notes.txt"), "not a digest");
		assertThat(spool.list()).containsExactly(stored);
		assertThat(spool.size()).isEqualTo(1);
	}

	@Test
	void readReturnsStoredBytes() throws IOException {
		DigestSpool spool = spool();
		byte[] bytes = message("Grüße \u2603");
		Path file = spool.store(bytes);
		assertThat(spool.read(file)).isEqualTo(bytes);
	}

	@Test
	void deleteRemovesFile() throws IOException {
		DigestSpool spool = spool();
		Path sent = spool.store(message("sent"));
		Path waiting = spool.store(message("still waiting"));
		spool.delete(sent);
		assertThat(spool.list()).containsExactly(waiting);
	}

	@Test
	void moveAsideRenamesToCorrupt() throws IOException {
		DigestSpool spool = spool();
		Path file = spool.store(message("damaged"));
		Path aside = spool.moveAside(file);
		assertThat(aside.getFileName().toString()).isEqualTo(file.getFileName() + ".corrupt");
		assertThat(aside).exists().hasContent("damaged");
		assertThat(file).doesNotExist();
		assertThat(spool.list()).isEmpty();
	}

	@Test
	void directoryIsAbsolute() {
		DigestSpool spool = new DigestSpool(Path.of("relative", "..", "spool"));
		assertThat(spool.directory()).isAbsolute().isEqualTo(Path.of("spool").toAbsolutePath());
	}

	@Test
	void claimedFileCannotBeClaimedTwiceNorIsListed() throws IOException {
		DigestSpool spool = spool();
		Path file = spool.store(message("once"));
		Path claimed = spool.claim(file);
		assertThat(claimed).exists().hasContent("once");
		assertThat(spool.claim(file)).isNull();
		assertThat(spool.list()).isEmpty();
		spool.release(claimed);
		assertThat(spool.list()).containsExactly(file);
	}

	@Test
	void filesClaimedByAProcessThatIsGoneAreGivenBack() throws IOException {
		DigestSpool spool = spool();
		Path file = spool.store(message("abandoned"));
		long gone = Long.MAX_VALUE;
		Files.move(file, file.resolveSibling(file.getFileName() + "." + gone + DigestSpool.CLAIM_SUFFIX));
		Path ours = spool.claim(spool.store(message("being sent here")));
		assertThat(spool.list()).isEmpty();
		assertThat(spool.releaseAbandoned()).isEqualTo(1);
		assertThat(spool.list()).containsExactly(file);
		assertThat(ours).exists();
	}

	@Test
	void moveAsideOfAClaimedFileKeepsItsName() throws IOException {
		DigestSpool spool = spool();
		Path file = spool.store(message("damaged"));
		Path aside = spool.moveAside(spool.claim(file));
		assertThat(aside.getFileName().toString()).isEqualTo(file.getFileName() + DigestSpool.CORRUPT_SUFFIX);
	}

	@Test
	void refusesAFolderOthersMayWriteTo() throws IOException {
		Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
		Files.createDirectories(directory());
		Files.setPosixFilePermissions(directory(), PosixFilePermissions.fromString("rwxrwxrwx"));
		Path planted = Files.writeString(directory().resolve("digest-0000000000001-1-000001.eml"), "planted");
		DigestSpool spool = spool();
		assertThatIOException().isThrownBy(() -> spool.store(message("secret log lines")))
			.withMessageContaining("writable by no one else");
		assertThatIOException().isThrownBy(spool::list).withMessageContaining("writable by no one else");
		assertThat(planted).exists();
	}

}
