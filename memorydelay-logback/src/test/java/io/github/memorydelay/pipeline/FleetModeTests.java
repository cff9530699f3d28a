package io.github.memorydelay.pipeline;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.Await;
import io.github.memorydelay.RecordingSender;
import io.github.memorydelay.RecordingSender.Sent;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.fleet.FleetSettings;
import io.github.memorydelay.jdbc.JdbcFleetStore;
import io.github.memorydelay.jdbc.JdbcFleetStore.SchemaInitialization;
import io.github.memorydelay.jdbc.TestDatabases;
import io.github.memorydelay.render.DigestTextRenderer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet mode with several pipelines in one JVM sharing one H2 database: each pipeline is
 * an instance, as {@link MemoryDelay#append} is fed directly and needs no Logback context
 * of its own.
 */
class FleetModeTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final SwitchableDataSource dataSource = new SwitchableDataSource(TestDatabases.h2());

	private final String prefix = TestDatabases.uniquePrefix();

	private final JdbcFleetStore inspector = new JdbcFleetStore(this.dataSource.target, "shop", this.prefix,
			SchemaInitialization.ALWAYS, Duration.ofSeconds(2));

	private final TestEvents events = new TestEvents();

	private final List<MemoryDelay> pipelines = new ArrayList<>();

	@AfterEach
	void stopAll() {
		this.dataSource.up();
		for (MemoryDelay pipeline : this.pipelines) {
			pipeline.shutdown(Duration.ofSeconds(5));
		}
	}

	private MemoryDelay instance(String name, RecordingSender sender, DigestSettings.Builder settings) {
		MemoryDelay pipeline = new MemoryDelay(settings.application("shop").host(name).build());
		FleetSettings fleet = FleetSettings.of(name, Duration.ofMillis(500))
			.withTimings(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(4));
		pipeline.start(sender, null, RetryPolicy.defaults(), new JdbcFleetStore(this.dataSource, "shop", this.prefix,
				SchemaInitialization.EMBEDDED, fleet.timeout()), fleet);
		this.pipelines.add(pipeline);
		return pipeline;
	}

	private static DigestSettings.Builder settings() {
		return DigestSettings.builder()
			.flushLevel(Level.ERROR)
			.delay(Duration.ofMinutes(10))
			.minInterval(Duration.ZERO);
	}

	private void awaitFleetEvents(long count) {
		this.inspector.initialize();
		Await.until("the fleet's buffer to hold " + count + " events", () -> this.inspector.state().events() == count);
	}

	private static Sent next(RecordingSender... senders) {
		Sent[] found = new Sent[1];
		Await.until("a digest", () -> {
			for (RecordingSender sender : senders) {
				if (sender.pending() > 0) {
					try {
						found[0] = sender.next(Duration.ZERO);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					return true;
				}
			}
			return false;
		});
		return found[0];
	}

	@Test
	void eventsOfTwoInstancesGoOutInOneDigestWithTheirCounts() {
		RecordingSender senderA = new RecordingSender();
		RecordingSender senderB = new RecordingSender();
		MemoryDelay a = instance("a", senderA, settings());
		MemoryDelay b = instance("b", senderB, settings());
		a.append(this.events.warn("Disk low"));
		b.append(this.events.warn("Disk low"));
		b.append(this.events.warn("Disk low"));
		awaitFleetEvents(3);
		b.append(this.events.error("Payment failed"));
		Digest digest = next(senderA, senderB).digest();
		assertThat(digest.trigger()).isEqualTo(Trigger.LEVEL);
		assertThat(digest.events()).isEqualTo(4);
		assertThat(digest.fleet().instances()).containsExactly("a", "b");
		DigestEntry warn = digest.entries().stream().filter((entry) -> entry.level() == Level.WARN).findFirst().get();
		assertThat(warn.count()).isEqualTo(3);
		assertThat(digest.fleet().byEntry().get(warn.id()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("a", 1L, "b", 2L));
		Await.until("the delivered digest to leave the fleet's buffer", () -> this.inspector.read().isEmpty());
		assertThat(senderA.pending() + senderB.pending()).isZero();
	}

	@Test
	void aManualFlushOnAnyInstanceSendsTheFleetsBuffer() {
		RecordingSender senderA = new RecordingSender();
		RecordingSender senderB = new RecordingSender();
		MemoryDelay a = instance("a", senderA, settings());
		MemoryDelay b = instance("b", senderB, settings());
		a.append(this.events.warn("Slow query"));
		b.append(this.events.warn("Cache miss"));
		awaitFleetEvents(2);
		assertThat(b.flush()).isEqualTo(2);
		Digest digest = next(senderA, senderB).digest();
		assertThat(digest.trigger()).isEqualTo(Trigger.MANUAL);
		assertThat(digest.events()).isEqualTo(2);
		assertThat(digest.fleet().instances()).containsExactly("a", "b");
		Await.until("the delivered digest to leave the fleet's buffer", () -> this.inspector.read().isEmpty());
		assertThat(a.flush()).isZero();
	}

	@Test
	void aRollingStopSendsOneShutdownDigestFromTheLastInstance() {
		RecordingSender senderA = new RecordingSender();
		RecordingSender senderB = new RecordingSender();
		MemoryDelay a = instance("a", senderA, settings());
		MemoryDelay b = instance("b", senderB, settings());
		b.append(this.events.warn("Cache miss"));
		awaitFleetEvents(1);
		a.append(this.events.warn("Slow query"));
		a.shutdown(Duration.ofSeconds(5));
		assertThat(senderA.pending()).isZero();
		assertThat(this.inspector.state().events()).isEqualTo(2);
		b.shutdown(Duration.ofSeconds(5));
		assertThat(senderA.pending()).isZero();
		assertThat(senderB.pending()).isEqualTo(1);
		Digest digest = next(senderB).digest();
		assertThat(digest.trigger()).isEqualTo(Trigger.SHUTDOWN);
		assertThat(digest.events()).isEqualTo(2);
		assertThat(digest.fleet().instances()).containsExactly("a", "b");
		assertThat(this.inspector.read().isEmpty()).isTrue();
	}

	@Test
	void anInstanceGoesOnAloneWithinTheTimeoutWhenTheDatabaseHangsAndRejoinsAfter() {
		RecordingSender sender = new RecordingSender();
		MemoryDelay a = instance("a", sender, settings());
		Await.until("a to join the fleet", () -> a.fleetStatus().available());
		this.dataSource.down();
		long start = System.nanoTime();
		a.append(this.events.error("Payment failed"));
		Digest digest = next(sender).digest();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		assertThat(digest.events()).isEqualTo(1);
		assertThat(a.fleetStatus().available()).isFalse();
		this.dataSource.up();
		Await.until("a to rejoin the fleet", () -> a.fleetStatus().available());
		a.append(this.events.warn("Slow query"));
		awaitFleetEvents(1);
	}

	@Test
	void aDigestSentAloneSaysThatTheFleetStoreWasUnavailable() {
		RecordingSender sender = new RecordingSender();
		this.dataSource.down();
		MemoryDelay a = instance("a", sender, settings());
		a.append(this.events.error("Payment failed"));
		Digest digest = next(sender).digest();
		assertThat(digest.events()).isEqualTo(1);
		assertThat(a.fleetStatus().available()).isFalse();
		assertThat(digest.fleet().isAlone()).isTrue();
		assertThat(digest.fleet().instances()).containsExactly("a");
		assertThat(new DigestTextRenderer(ZoneOffset.UTC).render(digest))
			.contains("Fleet:       The fleet store was unavailable since");
	}

	@Test
	void aSilenceSetOnOneInstanceAppliesToTheWholeFleet() {
		RecordingSender senderA = new RecordingSender();
		RecordingSender senderB = new RecordingSender();
		MemoryDelay a = instance("a", senderA, settings());
		MemoryDelay b = instance("b", senderB, settings());
		b.append(this.events.warn("Disk low"));
		awaitFleetEvents(1);
		String id = this.inspector.read().entries().get(0).entry().id();
		a.silence(id, Duration.ofHours(1), "known");
		Await.until("the silence to reach b",
				() -> b.silences().stream().anyMatch((silence) -> silence.id().equals(id)));
		b.append(this.events.warn("Disk low"));
		Await.until("b's silenced event to be counted", () -> this.inspector.read().silenced() == 1);
		a.append(this.events.error("Payment failed"));
		Digest digest = next(senderA, senderB).digest();
		assertThat(digest.entries()).extracting(DigestEntry::level).containsExactly(Level.ERROR);
		assertThat(digest.silenced()).isEqualTo(2);
		assertThat(digest.events()).isEqualTo(3);
		b.endSilence(id);
		Await.until("the end of the silence to reach a", () -> a.silences().isEmpty());
	}

	@Test
	void anEntryReportedByOneInstanceIsRecurringInTheDigestOfAnother() {
		RecordingSender senderA = new RecordingSender();
		RecordingSender senderB = new RecordingSender();
		MemoryDelay a = instance("a", senderA, settings());
		MemoryDelay b = instance("b", senderB, settings());
		a.append(this.events.error("Payment failed"));
		Await.until("a digest", () -> senderA.pending() + senderB.pending() > 0);
		boolean sentByA = senderA.pending() > 0;
		Sent first = next(senderA, senderB);
		assertThat(first.digest().entries().get(0).isNew()).isTrue();
		Await.until("the digest to leave the fleet's buffer", () -> this.inspector.read().isEmpty());
		// the instance that sent it stops: the other one, with an empty history of its
		// own, sends the next
		MemoryDelay other = sentByA ? b : a;
		RecordingSender otherSender = sentByA ? senderB : senderA;
		(sentByA ? a : b).shutdown(Duration.ofSeconds(5));
		other.append(this.events.error("Payment failed"));
		Digest second = next(otherSender).digest();
		assertThat(second.entries()).hasSize(1);
		assertThat(second.entries().get(0).isNew()).isFalse();
		assertThat(second.entries().get(0).firstReported()).isNotNull();
	}

	@Test
	void oneHistoryMarksADigestTheFleetsForTheFleetsDigests() {
		RecordingSender sender = new RecordingSender();
		this.dataSource.down();
		MemoryDelay a = instance("a", sender, settings());
		a.append(this.events.error("Payment failed"));
		Digest alone = next(sender).digest();
		assertThat(alone.fleet().isAlone()).isTrue();
		assertThat(alone.entries().get(0).isNew()).isTrue();
		a.append(this.events.error("Payment failed"));
		Digest aloneAgain = next(sender).digest();
		assertThat(aloneAgain.entries().get(0).isNew()).as("marked by the instance's own history").isFalse();
		this.dataSource.up();
		Await.until("a to rejoin the fleet", () -> a.fleetStatus().available());
		a.append(this.events.error("Payment failed"));
		Digest ofTheFleet = next(sender).digest();
		assertThat(ofTheFleet.fleet().isAlone()).isFalse();
		assertThat(ofTheFleet.entries().get(0).isNew()).as("the fleet's history never saw it").isTrue();
	}

	/**
	 * A data source that can be made to hang, as a database behind a dead network does.
	 */
	static final class SwitchableDataSource implements DataSource {

		private final DataSource target;

		private volatile boolean down;

		SwitchableDataSource(DataSource target) {
			this.target = target;
		}

		void down() {
			this.down = true;
		}

		synchronized void up() {
			this.down = false;
			notifyAll();
		}

		@Override
		public Connection getConnection() throws SQLException {
			synchronized (this) {
				while (this.down) {
					try {
						wait();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new SQLException("interrupted while the database hangs", ex);
					}
				}
			}
			return this.target.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			return getConnection();
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> iface) throws SQLException {
			throw new SQLException("not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> iface) {
			return false;
		}

	}

}
