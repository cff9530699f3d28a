package io.github.memorydelay.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.memorydelay.Await;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.RecordingSender;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.OwnLogging;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.render.DigestFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * New or recurring: the history of delivered fingerprints, kept in the spool folder
 * across restarts.
 */
class DigestHistoryTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@TempDir
	Path temp;

	private final MutableClock clock = MutableClock.start();

	private final Instant t0 = this.clock.instant();

	private final TestEvents events = new TestEvents(this.clock);

	private final List<MemoryDelay> started = new ArrayList<>();

	private final RecordingSender sender = new RecordingSender();

	private long delivered;

	/** What memorydelay says in the application's log. */
	private final ListAppender<ILoggingEvent> ownLog = ownLog(this.events.context());

	private static ListAppender<ILoggingEvent> ownLog(LoggerContext context) {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.setContext(context);
		appender.start();
		context.getLogger(OwnLogging.LOGGER_NAME).addAppender(appender);
		return appender;
	}

	@AfterEach
	void shutDown() {
		this.started.forEach((memoryDelay) -> memoryDelay.shutdown(WAIT));
	}

	private Path spoolDirectory() {
		return this.temp.resolve("spool");
	}

	private MemoryDelay start(Duration history) {
		MemoryDelay memoryDelay = new MemoryDelay(DigestSettings.builder()
			.flushLevel(Level.OFF)
			.delay(Duration.ZERO)
			.minInterval(Duration.ZERO)
			.history(history)
			.build(), this.clock);
		memoryDelay.setContext(this.events.context());
		memoryDelay.start(this.sender, new DigestSpool(spoolDirectory()), RetryPolicy.defaults());
		this.started.add(memoryDelay);
		return memoryDelay;
	}

	private Digest digestOf(MemoryDelay memoryDelay, String... warnings) throws InterruptedException {
		memoryDelay.append(this.events.error("Payment failed for order {}", 42));
		for (String warning : warnings) {
			memoryDelay.append(this.events.warn(warning));
		}
		assertThat(memoryDelay.flush()).isPositive();
		RecordingSender.Sent sent = this.sender.next(WAIT);
		assertThat(sent).isNotNull();
		// the history records a digest once it is delivered, right after the sender
		// returns
		long delivered = ++this.delivered;
		Await.until("digest #" + sent.digest().sequence() + " counted as delivered",
				() -> this.started.stream()
					.mapToLong((pipeline) -> pipeline.statistics().digestsSent())
					.sum() >= delivered);
		return sent.digest();
	}

	private static DigestEntry payment(Digest digest) {
		return digest.entries()
			.stream()
			.filter((entry) -> entry.message().startsWith("Payment failed"))
			.findFirst()
			.orElseThrow();
	}

	private List<String> historyWarnings() {
		return this.ownLog.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN && event.getFormattedMessage().contains("digest history"))
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	@Test
	void entriesAreNewThenRecurringAlsoAfterARestart() throws Exception {
		MemoryDelay first = start(Duration.ofDays(7));
		Digest one = digestOf(first);
		assertThat(one.entries()).allSatisfy((entry) -> assertThat(entry.isNew()).isTrue());
		assertThat(one.newEntries()).isEqualTo(1);

		this.clock.set(this.t0.plus(Duration.ofHours(1)));
		Digest two = digestOf(first, "Disk almost full");
		assertThat(payment(two).isNew()).isFalse();
		assertThat(payment(two).firstReported()).isEqualTo(this.t0);
		assertThat(two.newEntries()).isEqualTo(1);
		assertThat(first.shutdown(WAIT)).isTrue();
		assertThat(spoolDirectory().resolve(DigestHistory.FILE_NAME)).exists();

		this.clock.set(this.t0.plus(Duration.ofDays(2)));
		MemoryDelay restarted = start(Duration.ofDays(7));
		Digest three = digestOf(restarted, "Disk almost full", "Cache cold");
		assertThat(payment(three).firstReported()).isEqualTo(this.t0);
		assertThat(three.newEntries()).isEqualTo(1);
		assertThat(DigestFormat.inDigestOrder(three.entries())).extracting(DigestEntry::firstLine)
			.containsExactly("Payment failed for order 42", "Cache cold", "Disk almost full");
		assertThat(historyWarnings()).isEmpty();
	}

	@Test
	void fingerprintsAreForgottenAfterTheHistory() throws Exception {
		MemoryDelay memoryDelay = start(Duration.ofDays(7));
		digestOf(memoryDelay);
		this.clock.set(this.t0.plus(Duration.ofDays(7)).plusMillis(1));
		Digest later = digestOf(memoryDelay);
		assertThat(payment(later).isNew()).isTrue();
	}

	@Test
	void reportingAgainKeepsTheFingerprintAndItsFirstReport() throws Exception {
		MemoryDelay memoryDelay = start(Duration.ofDays(7));
		digestOf(memoryDelay);
		for (int day = 5; day <= 20; day += 5) {
			this.clock.set(this.t0.plus(Duration.ofDays(day)));
			assertThat(payment(digestOf(memoryDelay)).firstReported()).isEqualTo(this.t0);
		}
	}

	@Test
	void zeroHistoryMarksEveryEntryNewAndKeepsNoFile() throws Exception {
		MemoryDelay memoryDelay = start(Duration.ZERO);
		digestOf(memoryDelay);
		Digest again = digestOf(memoryDelay);
		assertThat(again.newEntries()).isEqualTo(again.entries().size());
		assertThat(spoolDirectory().resolve(DigestHistory.FILE_NAME)).doesNotExist();
	}

	@Test
	void damagedFileMarksEveryEntryNewWithOneWarningAndIsWrittenAnew() throws Exception {
		MemoryDelay first = start(Duration.ofDays(7));
		digestOf(first);
		first.shutdown(WAIT);
		Path file = spoolDirectory().resolve(DigestHistory.FILE_NAME);
		Files.write(file, new byte[] { 0, (byte) 0xff, 'x', '\n', 'y' });

		MemoryDelay restarted = start(Duration.ofDays(7));
		Digest digest = digestOf(restarted);
		assertThat(digest.newEntries()).isEqualTo(digest.entries().size());
		assertThat(historyWarnings()).singleElement().asString().contains(file.toString(), "cannot be read");
		assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("# memorydelay history")
			.contains(payment(digest).id() + "\t");
		assertThat(payment(digestOf(restarted)).isNew()).isFalse();
		assertThat(historyWarnings()).hasSize(1);
	}

	@Test
	void unwritableFileNeverStopsADigestAndWarnsOnce() throws Exception {
		Path file = spoolDirectory().resolve(DigestHistory.FILE_NAME);
		Files.createDirectories(file);
		Files.writeString(file.resolve("in the way"), "a folder where the file should be");

		MemoryDelay memoryDelay = start(Duration.ofDays(7));
		Digest digest = digestOf(memoryDelay);
		assertThat(digest.newEntries()).isEqualTo(digest.entries().size());
		digestOf(memoryDelay, "Disk almost full");
		digestOf(memoryDelay);
		assertThat(historyWarnings()).singleElement().asString().contains(file.toString());
		assertThat(this.sender.pending()).isZero();
	}

	@Test
	void historyIsBoundedInFingerprints() throws IOException {
		DigestHistory history = DigestHistory.of(Duration.ofDays(7), new DigestSpool(spoolDirectory()), this.clock);
		List<DigestEntry> entries = new ArrayList<>();
		for (int i = 0; i < DigestHistory.MAX_FINGERPRINTS + 500; i++) {
			entries.add(new DigestEntry(Level.WARN, "x", 1, this.t0, this.t0, "main", "message " + TestEvents.word(i),
					Map.of(), ""));
		}
		history.delivered(new Digest(1, "a", "h", Trigger.MANUAL, this.t0, this.t0, entries.subList(0, 500), Map.of()));
		this.clock.set(this.t0.plusSeconds(1));
		history.delivered(new Digest(2, "a", "h", Trigger.MANUAL, this.t0, this.t0,
				entries.subList(500, entries.size()), Map.of()));
		assertThat(history.size()).isEqualTo(DigestHistory.MAX_FINGERPRINTS);
		DigestHistory reloaded = DigestHistory.of(Duration.ofDays(7), new DigestSpool(spoolDirectory()), this.clock);
		reloaded.load();
		assertThat(reloaded.size()).isEqualTo(DigestHistory.MAX_FINGERPRINTS);
		Digest marked = reloaded.mark(new Digest(3, "a", "h", Trigger.MANUAL, this.t0, this.t0,
				List.of(entries.get(0), entries.get(entries.size() - 1)), Map.of()));
		// those reported longest ago are forgotten first
		assertThat(marked.entries()).extracting(DigestEntry::isNew).containsExactly(true, false);
		assertThat(Files.size(spoolDirectory().resolve(DigestHistory.FILE_NAME))).isLessThan(500_000);
	}

	@Test
	void forgottenFingerprintsLeaveTheFileAndComeBackNew() throws IOException {
		DigestHistory history = DigestHistory.of(Duration.ofDays(7), new DigestSpool(spoolDirectory()), this.clock);
		DigestEntry payment = new DigestEntry(Level.WARN, "x", 1, this.t0, this.t0, "main", "payment", Map.of(), "");
		DigestEntry refund = new DigestEntry(Level.WARN, "x", 1, this.t0, this.t0, "main", "refund", Map.of(), "");
		history.delivered(digest(payment, refund));
		this.clock.set(this.t0.plus(Duration.ofDays(6)));
		history.delivered(digest(refund));
		assertThat(history.size()).isEqualTo(2);
		// a week after its last report the payment is forgotten; the refund is not
		this.clock.set(this.t0.plus(Duration.ofDays(7)).plusMillis(1));
		history.delivered(digest(refund));
		assertThat(history.size()).isEqualTo(1);
		assertThat(Files.readString(spoolDirectory().resolve(DigestHistory.FILE_NAME))).contains(refund.id())
			.doesNotContain(payment.id());
		assertThat(history.mark(digest(payment, refund)).entries()).extracting(DigestEntry::isNew)
			.containsExactly(true, false);
		// reported anew, the payment's first report is now
		history.delivered(digest(payment));
		assertThat(history.mark(digest(payment)).entries().get(0).firstReported()).isEqualTo(this.clock.instant());
	}

	private Digest digest(DigestEntry... entries) {
		return new Digest(1, "a", "h", Trigger.MANUAL, this.t0, this.t0, List.of(entries), Map.of());
	}

}
