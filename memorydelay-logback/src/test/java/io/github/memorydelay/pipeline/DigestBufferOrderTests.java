package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.DigestEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The buffer shows its entries in order of arrival, whatever order its map keeps them in,
 * also after a merge and after captures that failed left indices unused.
 */
class DigestBufferOrderTests {

	private final MutableClock clock = MutableClock.start();

	private final TestEvents events = new TestEvents(this.clock);

	private final int stripe = InFlightWriters.stripe(0);

	private DigestBuffer buffer(int capacity) {
		return new DigestBuffer(DigestSettings.builder()
			.capacity(capacity)
			.flushLevel(Level.OFF)
			.delay(Duration.ZERO)
			.minInterval(Duration.ZERO)
			.build());
	}

	private int add(DigestBuffer buffer, ILoggingEvent event) {
		buffer.writers().enter(this.stripe);
		try {
			return buffer.add(Fingerprint.of(event), event, null, null, this.stripe);
		}
		finally {
			buffer.writers().leave(this.stripe);
		}
	}

	private static List<String> messages(DigestBuffer buffer) {
		List<String> messages = new ArrayList<>();
		for (DigestEntry entry : buffer.digestEntries(null)) {
			messages.add(entry.message());
		}
		return messages;
	}

	private static List<String> numbered(String prefix, int from, int to) {
		List<String> messages = new ArrayList<>();
		for (int i = from; i < to; i++) {
			messages.add(prefix + TestEvents.word(i));
		}
		return messages;
	}

	@Test
	void entriesAreShownInOrderOfArrival() {
		DigestBuffer buffer = buffer(500);
		for (int i = 0; i < 300; i++) {
			add(buffer, this.events.warn("warning " + TestEvents.word(i)));
			this.clock.advance(Duration.ofMillis(1));
		}
		add(buffer, this.events.warn("warning " + TestEvents.word(7)));
		assertThat(messages(buffer)).isEqualTo(numbered("warning ", 0, 300));
	}

	@Test
	void mergedEntriesComeAfterAndAnEarlierFirstOccurrenceKeepsItsPlace() {
		DigestBuffer buffer = buffer(500);
		for (int i = 0; i < 100; i++) {
			add(buffer, this.events.warn("warning " + TestEvents.word(i)));
		}
		DigestBuffer held = buffer(500);
		add(held, this.events.warn("held zero"));
		add(held,
				this.events.event(Level.WARN, "warning " + TestEvents.word(42))
					.at(this.clock.instant().minusSeconds(60))
					.build());
		add(held, this.events.warn("held one"));
		buffer.addAll(held);
		List<String> expected = numbered("warning ", 0, 100);
		expected.add("held zero");
		expected.add("held one");
		assertThat(messages(buffer)).isEqualTo(expected);
		assertThat(buffer.digestEntries(null).get(42).firstSeen()).isEqualTo(this.clock.instant().minusSeconds(60));
	}

	@Test
	void indicesLeftUnusedByFailedCapturesKeepTheOrder() {
		DigestBuffer buffer = buffer(4);
		add(buffer, this.events.warn("first"));
		// each failed capture uses up an index of arrival: far more than the capacity,
		// so the buffer sorts instead of placing
		for (int i = 0; i < 200; i++) {
			LoggingEvent failing = new LoggingEvent(TestEvents.LOGGER, this.events.context().getLogger("x"), Level.WARN,
					"unformattable " + TestEvents.word(i), null, null) {
				@Override
				public String getFormattedMessage() {
					throw new IllegalStateException("cannot be formatted");
				}
			};
			assertThatIllegalStateException().isThrownBy(() -> add(buffer, failing));
		}
		add(buffer, this.events.warn("second"));
		add(buffer, this.events.warn("third"));
		assertThat(messages(buffer)).containsExactly("first", "second", "third");
		assertThat(buffer.entries()).isEqualTo(3);
	}

}
