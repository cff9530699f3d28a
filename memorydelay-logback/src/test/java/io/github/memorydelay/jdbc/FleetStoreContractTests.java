package io.github.memorydelay.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.Await;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.fleet.FleetStore.FleetContent;
import io.github.memorydelay.fleet.FleetStore.FleetEntry;
import io.github.memorydelay.fleet.FleetStore.FleetState;
import io.github.memorydelay.fleet.FleetStoreException;
import io.github.memorydelay.jdbc.JdbcFleetStore.SchemaInitialization;
import io.github.memorydelay.policy.Silence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What every database must do for fleet mode, run on H2 and on a real PostgreSQL by the
 * subclasses.
 */
abstract class FleetStoreContractTests {

	private static final Instant T0 = Instant.parse("2025-03-14T09:00:00Z");

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Duration LONG = Duration.ofMinutes(5);

	protected String prefix;

	protected JdbcFleetStore store;

	protected abstract DataSource dataSource();

	@BeforeEach
	void createStore() {
		this.prefix = TestDatabases.uniquePrefix();
		this.store = store("shop");
		this.store.initialize();
	}

	JdbcFleetStore store(String application) {
		return new JdbcFleetStore(dataSource(), application, this.prefix, SchemaInitialization.ALWAYS, TIMEOUT);
	}

	static DigestEntry entry(String id, Level level, long count, Instant first, Instant last, String message) {
		return new DigestEntry(level, "com.example.Orders", count, first, last, "http-" + message, message,
				Map.of("order", "42", "odd=key", "line\nbreak"), "", id,
				io.github.memorydelay.digest.Timeline.between(first, last, count), null);
	}

	@Test
	void entriesOfTwoInstancesMergeWithCountsPerInstance() {
		this.store.push("a",
				List.of(entry("aaaaaaaaaaaaa", Level.ERROR, 2, T0.plusSeconds(5), T0.plusSeconds(9), "from a")),
				Map.of(), 0, LONG);
		this.store.push("b",
				List.of(entry("aaaaaaaaaaaaa", Level.ERROR, 3, T0, T0.plusSeconds(7), "from b"),
						entry("bbbbbbbbbbbbb", Level.WARN, 1, T0.plusSeconds(1), T0.plusSeconds(1), "other")),
				Map.of(Level.WARN, 4L), 2, LONG);
		FleetContent content = this.store.read();
		assertThat(content.entries()).hasSize(2);
		FleetEntry merged = content.entries().get(0);
		assertThat(merged.entry().id()).isEqualTo("aaaaaaaaaaaaa");
		assertThat(merged.entry().count()).isEqualTo(5);
		assertThat(merged.entry().firstSeen()).isEqualTo(T0);
		assertThat(merged.entry().lastSeen()).isEqualTo(T0.plusSeconds(9));
		assertThat(merged.entry().message()).isEqualTo("from b");
		assertThat(merged.entry().thread()).isEqualTo("http-from b");
		assertThat(merged.entry().mdc()).containsEntry("order", "42").containsEntry("odd=key", "line\nbreak");
		assertThat(merged.entry().level()).isEqualTo(Level.ERROR);
		assertThat(merged.instances()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2L, "b", 3L));
		assertThat(content.notShown()).containsExactlyEntriesOf(Map.of(Level.WARN, 4L));
		assertThat(content.silenced()).isEqualTo(2);
		FleetState state = this.store.state();
		assertThat(state.entries()).isEqualTo(2);
		assertThat(state.events()).isEqualTo(6);
		assertThat(state.windowStart()).isEqualTo(T0);
		assertThat(state.mostSevere()).isEqualTo(Level.ERROR);
		assertThat(state.notShown()).isEqualTo(4);
		assertThat(state.lastDigestAt()).isNull();
	}

	@Test
	void applicationsDoNotShareTheirBuffers() {
		JdbcFleetStore other = store("billing");
		other.initialize();
		other.push("a", List.of(entry("ccccccccccccc", Level.ERROR, 1, T0, T0, "billing")), Map.of(), 0, LONG);
		assertThat(this.store.read().entries()).isEmpty();
		assertThat(other.read().entries()).hasSize(1);
	}

	@Test
	void oneInstanceHoldsTheLeaseUntilItExpiresByTheDatabaseClock() {
		assertThat(this.store.acquireLease("a", Duration.ofMillis(600))).isTrue();
		assertThat(this.store.acquireLease("b", Duration.ofMillis(600))).isFalse();
		assertThat(this.store.acquireLease("a", Duration.ofMillis(600))).isTrue();
		Await.until("the lease to expire", () -> this.store.acquireLease("b", LONG));
		assertThat(this.store.acquireLease("a", LONG)).isFalse();
		this.store.releaseLease("b");
		assertThat(this.store.acquireLease("a", LONG)).isTrue();
	}

	@Test
	void aDeliveredDigestIsRemovedAndWhatCameSinceStays() {
		this.store.push("a", List.of(entry("aaaaaaaaaaaaa", Level.ERROR, 2, T0, T0.plusSeconds(1), "m")),
				Map.of(Level.INFO, 3L), 1, LONG);
		this.store.push("b", List.of(entry("bbbbbbbbbbbbb", Level.WARN, 1, T0, T0, "w")), Map.of(), 0, LONG);
		assertThat(this.store.acquireLease("a", LONG)).isTrue();
		FleetContent sent = this.store.read();
		this.store.push("b", List.of(entry("aaaaaaaaaaaaa", Level.ERROR, 4, T0.plusSeconds(2), T0.plusSeconds(3), "m")),
				Map.of(Level.INFO, 1L), 0, LONG);
		assertThat(this.store.remove("a", sent, T0.plusSeconds(10), LONG, List.of(), T0)).isTrue();
		FleetContent left = this.store.read();
		assertThat(left.entries()).hasSize(1);
		assertThat(left.entries().get(0).entry().count()).isEqualTo(4);
		assertThat(left.entries().get(0).instances()).containsExactlyEntriesOf(Map.of("b", 4L));
		assertThat(left.notShown()).containsExactlyEntriesOf(Map.of(Level.INFO, 1L));
		assertThat(left.silenced()).isZero();
		assertThat(left.lastDigestAt()).isEqualTo(T0.plusSeconds(10));
		assertThat(left.digests()).isEqualTo(1);
	}

	@Test
	void aDigestIsNotRemovedByAnInstanceThatLostTheLease() {
		this.store.push("a", List.of(entry("aaaaaaaaaaaaa", Level.ERROR, 2, T0, T0, "m")), Map.of(), 0, LONG);
		assertThat(this.store.acquireLease("a", Duration.ofMillis(300))).isTrue();
		FleetContent sent = this.store.read();
		Await.until("b to take the lease over", () -> this.store.acquireLease("b", LONG));
		assertThat(this.store.remove("a", sent, T0, LONG, List.of(), T0)).isFalse();
		assertThat(this.store.read().entries()).hasSize(1);
		assertThat(this.store.remove("b", sent, T0, LONG, List.of(), T0)).isTrue();
		assertThat(this.store.read().isEmpty()).isTrue();
	}

	@Test
	void aManualRequestEndsWithTheDigestThatSawIt() {
		this.store.push("a", List.of(entry("aaaaaaaaaaaaa", Level.WARN, 1, T0, T0, "m")), Map.of(), 0, LONG);
		this.store.requestManual();
		assertThat(this.store.state().manualRequested()).isNotZero();
		this.store.acquireLease("a", LONG);
		FleetContent sent = this.store.read();
		assertThat(sent.manualRequested()).isNotZero();
		this.store.remove("a", sent, T0, LONG, List.of(), T0);
		assertThat(this.store.state().manualRequested()).isZero();
	}

	@Test
	void aStoppingInstanceLearnsHowManyOthersAreAlive() {
		this.store.push("a", List.of(), Map.of(), 0, LONG);
		this.store.push("b", List.of(), Map.of(), 0, LONG);
		// its heartbeat expired a second ago
		this.store.push("dead", List.of(), Map.of(), 0, Duration.ofSeconds(-1));
		assertThat(this.store.leave("a")).isEqualTo(1);
		assertThat(this.store.leave("b")).isZero();
	}

	@Test
	void concurrentPushesOfTheSameEntryAddUpExactly() throws Exception {
		int threads = 4;
		int pushes = 25;
		// under test is how concurrent writes of one entry add up, not the bound (see
		// aStatementBlockedByALockFailsWithinTheTimeout): on a loaded machine a writer
		// can wait for another's row lock longer than the store's usual timeout
		JdbcFleetStore patient = new JdbcFleetStore(dataSource(), "shop", this.prefix, SchemaInitialization.ALWAYS,
				Duration.ofSeconds(30));
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String instance = "i" + t;
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < pushes; i++) {
						patient.push(instance,
								List.of(entry("aaaaaaaaaaaaa", Level.ERROR, 1, T0.plusMillis(i), T0.plusMillis(i), "m"),
										entry("bbbbbbbbbbbbb", Level.WARN, 2, T0, T0, "w")),
								Map.of(Level.WARN, 1L), 0, LONG);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		FleetContent content = this.store.read();
		assertThat(content.entries()).extracting((entry) -> entry.entry().count())
			.containsExactly((long) threads * pushes, (long) threads * pushes * 2);
		assertThat(content.entries().get(0).instances()).hasSize(threads)
			.allSatisfy((instance, count) -> assertThat(count).isEqualTo(pushes));
		assertThat(content.notShown()).containsEntry(Level.WARN, (long) threads * pushes);
	}

	@Test
	void severalInstancesStartingAtOnceCreateTheTablesSafely() throws Exception {
		String fresh = TestDatabases.uniquePrefix();
		int instances = 6;
		ExecutorService executor = Executors.newFixedThreadPool(instances);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < instances; i++) {
				Callable<Object> initialize = () -> {
					JdbcFleetStore store = new JdbcFleetStore(dataSource(), "shop", fresh, SchemaInitialization.ALWAYS,
							TIMEOUT);
					start.await();
					store.initialize();
					store.push("x", List.of(), Map.of(), 0, LONG);
					return null;
				};
				futures.add(executor.submit(initialize));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		JdbcFleetStore store = new JdbcFleetStore(dataSource(), "shop", fresh, SchemaInitialization.NEVER, TIMEOUT);
		store.initialize();
		assertThat(store.read().isEmpty()).isTrue();
		assertThat(store.acquireLease("x", LONG)).isTrue();
	}

	@Test
	void withoutTablesAndWithoutInitializationTheStoreFailsNamingTheTables() {
		JdbcFleetStore store = new JdbcFleetStore(dataSource(), "shop", TestDatabases.uniquePrefix(),
				SchemaInitialization.NEVER, TIMEOUT);
		assertThatExceptionOfType(FleetStoreException.class).isThrownBy(store::initialize)
			.withMessageContaining("initialize the fleet store");
	}

	@Test
	void aStatementBlockedByALockFailsWithinTheTimeout() throws Exception {
		JdbcFleetStore store = new JdbcFleetStore(dataSource(), "shop", this.prefix, SchemaInitialization.NEVER,
				Duration.ofSeconds(1));
		store.initialize();
		try (Connection blocker = dataSource().getConnection()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.executeUpdate("UPDATE " + this.prefix + "LEASE SET OWNER = 'blocker'");
			}
			long start = System.nanoTime();
			assertThatExceptionOfType(FleetStoreException.class).isThrownBy(() -> store.acquireLease("a", LONG));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
			blocker.rollback();
		}
	}

	@Test
	void silencesAreSharedReplacedAndEnded() {
		Instant later = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		this.store.silence(new Silence("aaaaaaaaaaaaa", later, "known"));
		this.store.silence(new Silence("aaaaaaaaaaaaa", later.plusSeconds(60), "still known"));
		this.store.silence(new Silence("bbbbbbbbbbbbb", Instant.now().minusSeconds(1), null));
		assertThat(this.store.silences())
			.containsExactly(new Silence("aaaaaaaaaaaaa", later.plusSeconds(60), "still known"));
		assertThat(store("billing").silences()).isEmpty();
		this.store.endSilence("aaaaaaaaaaaaa");
		assertThat(this.store.silences()).isEmpty();
	}

	@Test
	void aDeliveredDigestIsRememberedForTheNewOrRecurringMark() {
		this.store.push("a", List.of(entry("aaaaaaaaaaaaa", Level.ERROR, 1, T0, T0, "m")), Map.of(), 0, LONG);
		this.store.acquireLease("a", LONG);
		FleetContent first = this.store.read();
		this.store.remove("a", first, T0.plusSeconds(10), LONG, List.of("aaaaaaaaaaaaa"), T0);
		this.store.push("b", List.of(entry("aaaaaaaaaaaaa", Level.ERROR, 1, T0, T0, "m")), Map.of(), 0, LONG);
		FleetContent second = this.store.read();
		this.store.remove("a", second, T0.plusSeconds(20), LONG, List.of("aaaaaaaaaaaaa"), T0);
		assertThat(this.store.reported(T0)).containsExactlyEntriesOf(Map.of("aaaaaaaaaaaaa", T0.plusSeconds(10)));
		assertThat(this.store.reported(T0.plusSeconds(21))).isEmpty();
		// forgotten after the history: reported anew
		this.store.remove("a", this.store.read(), T0.plusSeconds(100), LONG, List.of("aaaaaaaaaaaaa"),
				T0.plusSeconds(50));
		assertThat(this.store.reported(T0)).containsExactlyEntriesOf(Map.of("aaaaaaaaaaaaa", T0.plusSeconds(100)));
	}

}
