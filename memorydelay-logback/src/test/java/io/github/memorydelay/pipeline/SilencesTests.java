package io.github.memorydelay.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.policy.Silence;
import io.github.memorydelay.policy.Silences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Silences: what {@link DigestEngine} does with the events of a silenced entry, and how
 * silences are kept, driven by a {@link MutableClock}.
 */
class SilencesTests {

	private final EngineFixture fixture = new EngineFixture();

	@Test
	void silencedEventsTriggerNoLevelCapacityOrDelayDigest() {
		DigestEngine engine = this.fixture.engine(EngineFixture.settings().capacity(2));
		this.fixture.silence(engine, this.fixture.events.error("Payment gateway down"), Duration.ofHours(2));
		for (int i = 0; i < 5; i++) {
			assertThat(engine.add(this.fixture.events.error("Payment gateway down"))).isFalse();
		}
		assertThat(engine.nextFlushAt()).isNull();
		this.fixture.clock.advance(Duration.ofMinutes(30));
		assertThat(engine.flushIfDue()).isNull();
		assertThat(engine.flush(Trigger.MANUAL)).as("only silenced events: nothing to send").isNull();
		assertThat(engine.status().events()).isEqualTo(5);
		assertThat(engine.status().silenced()).isEqualTo(5);
		assertThat(engine.status().entries()).isZero();
		assertThat(engine.entries()).isEmpty();
		engine.add(this.fixture.events.warn("Coupon service slow"));
		assertThat(engine.nextFlushAt()).isEqualTo(this.fixture.clock.instant().plusSeconds(10));
		this.fixture.clock.advance(Duration.ofSeconds(10));
		Digest digest = engine.flushIfDue();
		assertThat(digest.trigger()).isEqualTo(Trigger.DELAY);
		assertThat(digest.entries()).extracting(DigestEntry::message).containsExactly("Coupon service slow");
		assertThat(digest.silenced()).isEqualTo(5);
		assertThat(digest.events()).isEqualTo(6);
		EngineFixture.assertAccounted(digest);
		assertThat(engine.status().events()).isZero();
	}

	@Test
	void silenceAppliesAtOnceToBufferedEvents() {
		DigestEngine engine = this.fixture
			.engine(EngineFixture.settings().delay(Duration.ZERO).minInterval(Duration.ofMinutes(5)));
		engine.add(this.fixture.events.warn("Coupon service slow"));
		engine.flush(Trigger.MANUAL);
		ILoggingEvent boom = this.fixture.events.error("Payment gateway down");
		engine.add(boom);
		engine.add(this.fixture.events.error("Payment gateway down"));
		assertThat(engine.status().pendingTrigger()).isEqualTo(Trigger.LEVEL);
		assertThat(engine.nextFlushAt()).isNotNull();
		this.fixture.silence(engine, boom, Duration.ofHours(1));
		assertThat(engine.status().pendingTrigger()).isNull();
		assertThat(engine.nextFlushAt()).isNull();
		assertThat(engine.entries()).isEmpty();
		assertThat(engine.status().silenced()).isEqualTo(2);
		engine.add(this.fixture.events.error("Payment gateway down"));
		assertThat(engine.status().silenced()).isEqualTo(3);
		assertThat(engine.nextFlushAt()).isNull();
	}

	@Test
	void silenceEndsAtItsTimeByTheClock() {
		DigestEngine engine = this.fixture.engine(EngineFixture.settings());
		this.fixture.silence(engine, this.fixture.events.error("Payment gateway down"), Duration.ofHours(1));
		engine.add(this.fixture.events.error("Payment gateway down"));
		engine.add(this.fixture.events.error("Payment gateway down"));
		this.fixture.clock.advance(Duration.ofMinutes(59));
		engine.add(this.fixture.events.error("Payment gateway down"));
		assertThat(engine.nextFlushAt()).isNull();
		this.fixture.clock.advance(Duration.ofMinutes(1));
		assertThat(this.fixture.silences.active()).isEmpty();
		assertThat(engine.add(this.fixture.events.error("Payment gateway down"))).isTrue();
		Digest digest = engine.flushIfDue();
		assertThat(digest.trigger()).isEqualTo(Trigger.LEVEL);
		assertThat(digest.entries()).singleElement().satisfies((entry) -> assertThat(entry.count()).isEqualTo(1));
		assertThat(digest.silenced()).isEqualTo(3);
		EngineFixture.assertAccounted(digest);
	}

	@Test
	void endedSilenceShowsTheNextEventsAgain() {
		DigestEngine engine = this.fixture.engine(EngineFixture.settings());
		ILoggingEvent boom = this.fixture.events.error("Payment gateway down");
		this.fixture.silence(engine, boom, Duration.ofHours(1));
		engine.add(this.fixture.events.error("Payment gateway down"));
		this.fixture.silences.end(Fingerprint.of(boom).id());
		engine.applySilences();
		assertThat(engine.add(this.fixture.events.error("Payment gateway down"))).isTrue();
		Digest digest = engine.flushIfDue();
		assertThat(digest.entries()).hasSize(1);
		assertThat(digest.silenced()).isEqualTo(1);
	}

	@Test
	void accountingStaysExactWithAFullBuffer() {
		DigestEngine engine = this.fixture
			.engine(EngineFixture.settings().capacity(3).flushLevel(Level.OFF).delay(Duration.ZERO));
		ILoggingEvent first = this.fixture.events.warn("warning " + TestEvents.word(0));
		engine.add(first);
		for (int i = 1; i < 6; i++) {
			engine.add(this.fixture.events.warn("warning " + TestEvents.word(i)));
		}
		this.fixture.silence(engine, first, Duration.ofHours(1));
		this.fixture.silence(engine, this.fixture.events.warn("warning " + TestEvents.word(5)), Duration.ofHours(1));
		for (int i = 0; i < 8; i++) {
			engine.add(this.fixture.events.warn("warning " + TestEvents.word(i)));
		}
		Digest digest = engine.flush(Trigger.MANUAL);
		assertThat(digest.events()).isEqualTo(14);
		assertThat(digest.silenced()).isEqualTo(3);
		EngineFixture.assertAccounted(digest);
		assertThat(digest.entries()).extracting(DigestEntry::message)
			.doesNotContain("warning " + TestEvents.word(0), "warning " + TestEvents.word(5));
	}

	@Test
	void silencesAreKeptInTheSpoolFolderAndADamagedFileLeavesNone(@TempDir Path directory) throws Exception {
		DigestSpool spool = new DigestSpool(directory);
		this.fixture.silences.load(spool);
		this.fixture.silences.silence("0123456789abc", Duration.ofHours(2), "known\tfix\ndeploying");
		this.fixture.silences.silence("abcdefgh", Duration.ofMinutes(5), null);
		Path file = directory.resolve(Silences.FILE_NAME);
		assertThat(file).exists();
		assertThat(Files.list(directory)).as("no temporary file left").containsExactly(file);
		Silences restarted = new Silences(this.fixture.clock);
		restarted.load(spool);
		assertThat(restarted.active()).extracting(Silence::id).containsExactly("abcdefgh", "0123456789abc");
		assertThat(restarted.active().get(1).comment()).isEqualTo("known fix deploying");
		this.fixture.clock.advance(Duration.ofMinutes(5));
		assertThat(restarted.active()).extracting(Silence::id).containsExactly("0123456789abc");
		assertThat(restarted.end("0123456789abc")).isNotNull();
		assertThat(new Silences(this.fixture.clock)).satisfies((fresh) -> {
			fresh.load(spool);
			assertThat(fresh.active()).isEmpty();
		});
		Files.writeString(file, "0123456789abc\t99999999999999\tok\ngarbage\n");
		Silences damaged = new Silences(this.fixture.clock);
		damaged.load(spool);
		assertThat(damaged.active()).as("no silence of a damaged file applies").isEmpty();
	}

	@Test
	void silencesRefuseBadIdsAndDurations() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.fixture.silences.silence("UPPER123", Duration.ofHours(1), null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.fixture.silences.silence("short", Duration.ofHours(1), null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.fixture.silences.silence("abcdefgh", Duration.ZERO, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.fixture.silences.silence("abcdefgh", Duration.ofDays(30).plusSeconds(1), null));
		assertThat(this.fixture.silences.silence("abcdefgh", Duration.ofDays(30), " ").comment()).isNull();
	}

}
