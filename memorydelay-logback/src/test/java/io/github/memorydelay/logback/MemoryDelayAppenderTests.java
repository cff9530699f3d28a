package io.github.memorydelay.logback;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import ch.qos.logback.core.status.Status;
import io.github.memorydelay.RecordingSender;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The appender on its own, as {@code logback.xml} would declare it, and its attachment to
 * a logger context that gets reset.
 */
class MemoryDelayAppenderTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final LoggerContext context = TestEvents.newContext();

	private final Logger logger = this.context.getLogger("com.example.Standalone");

	private MemoryDelay memoryDelay;

	@AfterEach
	void detach() {
		if (this.memoryDelay != null) {
			LogbackAttachment.of(this.memoryDelay).detach();
			this.memoryDelay.shutdown(Duration.ofSeconds(1));
		}
	}

	/**
	 * An appender as {@code logback.xml} declares it, with its own pipeline that sends
	 * only when it stops, not started yet.
	 */
	private MemoryDelayAppender standalone(RecordingSender sender) {
		MemoryDelayAppender appender = new MemoryDelayAppender();
		appender.setContext(this.context);
		appender.setName("DIGEST");
		appender.setSender(sender);
		appender.setFlushLevel("OFF");
		appender.setDelay("PT0S");
		appender.setMinInterval("PT0S");
		return appender;
	}

	@Test
	void standaloneAppenderSendsWhatIsBufferedWhenItStops() throws InterruptedException {
		RecordingSender sender = new RecordingSender();
		MemoryDelayAppender appender = standalone(sender);
		appender.start();
		this.context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
		this.logger.warn("kept until the appender stops");
		this.logger.warn("kept until the appender stops");
		this.logger.info("below the level");
		assertThat(sender.next(Duration.ofMillis(100))).isNull();
		appender.stop();
		RecordingSender.Sent sent = sender.next(WAIT);
		assertThat(sent.digest().trigger()).isEqualTo(Trigger.SHUTDOWN);
		assertThat(sent.digest().events()).isEqualTo(2);
		assertThat(sent.digest().entries()).hasSize(1);
	}

	@Test
	void eventsBelowTheLevelNeverReachTheAppendersFilters() throws InterruptedException {
		RecordingSender sender = new RecordingSender();
		MemoryDelayAppender appender = standalone(sender);
		List<String> filtered = new CopyOnWriteArrayList<>();
		appender.addFilter(new Filter<>() {
			@Override
			public FilterReply decide(ILoggingEvent event) {
				filtered.add(event.getFormattedMessage());
				return event.getFormattedMessage().startsWith("denied") ? FilterReply.DENY : FilterReply.NEUTRAL;
			}
		});
		appender.start();
		this.context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
		this.logger.info("below the level");
		this.logger.warn("denied by the filter");
		this.logger.warn("kept");
		this.logger.error("kept too");
		appender.stop();
		RecordingSender.Sent sent = sender.next(WAIT);
		assertThat(filtered).containsExactly("denied by the filter", "kept", "kept too");
		assertThat(sent.digest().entries()).extracting(DigestEntry::message)
			.containsExactlyInAnyOrder("kept", "kept too");
	}

	@Test
	void appenderWithoutSenderRefusesToStart() {
		MemoryDelayAppender appender = new MemoryDelayAppender();
		appender.setContext(this.context);
		appender.setName("DIGEST");
		appender.start();
		assertThat(appender.isStarted()).isFalse();
		assertThat(this.context.getStatusManager().getCopyOfStatusList())
			.anySatisfy((status) -> assertThat(status.getLevel()).isEqualTo(Status.ERROR))
			.anySatisfy((status) -> assertThat(status.getMessage()).contains("No sender set"));
	}

	@Test
	void attachedAppenderFeedsItsPipelineAndStoppingItLosesNothing() {
		this.memoryDelay = new MemoryDelay(DigestSettings.builder().build());
		AttachedAppender appender = new AttachedAppender(this.memoryDelay);
		appender.setContext(this.context);
		appender.setName("FED");
		appender.start();
		this.logger.addAppender(appender);
		this.logger.info("below the pipeline's level");
		this.logger.warn("fed");
		appender.stop();
		this.logger.detachAppender(appender);
		assertThat(appender.getMemoryDelay()).isSameAs(this.memoryDelay);
		assertThat(this.memoryDelay.status().buffer().events()).isEqualTo(1);
		assertThat(this.memoryDelay.isShutDown()).isFalse();
	}

	@Test
	void appenderWithAnUnknownSubjectPlaceholderRefusesToStart() {
		MemoryDelayAppender appender = new MemoryDelayAppender();
		appender.setContext(this.context);
		appender.setName("DIGEST");
		appender.setSender(new RecordingSender());
		appender.setSubject("[{app}] {nope}");
		appender.start();
		assertThat(appender.isStarted()).isFalse();
		assertThat(this.context.getStatusManager().getCopyOfStatusList())
			.anySatisfy((status) -> assertThat(status.getMessage()).contains("<subject>").contains("{nope}"));
	}

	@Test
	void appenderWithABadOptionRefusesToStartAndNamesIt() {
		MemoryDelayAppender appender = new MemoryDelayAppender();
		appender.setContext(this.context);
		appender.setName("DIGEST");
		appender.setSender(new RecordingSender());
		appender.setLevel("VERBOSE");
		appender.setDelay("60 seconds");
		appender.start();
		assertThat(appender.isStarted()).isFalse();
		assertThat(this.context.getStatusManager().getCopyOfStatusList())
			.anySatisfy((status) -> assertThat(status.getMessage()).contains("<level>").contains("[VERBOSE]"))
			.noneSatisfy((status) -> assertThat(status.getMessage()).contains("<delay>"));
	}

	@Test
	void aBrokenRuleSaysWhatToDoInTheWordsOfLogbackXml() {
		MemoryDelayAppender appender = new MemoryDelayAppender();
		appender.setContext(this.context);
		appender.setName("DIGEST");
		appender.setSender(new RecordingSender());
		appender.setCapacity("0");
		appender.start();
		assertThat(appender.isStarted()).isFalse();
		assertThat(this.context.getStatusManager().getCopyOfStatusList()).anySatisfy((status) -> assertThat(
				status.getMessage())
			.contains("option <capacity> has [0]: the capacity must be greater than 0. Set <capacity> to the number "
					+ "of distinct entries a digest may hold, for example 128, or remove it to use the default (128)."));
	}

	@Test
	void attachingTwiceAddsOneAppender() {
		this.memoryDelay = new MemoryDelay(DigestSettings.builder().build());
		LogbackAttachment attachment = LogbackAttachment.of(this.memoryDelay);
		assertThat(attachment.attach(this.context)).isTrue();
		assertThat(attachment.attach(this.context)).isFalse();
		LogbackAttachment.reattachAll(this.context);
		assertThat(appenders()).filteredOn((appender) -> appender.getName().equals(attachment.appenderName()))
			.hasSize(1);
		this.logger.warn("once");
		assertThat(this.memoryDelay.status().buffer().events()).isEqualTo(1);
	}

	@Test
	void resetLoggerContextGetsTheAppenderBackAndTheBufferKeepsItsEvents() {
		this.memoryDelay = new MemoryDelay(DigestSettings.builder().build());
		LogbackAttachment attachment = LogbackAttachment.of(this.memoryDelay);
		attachment.attach(this.context);
		this.logger.warn("before the reset");
		this.context.reset();
		assertThat(attachment.isAttached(this.context)).isFalse();
		this.context.getLogger("com.example.Standalone").warn("while detached");
		assertThat(LogbackAttachment.reattachAll(this.context)).isGreaterThanOrEqualTo(1);
		assertThat(attachment.isAttached(this.context)).isTrue();
		this.context.getLogger("com.example.Standalone").warn("after the reset");
		assertThat(this.memoryDelay.status().buffer().events()).isEqualTo(2);
		assertThat(this.memoryDelay.status().buffer().entries()).isEqualTo(2);
	}

	@Test
	void detachedPipelineIsNotAttachedAgain() {
		this.memoryDelay = new MemoryDelay(DigestSettings.builder().build());
		LogbackAttachment attachment = LogbackAttachment.of(this.memoryDelay);
		attachment.attach(this.context);
		attachment.detach();
		assertThat(attachment.isAttached(this.context)).isFalse();
		LogbackAttachment.reattachAll(this.context);
		assertThat(attachment.isAttached(this.context)).isFalse();
		this.logger.warn("not buffered");
		assertThat(this.memoryDelay.status().buffer().events()).isZero();
	}

	private java.util.List<Appender<ILoggingEvent>> appenders() {
		java.util.List<Appender<ILoggingEvent>> list = new java.util.ArrayList<>();
		Iterator<Appender<ILoggingEvent>> it = this.context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
		it.forEachRemaining(list::add);
		return list;
	}

}
