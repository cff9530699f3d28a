package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.render.DigestTextRenderer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One problem, one entry: events are grouped by their message template, however their
 * message was built.
 */
class MessageTemplateGroupingTests {

	private static final String FEED = "com.example.feed.FeedImporter";

	private final EngineFixture fixture = new EngineFixture();

	private final DigestEngine engine = this.fixture.engine(EngineFixture.settings());

	private LoggingEvent rejected(int row, String quantity) {
		return this.fixture.events
			.event(Level.WARN, "Rejected row " + row + " of feed.csv: quantity '" + quantity + "' is not a number")
			.logger(FEED)
			.build();
	}

	@Test
	void eightyConcatenatedWarningsAreOneEntryWithTheirDistinctMessagesAndTheLast() {
		for (int row = 1; row <= 80; row++) {
			this.engine.add(rejected(row, "q" + row + "x"));
		}
		Digest digest = this.engine.flush(Trigger.MANUAL);
		assertThat(digest.entries()).hasSize(1);
		DigestEntry entry = digest.entries().get(0);
		assertThat(entry.count()).isEqualTo(80);
		assertThat(digest.events()).isEqualTo(80);
		assertThat(entry.message()).isEqualTo("Rejected row 1 of feed.csv: quantity 'q1x' is not a number");
		assertThat(entry.messages()).isEqualTo(80);
		assertThat(entry.lastMessage()).isEqualTo("Rejected row 80 of feed.csv: quantity 'q80x' is not a number");
		assertThat(entry.id()).as("golden vector: the template's id").isEqualTo("3rpajxvi5tvpj");
		assertThat(new DigestTextRenderer(java.time.ZoneOffset.UTC).render(digest))
			.contains("  Messages:   80 distinct messages, the last:\n"
					+ "    Rejected row 80 of feed.csv: quantity 'q80x' is not a number");
	}

	@Test
	void theSameProblemLoggedWithPlaceholdersIsTheSameEntry() {
		this.engine.add(rejected(17, "ten"));
		this.engine.add(this.fixture.events
			.event(Level.WARN, "Rejected row {} of feed.csv: quantity '{}' is not a number", 18, "1e3")
			.logger(FEED)
			.build());
		Digest digest = this.engine.flush(Trigger.MANUAL);
		assertThat(digest.entries()).singleElement().satisfies((entry) -> {
			assertThat(entry.count()).isEqualTo(2);
			assertThat(entry.messages()).isEqualTo(2);
			assertThat(entry.lastMessage()).isEqualTo("Rejected row 18 of feed.csv: quantity '1e3' is not a number");
			assertThat(entry.id()).isEqualTo("3rpajxvi5tvpj");
		});
	}

	@Test
	void messagesThatDifferInAWordAreTwoEntries() {
		this.engine.add(this.fixture.events.warn("Cache alpha is full"));
		this.engine.add(this.fixture.events.warn("Cache beta is full"));
		assertThat(this.engine.flush(Trigger.MANUAL).entries()).extracting(DigestEntry::message)
			.containsExactly("Cache alpha is full", "Cache beta is full");
	}

	@Test
	void anEntryWhoseEventsHadOneMessageSaysNothingOfMessages() {
		for (int i = 0; i < 3; i++) {
			this.engine.add(this.fixture.events.warn("Card issuer {} timed out", "visa"));
		}
		DigestEntry entry = this.engine.flush(Trigger.MANUAL).entries().get(0);
		assertThat(entry.count()).isEqualTo(3);
		assertThat(entry.messages()).isEqualTo(1);
		assertThat(entry.lastMessage()).isNull();
	}

	@Test
	void placeholderArgumentsMakeDistinctMessagesWithoutBeingFormattedAgain() {
		this.engine.add(this.fixture.events.warn("Card issuer {} timed out", "visa"));
		this.engine.add(this.fixture.events.warn("Card issuer {} timed out", "amex"));
		this.engine.add(this.fixture.events.warn("Card issuer {} timed out", "visa"));
		DigestEntry entry = this.engine.flush(Trigger.MANUAL).entries().get(0);
		assertThat(entry.messages()).isEqualTo(2);
		assertThat(entry.lastMessage()).isEqualTo("Card issuer visa timed out");
	}

	@Test
	void distinctMessagesAreCountedUpToOneThousandThenMore() {
		for (int row = 0; row < 1000; row++) {
			this.engine.add(rejected(row, "x"));
		}
		DigestEntry exact = this.engine.flush(Trigger.MANUAL).entries().get(0);
		assertThat(exact.messages()).isEqualTo(1000);
		assertThat(exact.messagesText()).isEqualTo("1000");
		for (int row = 0; row < 1500; row++) {
			this.engine.add(rejected(row, "x"));
		}
		DigestEntry more = this.engine.flush(Trigger.MANUAL).entries().get(0);
		assertThat(more.count()).isEqualTo(1500);
		assertThat(more.hasMoreMessagesThanCounted()).isTrue();
		assertThat(more.messagesText()).isEqualTo("1,000+");
		// beyond what is counted, a recent message is the last: one of those after the
		// thousandth
		assertThat(more.lastMessage())
			.matches("Rejected row 1[0-4][0-9][0-9] of feed.csv: quantity 'x' is not a number");
	}

	@Test
	void aSilenceOfTheEntryHoldsForEveryMessageOfItsTemplate() {
		this.fixture.silence(this.engine, rejected(1, "one"), Duration.ofHours(1));
		this.engine.add(rejected(2, "two"));
		this.engine.add(rejected(3, "three"));
		this.engine.add(this.fixture.events.error("Payment failed"));
		Digest digest = this.engine.flush(Trigger.MANUAL);
		assertThat(digest.entries()).extracting(DigestEntry::message).containsExactly("Payment failed");
		assertThat(digest.silenced()).isEqualTo(2);
	}

	@Test
	void threadsThatLogVariantsAtOnceCountEveryEventIntoOneEntry() throws Exception {
		int threads = 4;
		int perThread = 5000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		try {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				pool.execute(() -> {
					try {
						start.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
					for (int i = 0; i < perThread; i++) {
						LoggingEvent event = rejected(thread * perThread + i, "v" + (i % 7));
						LoggingThread state = LoggingThread.enter();
						try {
							this.engine.add(event, state);
						}
						finally {
							LoggingThread.leave(state);
						}
					}
				});
			}
			start.countDown();
			pool.shutdown();
			assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			pool.shutdownNow();
		}
		Digest digest = this.engine.flush(Trigger.MANUAL);
		assertThat(digest.entries()).hasSize(1);
		assertThat(digest.entries().get(0).count()).isEqualTo((long) threads * perThread);
		assertThat(digest.entries().get(0).hasMoreMessagesThanCounted()).isTrue();
	}

	@Test
	void aHeldBufferWrittenWithTheUnmaskedMessageIsReadBackByItsTemplate() {
		Fingerprint restored = Fingerprint.restore(FEED, Level.WARN,
				"Rejected row 5 of feed.csv: quantity 'five' is not a number", null, null);
		assertThat(restored).isEqualTo(Fingerprint.of(rejected(6, "six")));
		assertThat(restored.id()).isEqualTo("3rpajxvi5tvpj");
		assertThat(List.of(restored.pattern()))
			.containsExactly("Rejected row {} of feed.csv: quantity '{}' is not a number");
	}

}
