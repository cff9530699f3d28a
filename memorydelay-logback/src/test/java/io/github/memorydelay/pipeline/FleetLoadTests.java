package io.github.memorydelay.pipeline;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import com.zaxxer.hikari.HikariDataSource;
import io.github.memorydelay.Await;
import io.github.memorydelay.RecordingSender;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.fleet.FleetSettings;
import io.github.memorydelay.jdbc.JdbcFleetStore;
import io.github.memorydelay.jdbc.JdbcFleetStore.SchemaInitialization;
import io.github.memorydelay.jdbc.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A simulation of a larger fleet: 20 instances in one JVM, each with a connection pool of
 * its own, on one real PostgreSQL, with the default timings (one write a second at most,
 * a lease of 10 s). It counts the statements sent to the database (a batch counts once)
 * idle, busy and per digest, and the time from an error to its digest, and prints them:
 * the README's figures come from here.
 */
class FleetLoadTests {

	private static final int INSTANCES = 20;

	private final AtomicLong statements = new AtomicLong();

	private final EmbeddedPostgres postgres = TestDatabases.postgres();

	private final String prefix = TestDatabases.uniquePrefix();

	private final TestEvents events = new TestEvents();

	@Test
	void statementsPerSecondAndTimeToDigestOfTwentyInstances() throws Exception {
		List<MemoryDelay> pipelines = new ArrayList<>();
		List<RecordingSender> senders = new ArrayList<>();
		List<HikariDataSource> pools = new ArrayList<>();
		JdbcFleetStore inspector = new JdbcFleetStore(this.postgres.getPostgresDatabase(), "shop", this.prefix,
				SchemaInitialization.ALWAYS, Duration.ofSeconds(5));
		inspector.initialize();
		try {
			for (int i = 0; i < INSTANCES; i++) {
				HikariDataSource pool = new HikariDataSource();
				pool.setJdbcUrl(this.postgres.getJdbcUrl("postgres", "postgres"));
				pool.setMaximumPoolSize(2);
				pools.add(pool);
				RecordingSender sender = new RecordingSender();
				senders.add(sender);
				MemoryDelay pipeline = new MemoryDelay(DigestSettings.builder()
					.application("shop")
					.host("i" + i)
					.flushLevel(Level.ERROR)
					.delay(Duration.ofMinutes(10))
					.minInterval(Duration.ZERO)
					.build());
				FleetSettings fleet = FleetSettings.of("i" + i, FleetSettings.DEFAULT_TIMEOUT);
				pipeline.start(sender, null, RetryPolicy.defaults(), new JdbcFleetStore(counting(pool), "shop",
						this.prefix, SchemaInitialization.NEVER, fleet.timeout()), fleet);
				pipelines.add(pipeline);
			}
			Await.until("all to join", () -> pipelines.stream().allMatch((p) -> p.fleetStatus().available()));
			double idle = perInstancePerSecond(Duration.ofSeconds(4), null);
			double busy = perInstancePerSecond(Duration.ofSeconds(4), pipelines);
			Await.until("the busy events to reach the store",
					() -> pipelines.stream().allMatch((p) -> p.fleetStatus().staged() == 0));
			// the digests: an error on one instance, until its digest left the store
			int digests = 3;
			long before = this.statements.get();
			long start = System.nanoTime();
			long maxLatency = 0;
			long totalLatency = 0;
			for (int d = 0; d < digests; d++) {
				long at = System.nanoTime();
				pipelines.get(d).append(this.events.error("Payment failed"));
				Await.until("a digest", () -> senders.stream().anyMatch((s) -> s.pending() > 0));
				long latency = System.nanoTime() - at;
				maxLatency = Math.max(maxLatency, latency);
				totalLatency += latency;
				for (RecordingSender sender : senders) {
					while (sender.pending() > 0) {
						sender.next(Duration.ZERO);
					}
				}
				Await.until("the digest to leave the store", () -> inspector.state().entries() == 0);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			double perDigest = (this.statements.get() - before - idle * INSTANCES * seconds) / digests;
			System.out.printf("fleet of %d instances on PostgreSQL: idle %.2f statements/s per instance, "
					+ "busy %.2f statements/s per instance, %.1f statements per digest, error to digest %d ms on "
					+ "average, %d ms at most%n", INSTANCES, idle, busy, perDigest, totalLatency / digests / 1_000_000,
					maxLatency / 1_000_000);
			assertThat(idle).isLessThan(2);
			assertThat(busy).isLessThan(10);
			assertThat(Duration.ofNanos(maxLatency)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			for (MemoryDelay pipeline : pipelines) {
				pipeline.shutdown(Duration.ofSeconds(5));
			}
			for (HikariDataSource pool : pools) {
				pool.close();
			}
		}
	}

	/**
	 * Statements per second and instance over a while, with each of the pipelines logging
	 * a warning every 10 ms (a few distinct messages), or none logging.
	 */
	private double perInstancePerSecond(Duration during, List<MemoryDelay> logging) throws InterruptedException {
		long before = this.statements.get();
		long start = System.nanoTime();
		long end = start + during.toNanos();
		int n = 0;
		while (System.nanoTime() < end) {
			if (logging != null) {
				for (MemoryDelay pipeline : logging) {
					pipeline.append(this.events.warn("Slow response from {}", "service-" + (n % 5)));
				}
				n++;
			}
			Thread.sleep(10);
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return (this.statements.get() - before) / seconds / INSTANCES;
	}

	private DataSource counting(DataSource target) {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				handler(target,
						(result) -> (result instanceof Connection connection) ? proxy(connection, Connection.class,
								(statement) -> (statement instanceof Statement jdbc)
										? proxy(jdbc,
												(jdbc instanceof java.sql.PreparedStatement)
														? java.sql.PreparedStatement.class : Statement.class,
												null)
										: statement)
								: result));
	}

	@SuppressWarnings("unchecked")
	private <T> T proxy(T target, Class<?> type, java.util.function.UnaryOperator<Object> wrap) {
		return (T) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { type }, handler(target, wrap));
	}

	private InvocationHandler handler(Object target, java.util.function.UnaryOperator<Object> wrap) {
		return (proxy, method, args) -> {
			if (method.getName().startsWith("execute")) {
				this.statements.incrementAndGet();
			}
			try {
				Object result = method.invoke(target, args);
				return (wrap != null) ? wrap.apply(result) : result;
			}
			catch (InvocationTargetException ex) {
				throw ex.getCause();
			}
		};
	}

}
