package io.github.memorydelay.pipeline;

import java.time.Duration;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.policy.Silences;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An engine on a {@link MutableClock} with silences of its own, as the silence and the
 * quiet-hours tests drive it.
 */
final class EngineFixture {

	final MutableClock clock = MutableClock.start();

	final TestEvents events = new TestEvents(this.clock);

	final Silences silences = new Silences(this.clock);

	/**
	 * Level trigger at ERROR, capacity 1,000, delay 10 s, no minimum interval.
	 */
	static DigestSettings.Builder settings() {
		return DigestSettings.builder()
			.flushLevel(Level.ERROR)
			.capacity(1000)
			.delay(Duration.ofSeconds(10))
			.minInterval(Duration.ZERO);
	}

	DigestEngine engine(DigestSettings.Builder settings) {
		return new DigestEngine(settings.build(), this.clock, this.silences);
	}

	void silence(DigestEngine engine, ILoggingEvent event, Duration duration) {
		this.silences.silence(Fingerprint.of(event).id(), duration, "known");
		engine.applySilences();
	}

	static void assertAccounted(Digest digest) {
		assertThat(digest.events()).isEqualTo(digest.shownEvents() + digest.notShownEvents() + digest.silenced());
	}

}
