package io.github.memorydelay.pipeline;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.memorydelay.RecordingSender;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.logback.MemoryDelayAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new entry's message, formatted when first read where its text cannot change, and at
 * once where it can: either way the digest shows the text of the moment the event was
 * logged.
 */
class DeferredMessageTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final TestEvents events = new TestEvents();

	private final DigestSettings settings = DigestSettings.builder().build();

	/** An event of another class than Logback's own, with its own formatted text. */
	private LoggingEvent ownWay(String pattern, String text) {
		return new LoggingEvent(Logger.class.getName(), this.events.context().getLogger("x"), Level.WARN, pattern, null,
				new Object[] { "a" }) {
			@Override
			public String getFormattedMessage() {
				return text;
			}
		};
	}

	private BufferedEntry capture(ILoggingEvent event, DigestSettings settings) {
		return BufferedEntry.capture(event, Fingerprint.of(event), event.getTimeStamp(), settings);
	}

	static List<Arguments> immutableArguments() {
		UUID order = UUID.fromString("0b7c4c1e-3d7e-4f2a-9a55-1f6f1b2f9d10");
		return List.of(Arguments.of("order {} failed after {} attempts", new Object[] { order, 3 }),
				Arguments.of("{} of {} paid, {} left", new Object[] { new BigDecimal("12.50"), 20L, null }),
				Arguments.of("at {} (took {}) ok={}",
						new Object[] { Instant.parse("2026-12-04T10:15:30Z"), Duration.ofMillis(1500), true }),
				Arguments.of("escaped \\{} then {}", new Object[] { "value" }),
				Arguments.of("fewer placeholders {} than arguments", new Object[] { "one", "two" }),
				Arguments.of("more placeholders {} {} {} than arguments", new Object[] { 'x', 2.5d }));
	}

	@ParameterizedTest
	@MethodSource("immutableArguments")
	void deferredTextIsLogbacksFormattedMessage(String pattern, Object[] arguments) {
		LoggingEvent event = this.events.warn(pattern, arguments);
		assertThat(DeferredMessage.arguments(event, this.settings.maxMessageLength())).isNotNull();
		assertThat(capture(event, this.settings).message()).isEqualTo(event.getFormattedMessage());
	}

	@Test
	void deferredTextDoesNotChangeWhenTheCallerRefillsItsArgumentArray() {
		Object[] arguments = { "order-1", 3 };
		BufferedEntry entry = capture(this.events.warn("order {} failed after {} attempts", arguments), this.settings);
		arguments[0] = "order-2";
		arguments[1] = 4;
		assertThat(entry.message()).isEqualTo("order order-1 failed after 3 attempts");
	}

	@Test
	void mutableArgumentIsTakenAsItsTextWhenLogged() {
		List<String> items = new ArrayList<>(List.of("a", "b"));
		StringBuilder note = new StringBuilder("first");
		LoggingEvent event = this.events.warn("items {} note {} order {}", items, note, new Order("o-1"));
		assertThat(DeferredMessage.arguments(event, this.settings.maxMessageLength())).isNotNull();
		BufferedEntry entry = capture(event, this.settings);
		items.add("c");
		note.append(" changed");
		assertThat(entry.message()).isEqualTo("items [a, b] note first order Order[number=o-1]")
			.isEqualTo(new TestEvents().warn("items {} note {} order {}", List.of("a", "b"), "first", new Order("o-1"))
				.getFormattedMessage());
	}

	@Test
	void arrayArgumentIsFormattedWhenLogged() {
		int[] codes = { 1, 2 };
		Object[] names = { "a", List.of("b") };
		LoggingEvent event = this.events.warn("codes {} names {}", codes, names);
		assertThat(DeferredMessage.arguments(event, this.settings.maxMessageLength())).isNull();
		BufferedEntry entry = capture(event, this.settings);
		codes[0] = 9;
		names[0] = "z";
		assertThat(entry.message()).isEqualTo("codes [1, 2] names [a, [b]]");
	}

	@Test
	void argumentWhoseToStringFailsIsFormattedAsLogbackDoes() {
		Object failing = new Object() {
			@Override
			public String toString() {
				throw new IllegalStateException("no text");
			}
		};
		LoggingEvent event = this.events.warn("value {} then {}", failing, "b");
		assertThat(DeferredMessage.arguments(event, this.settings.maxMessageLength())).isNull();
		assertThat(capture(event, this.settings).message()).isEqualTo("value [FAILED toString()] then b");
	}

	@Test
	void eventsOtherThanLogbacksOwnAreFormattedWhenLogged() {
		LoggingEvent event = ownWay("value {}", "formatted its own way");
		assertThat(DeferredMessage.arguments(event, this.settings.maxMessageLength())).isNull();
		assertThat(capture(event, this.settings).message()).isEqualTo("formatted its own way");
	}

	@Test
	void messageWithoutArgumentsIsTakenAsItIs() {
		LoggingEvent event = this.events.warn("nothing to format {}");
		assertThat(DeferredMessage.arguments(event, this.settings.maxMessageLength())).isNull();
		assertThat(capture(event, this.settings).message()).isEqualTo("nothing to format {}");
	}

	@Test
	void throwableTakenFromTheArgumentsIsNotPartOfTheText() {
		LoggingEvent event = this.events.warn("order {} failed", "order-1", new IllegalStateException("boom"));
		assertThat(event.getThrowableProxy()).isNotNull();
		BufferedEntry entry = capture(event, this.settings);
		assertThat(entry.message()).isEqualTo("order order-1 failed").isEqualTo(event.getFormattedMessage());
		assertThat(entry.stackTrace()).contains("IllegalStateException: boom");
	}

	@Test
	void deferredTextIsCutToTheLongestMessageKept() {
		DigestSettings settings = DigestSettings.builder().maxMessageLength(10).build();
		LoggingEvent event = this.events.warn("value {} and then some", "0123456789");
		assertThat(DeferredMessage.arguments(event, settings.maxMessageLength())).isNotNull();
		BufferedEntry deferred = capture(event, settings);
		BufferedEntry formatted = capture(ownWay("value {}", "value 0123456789 and then some"), settings);
		assertThat(deferred.message()).isEqualTo("value 0123... (20 more characters)").isEqualTo(formatted.message());
	}

	@Test
	void stringsLongerThanTheLongestMessageAreFormattedAndCutWhenLogged() {
		DigestSettings settings = DigestSettings.builder().maxMessageLength(10).build();
		LoggingEvent event = this.events.warn("{}{}", "012345", new StringBuilder("6789a"));
		assertThat(DeferredMessage.arguments(event, settings.maxMessageLength())).isNull();
		assertThat(capture(event, settings).message()).isEqualTo("0123456789... (1 more characters)");
	}

	@Test
	void digestShowsTheTextOfTheMomentEachEventWasLogged() throws InterruptedException {
		LoggerContext context = this.events.context();
		RecordingSender sender = new RecordingSender();
		MemoryDelayAppender appender = new MemoryDelayAppender();
		appender.setContext(context);
		appender.setName("DIGEST");
		appender.setSender(sender);
		appender.setFlushLevel("OFF");
		appender.setDelay("PT0S");
		appender.setMinInterval("PT0S");
		appender.start();
		Logger logger = context.getLogger("com.example.Orders");
		logger.addAppender(appender);
		List<String> basket = new ArrayList<>(List.of("apple"));
		logger.warn("order {} declined", "order-7");
		logger.warn("basket {} rejected", basket);
		basket.add("pear");
		appender.stop();
		RecordingSender.Sent sent = sender.next(WAIT);
		assertThat(sent.digest().entries()).extracting(DigestEntry::message)
			.containsExactlyInAnyOrder("order order-7 declined", "basket [apple] rejected");
	}

	record Order(String number) {

	}

}
