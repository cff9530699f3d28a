package io.github.memorydelay.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ch.qos.logback.classic.Level;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.memorydelay.Await;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Timeline;
import io.github.memorydelay.jdbc.JdbcFleetStore;
import io.github.memorydelay.jdbc.JdbcFleetStore.SchemaInitialization;
import io.github.memorydelay.pipeline.MemoryDelay;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Fleet mode in a real Spring Boot application, on the H2 database Spring Boot
 * configures: the other instance of the fleet is played by a store that writes its events
 * as an instance does.
 */
@ExtendWith(OutputCaptureExtension.class)
class FleetIntegrationTests {

	private static final Logger logger = LoggerFactory.getLogger("com.example.orders.OrderService");

	@RegisterExtension
	static GreenMailExtension greenMail = TestMail.greenMail();

	@TempDir
	Path spool;

	private final String database = "jdbc:h2:mem:fleet-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

	private ConfigurableApplicationContext run(String... properties) {
		String[] all = new String[properties.length + 4];
		all[0] = "spring.application.name=shop";
		all[1] = "spring.datasource.url=" + this.database;
		all[2] = "memorydelay.fleet.enabled=true";
		all[3] = "memorydelay.fleet.instance=web-1";
		System.arraycopy(properties, 0, all, 4, properties.length);
		return TestApplication.run(greenMail, this.spool, all);
	}

	private JdbcFleetStore otherInstance() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL(this.database);
		dataSource.setUser("sa");
		JdbcFleetStore store = new JdbcFleetStore(dataSource, "shop", JdbcFleetStore.DEFAULT_TABLE_PREFIX,
				SchemaInitialization.EMBEDDED, Duration.ofSeconds(2));
		store.initialize();
		return store;
	}

	@Test
	void oneDigestHoldsTheEventsOfEveryInstanceWithTheirCounts(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(output).contains("fleet mode as instance web-1 (tables MEMORYDELAY_*, timeout 2s)");
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			Await.until("the application to join the fleet", () -> memoryDelay.fleetStatus().available());
			JdbcFleetStore other = otherInstance();
			logger.warn("Slow response from {}", "inventory");
			Await.until("the warning to reach the fleet's buffer", () -> other.state().events() == 1);
			Instant now = Instant.now();
			String id = memoryDelay.bufferedEntries().isEmpty() ? other.read().entries().get(0).entry().id() : null;
			// the other instance logged the same warning twice, and an error of its own
			other.push("web-2",
					List.of(entry(id, Level.WARN, 2, now, "Slow response from inventory"),
							entry("zzzzzzzzzzzzz", Level.ERROR, 1, now, "Payment failed")),
					Map.of(), 0, Duration.ofMinutes(1));
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("level");
			assertThat(digest.events()).isEqualTo(4);
			assertThat(digest.entries()).isEqualTo(2);
			assertThat(digest.header("X-MemoryDelay-Instances")).isEqualTo("2");
			assertThat(digest.text()).contains("Fleet:       2 instances: web-1, web-2", "WARN x3",
					"Instances:  web-1 x1, web-2 x2");
			assertThat(digest.html()).contains("instances web-1 x1, web-2 x2");
			Await.until("the delivered digest to leave the fleet's buffer", () -> other.read().isEmpty());
		}
	}

	@Test
	void aManualFlushSendsTheFleetsBuffer() {
		try (ConfigurableApplicationContext context = run()) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			Await.until("the application to join the fleet", () -> memoryDelay.fleetStatus().available());
			JdbcFleetStore other = otherInstance();
			other.push("web-2", List.of(entry("yyyyyyyyyyyyy", Level.WARN, 5, Instant.now(), "Cache miss")), Map.of(),
					0, Duration.ofMinutes(1));
			assertThat(memoryDelay.flush()).isEqualTo(5);
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("manual");
			assertThat(digest.events()).isEqualTo(5);
			assertThat(digest.header("X-MemoryDelay-Instances")).isEqualTo("1");
		}
	}

	@Test
	void theLastInstanceToStopSendsTheShutdownDigest() {
		try (ConfigurableApplicationContext context = run()) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			Await.until("the application to join the fleet", () -> memoryDelay.fleetStatus().available());
			logger.warn("Slow response from {}", "billing");
		}
		ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
		assertThat(digest.trigger()).isEqualTo("shutdown");
		assertThat(digest.events()).isEqualTo(1);
		assertThat(digest.header("X-MemoryDelay-Instances")).isEqualTo("1");
	}

	@Test
	void anInstanceThatIsNotTheLastHandsItsBufferOverAtShutdown() {
		JdbcFleetStore other = otherInstance();
		// another instance is alive
		other.push("web-2", List.of(), Map.of(), 0, Duration.ofMinutes(1));
		try (ConfigurableApplicationContext context = run()) {
			MemoryDelay memoryDelay = TestApplication.memoryDelay(context);
			Await.until("the application to join the fleet", () -> memoryDelay.fleetStatus().available());
			logger.warn("Slow response from {}", "billing");
		}
		assertThat(greenMail.getReceivedMessages()).isEmpty();
		assertThat(other.state().events()).isEqualTo(1);
	}

	@Test
	void fleetModeWithoutADataSourceStopsStartUpNamingTheProperty(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("spring.autoconfigure.exclude="
				+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
				+ "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START", "property 'memorydelay.fleet.enabled'",
				"Configure a DataSource");
	}

	private static DigestEntry entry(String id, Level level, long count, Instant at, String message) {
		return new DigestEntry(level, "com.example.orders.OrderService", count, at, at, "main", message, Map.of(), "",
				id, Timeline.between(at, at, count), null);
	}

}
