package io.github.memorydelay.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.RecordingSender;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.OwnLogging;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.logback.AttachedAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline: what is buffered, and how digests reach the sender on the dispatcher
 * thread.
 */
class MemoryDelayTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@TempDir
	Path temp;

	private final MutableClock clock = MutableClock.start();

	private final TestEvents events = new TestEvents(this.clock);

	/** Releases a sender that blocks, so that no dispatcher thread outlives its test. */
	private final CountDownLatch release = new CountDownLatch(1);

	/** Counted down when the dispatcher reports that a digest could not be sent. */
	private final CountDownLatch sendFailed = new CountDownLatch(1);

	/** Only manual and shutdown flushes, so that nothing is sent unless a test asks. */
	private final MemoryDelay memoryDelay = new MemoryDelay(DigestSettings.builder()
		.level(Level.WARN)
		.flushLevel(Level.OFF)
		.delay(Duration.ZERO)
		.minInterval(Duration.ZERO)
		.build(), this.clock);

	MemoryDelayTests() {
		LoggerContext context = this.events.context();
		// the dispatcher says so once, in the application's log
		AppenderBase<ILoggingEvent> failures = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				if (event.getLevel() == Level.WARN && event.getFormattedMessage().contains("could not be sent")) {
					MemoryDelayTests.this.sendFailed.countDown();
				}
			}
		};
		failures.setContext(context);
		failures.start();
		context.getLogger(OwnLogging.LOGGER_NAME).addAppender(failures);
		this.memoryDelay.setContext(context);
	}

	@AfterEach
	void shutDown() {
		this.release.countDown();
		this.memoryDelay.shutdown(WAIT);
	}

	private DigestSpool spool() {
		return new DigestSpool(this.temp.resolve("spool"));
	}

	private void start(RecordingSender sender) {
		this.memoryDelay.start(sender, spool(), RetryPolicy.defaults());
	}

	private long bufferedEvents() {
		return this.memoryDelay.status().buffer().events();
	}

	private void awaitSendFailure() throws InterruptedException {
		assertThat(this.sendFailed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
			.as("dispatcher reports the failed send")
			.isTrue();
	}

	@Test
	void eventBelowLevelIsIgnored() {
		boolean buffered = this.memoryDelay.append(this.events.event(Level.INFO, "just info").build());
		assertThat(buffered).isFalse();
		assertThat(bufferedEvents()).isZero();
	}

	@Test
	void eventAtLevelIsBuffered() {
		boolean buffered = this.memoryDelay.append(this.events.warn("a warning"));
		assertThat(buffered).isTrue();
		assertThat(bufferedEvents()).isEqualTo(1);
		assertThat(this.memoryDelay.acceptedEvents(Level.WARN)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jakarta.mail", "jakarta.mail.Transport", "org.eclipse.angus.mail.smtp.SMTPTransport",
			"org.springframework.mail.javamail.JavaMailSenderImpl", "io.github.memorydelay.logback.MemoryDelay",
			"io.github.memorydelay.pipeline.DigestDispatcher",
			"org.springframework.boot.mail.health.MailHealthIndicator",
			"org.springframework.boot.actuate.mail.MailHealthIndicator" })
	void eventFromMailStackOrOwnLoggersIsIgnored(String logger) {
		boolean buffered = this.memoryDelay
			.append(this.events.event(Level.ERROR, "SMTP failure").logger(logger).build());
		assertThat(buffered).isFalse();
		assertThat(bufferedEvents()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "io.github.memorydelay.sample.OrderController", "jakarta.mailbox.Inbox",
			"org.springframework.mailer.Client", "io.github.memorydelay.autoconfigure.UserIntegrationTests",
			"io.github.memorydelay.logback.MemoryDelayTests", "io.github.memorydelay.ContractTests" })
	void eventFromLoggerThatOnlyLooksLikeIgnoredOneIsBuffered(String logger) {
		boolean buffered = this.memoryDelay
			.append(this.events.event(Level.ERROR, "real failure").logger(logger).build());
		assertThat(buffered).isTrue();
		assertThat(bufferedEvents()).isEqualTo(1);
	}

	@Test
	void flushDeliversOneDigestOnDispatcherThread() throws Exception {
		RecordingSender sender = new RecordingSender();
		start(sender);
		this.memoryDelay.append(this.events.warn("first"));
		this.memoryDelay.append(this.events.warn("first"));
		this.memoryDelay.append(this.events.warn("second"));
		long flushed = this.memoryDelay.flush();
		assertThat(flushed).isEqualTo(3);
		RecordingSender.Sent sent = sender.next(WAIT);
		assertThat(sent).isNotNull();
		assertThat(sent.thread()).startsWith("memorydelay-dispatcher-").isNotEqualTo(Thread.currentThread().getName());
		assertThat(sent.digest().trigger()).isEqualTo(Trigger.MANUAL);
		assertThat(sent.digest().events()).isEqualTo(3);
		assertThat(sent.digest().entries()).hasSize(2);
		assertThat(bufferedEvents()).isZero();
	}

	@Test
	void flushWithEmptyBufferSendsNothing() throws Exception {
		RecordingSender sender = new RecordingSender();
		start(sender);
		assertThat(this.memoryDelay.flush()).isZero();
		this.memoryDelay.append(this.events.warn("after the empty flush"));
		assertThat(this.memoryDelay.flush()).isEqualTo(1);
		// digests are sent in order: had the empty flush sent one, it would come first
		RecordingSender.Sent first = sender.next(WAIT);
		assertThat(first.digest().sequence()).isEqualTo(1);
		assertThat(first.digest().events()).isEqualTo(1);
		assertThat(sender.pending()).isZero();
	}

	@Test
	void loggingOfSenderOnDispatcherThreadIsNotBuffered() throws Exception {
		LoggerContext context = this.events.context();
		AttachedAppender appender = new AttachedAppender(this.memoryDelay);
		appender.setContext(context);
		appender.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
		Logger smtp = context.getLogger("com.example.smtp.Transport");
		RecordingSender sender = new RecordingSender((message) -> smtp.error("SMTP server said {}", "421 busy"));
		start(sender);
		context.getLogger("com.example.orders.OrderService").warn("logged by the application");
		assertThat(bufferedEvents()).as("the appender feeds the buffer").isEqualTo(1);
		this.memoryDelay.flush();
		assertThat(sender.next(WAIT)).isNotNull();
		assertThat(bufferedEvents()).isZero();
		assertThat(this.memoryDelay.acceptedEvents(Level.ERROR)).isZero();
	}

	@Test
	void shutdownSendsDigestWithTriggerShutdown() throws Exception {
		RecordingSender sender = new RecordingSender();
		start(sender);
		this.memoryDelay.append(this.events.warn("last words"));
		assertThat(this.memoryDelay.shutdown(WAIT)).isTrue();
		RecordingSender.Sent sent = sender.next(WAIT);
		assertThat(sent).isNotNull();
		assertThat(sent.digest().trigger()).isEqualTo(Trigger.SHUTDOWN);
		assertThat(sent.digest().events()).isEqualTo(1);
	}

	@Test
	void eventAfterShutdownIsIgnored() {
		start(new RecordingSender());
		this.memoryDelay.shutdown(WAIT);
		assertThat(this.memoryDelay.append(this.events.error("too late"))).isFalse();
	}

	@Test
	void manualFlushWhileTheFirstDigestIsBeingSentWaitsForItsOutcome() throws Exception {
		CountDownLatch sending = new CountDownLatch(1);
		java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
		RecordingSender sender = new RecordingSender((message) -> {
			if (attempts.incrementAndGet() == 1) {
				sending.countDown();
				this.release.await();
				throw new IOException("SMTP server unreachable");
			}
		});
		start(sender);
		this.memoryDelay.append(this.events.warn("first"));
		assertThat(this.memoryDelay.flush()).isEqualTo(1);
		assertThat(sending.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		this.memoryDelay.append(this.events.warn("second"));
		this.memoryDelay.append(this.events.warn("third"));
		assertThat(this.memoryDelay.flush()).as("counted, not cut while the first may still fail").isEqualTo(2);
		assertThat(bufferedEvents()).isEqualTo(2);
		this.release.countDown();
		awaitSendFailure();
		assertThat(this.memoryDelay.status().buffer().holdingSince()).isNotNull();
		assertThat(bufferedEvents()).as("held, with the manual flush asked for").isEqualTo(2);
		// the server is back; a flush tries what waits at once, then sends the held
		// buffer
		this.memoryDelay.flush();
		RecordingSender.Sent first = sender.next(WAIT);
		RecordingSender.Sent second = sender.next(WAIT);
		assertThat(first.message()).startsWith("digest #1 (manual, 1 events)");
		assertThat(second.digest().trigger()).isEqualTo(Trigger.MANUAL);
		assertThat(second.digest().events()).isEqualTo(2);
		assertThat(second.digest().heldSince()).isNotNull();
		assertThat(sender.next(Duration.ofMillis(200))).as("two emails, no more").isNull();
	}

	@Test
	void manualFlushesWhileDigestsAreBeingSentAllGoOut() throws Exception {
		// no trigger but the manual one: a flush asked for just as the dispatcher went
		// to sleep after a send would wait for its next timer (30 s)
		RecordingSender sender = new RecordingSender();
		start(sender);
		for (int round = 0; round < 3_000; round++) {
			this.memoryDelay.append(this.events.warn("round " + round));
			this.memoryDelay.flush();
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (bufferedEvents() > 0) {
				assertThat(System.nanoTime()).as("round %d cut within %s", round, WAIT).isLessThan(deadline);
				Thread.onSpinWait();
			}
		}
		for (int digest = 0; digest < 3_000; digest++) {
			assertThat(sender.next(WAIT)).as("digest %d", digest).isNotNull();
		}
	}

	@Test
	void digestThatCannotBeSentIsSpooled() throws Exception {
		RecordingSender sender = new RecordingSender((message) -> {
			throw new IOException("SMTP server unreachable");
		});
		start(sender);
		this.memoryDelay.append(this.events.warn("nobody hears this yet"));
		this.memoryDelay.flush();
		awaitSendFailure();
		assertThat(spool().list()).singleElement().satisfies((file) -> {
			assertThat(file.getFileName().toString()).endsWith(".eml");
			assertThat(Files.readString(file, StandardCharsets.UTF_8)).startsWith("digest #1 (manual, 1 events)");
		});
		MemoryDelayStatus status = this.memoryDelay.status();
		assertThat(status.waiting()).isEqualTo(1);
		assertThat(status.nextRetryAt()).isEqualTo(this.clock.instant().plus(RetryPolicy.defaults().initialInterval()));
		assertThat(status.delivery().sendFailures()).isEqualTo(1);
		assertThat(status.delivery().digestsSent()).isZero();
	}

	@Test
	void shutdownWithBlockedSenderGivesUpInTimeAndSpools() throws Exception {
		CountDownLatch sending = new CountDownLatch(1);
		RecordingSender sender = new RecordingSender((message) -> {
			sending.countDown();
			this.release.await();
		});
		start(sender);
		this.memoryDelay.append(this.events.error("stuck"));
		this.memoryDelay.flush();
		assertThat(sending.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		long start = System.nanoTime();
		boolean completed = this.memoryDelay.shutdown(Duration.ofMillis(300));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(completed).isFalse();
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
		assertThat(spool().list()).hasSize(1);
		// the interrupted dispatcher reports the failure too, and must not spool the
		// message again
		awaitSendFailure();
		assertThat(spool().list()).singleElement()
			.satisfies((file) -> assertThat(Files.readString(file)).startsWith("digest #1 (manual, 1 events)"));
	}

	@Test
	void heldBufferThatCannotBeReadIsKeptAsideAndStartGoesOn() throws Exception {
		Path folder = this.temp.resolve("spool");
		Files.createDirectories(folder);
		Files.write(folder.resolve("digest-0000000000001-1-000001.held"), new byte[] { 1, 2, 3 });
		start(new RecordingSender());
		assertThat(Files.list(folder).map((file) -> file.getFileName().toString()))
			.anySatisfy((name) -> assertThat(name).endsWith(".held.corrupt"))
			.noneSatisfy((name) -> assertThat(name).endsWith(".held"));
		assertThat(this.memoryDelay.append(this.events.warn("still buffered"))).isTrue();
	}

	@Test
	void spooledDigestIsSentAtStartAndRemoved() throws Exception {
		DigestSpool spool = spool();
		spool.store("digest left by an earlier run".getBytes(StandardCharsets.UTF_8));
		RecordingSender sender = new RecordingSender();
		this.memoryDelay.start(sender, spool, RetryPolicy.defaults());
		RecordingSender.Sent sent = sender.next(WAIT);
		assertThat(sent).isNotNull();
		assertThat(sent.message()).isEqualTo("digest left by an earlier run");
		assertThat(sent.thread()).startsWith("memorydelay-dispatcher-");
		// stopping joins the dispatcher, which deletes the file right after sending it
		assertThat(this.memoryDelay.shutdown(WAIT)).isTrue();
		assertThat(spool.list()).isEmpty();
		assertThat(this.memoryDelay.statistics().digestsSent()).isEqualTo(1);
	}

}
