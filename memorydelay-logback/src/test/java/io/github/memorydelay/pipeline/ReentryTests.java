package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.logback.AttachedAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-entry: a log call made while the appender handles an event (here, by the
 * {@code toString()} of a log argument, which the pipeline calls on the logging thread)
 * reaches the application's other appenders, but is not buffered, nor does it recurse.
 * The outer event is buffered: exactly one.
 */
class ReentryTests {

	private final MutableClock clock = MutableClock.start();

	private final LoggerContext context = new TestEvents(this.clock).context();

	private final MemoryDelay memoryDelay = new MemoryDelay(DigestSettings.builder()
		.level(Level.WARN)
		.flushLevel(Level.OFF)
		.delay(Duration.ZERO)
		.minInterval(Duration.ZERO)
		.build(), this.clock);

	private final ListAppender<ILoggingEvent> everything = new ListAppender<>();

	@AfterEach
	void shutdown() {
		this.memoryDelay.shutdown(Duration.ofSeconds(5));
	}

	@Test
	void anEventLoggedWhileTheAppenderHandlesAnotherIsNotBuffered() {
		AttachedAppender appender = new AttachedAppender(this.memoryDelay);
		appender.setContext(this.context);
		appender.start();
		this.everything.setContext(this.context);
		this.everything.start();
		Logger root = this.context.getLogger(Logger.ROOT_LOGGER_NAME);
		root.addAppender(appender);
		root.addAppender(this.everything);
		Logger orders = this.context.getLogger("com.example.orders.OrderService");
		Logger audit = this.context.getLogger("com.example.audit.Audit");
		Object order = new Object() {

			@Override
			public String toString() {
				audit.warn("order {} was read while logging", "A-17");
				return "A-17";
			}

		};
		orders.warn("Order {} is late", order);
		List<DigestEntry> buffered = this.memoryDelay.bufferedEntries();
		assertThat(this.memoryDelay.status().buffer().events()).as("the outer event only").isEqualTo(1);
		assertThat(buffered).singleElement().satisfies((entry) -> {
			assertThat(entry.logger()).isEqualTo("com.example.orders.OrderService");
			assertThat(entry.message()).isEqualTo("Order A-17 is late");
		});
		assertThat(this.everything.list).extracting(ILoggingEvent::getLoggerName)
			.as("the inner event reached the other appender")
			.contains("com.example.audit.Audit", "com.example.orders.OrderService");
	}

}
