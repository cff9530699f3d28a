package io.github.memorydelay.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Levels;
import io.github.memorydelay.digest.Timeline;
import io.github.memorydelay.fleet.FleetStore;
import io.github.memorydelay.fleet.FleetStoreException;
import io.github.memorydelay.policy.Silence;

/**
 * A {@link FleetStore} in the application's relational database, over plain JDBC: no
 * Spring. Entries are merged by an update, then an insert for those that are new, and a
 * transaction that meets a concurrent insert (a duplicate key) or a deadlock is retried,
 * so the same SQL runs on PostgreSQL, MySQL/MariaDB and H2. The lease and the heartbeats
 * use the database's clock, as ShedLock's JDBC provider does. Every statement has a query
 * timeout; the wait for a connection is bounded by the caller (see
 * {@code BoundedFleetStore}).
 */
public final class JdbcFleetStore implements FleetStore {

	/** Default prefix of the tables. */
	public static final String DEFAULT_TABLE_PREFIX = "MEMORYDELAY_";

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private static final int ATTEMPTS = 4;

	private static final List<String> TABLES = List.of("ENTRY", "ENTRY_INSTANCE", "INSTANCE", "LEASE", "STATE",
			"SILENCE", "HISTORY");

	private static final List<String> NOT_SHOWN = List.of("NOT_SHOWN_ERROR", "NOT_SHOWN_WARN", "NOT_SHOWN_INFO",
			"NOT_SHOWN_DEBUG", "NOT_SHOWN_TRACE");

	private final DataSource dataSource;

	private final String application;

	private final String prefix;

	private final SchemaInitialization initialization;

	private final int queryTimeoutSeconds;

	private volatile Dialect dialect;

	/**
	 * Creates a store.
	 * @param dataSource the application's database
	 * @param application the application's name: the fleet is the instances that share it
	 * @param tablePrefix prefix of the table names, letters, digits and underscores
	 * (optionally a schema and a dot first)
	 * @param initialization whether {@link #initialize} creates the tables
	 * @param timeout longest wait for a statement
	 */
	public JdbcFleetStore(DataSource dataSource, String application, String tablePrefix,
			SchemaInitialization initialization, Duration timeout) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
		this.application = Objects.requireNonNull(application, "application");
		this.initialization = Objects.requireNonNull(initialization, "initialization");
		if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
			throw new IllegalArgumentException("'" + tablePrefix
					+ "' is not a table prefix: letters, digits and underscores, optionally a schema and a dot first");
		}
		this.prefix = tablePrefix;
		this.queryTimeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
	}

	/**
	 * Whether a table prefix is one that {@link JdbcFleetStore} accepts.
	 * @param tablePrefix the prefix
	 * @return {@code true} when valid
	 */
	public static boolean isValidTablePrefix(String tablePrefix) {
		return tablePrefix != null && PREFIX.matcher(tablePrefix).matches();
	}

	@Override
	public void initialize() {
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			String product = metaData.getDatabaseProductName();
			Dialect found = Dialect.of(product);
			boolean create = switch (this.initialization) {
				case ALWAYS -> true;
				case NEVER -> false;
				case EMBEDDED -> found.embedded;
			};
			if (create) {
				if (found.script == null) {
					throw new FleetStoreException("No schema script for " + product + "; create the tables with one of "
							+ "schema-postgresql.sql, schema-mysql.sql or schema-h2.sql and set "
							+ "initialize-schema to never", null);
				}
				createTables(connection, found);
			}
			checkTables(connection);
			createRows(connection, found);
			this.dialect = found;
		}
		catch (SQLException ex) {
			throw failure("initialize the fleet store", ex);
		}
	}

	private void createTables(Connection connection, Dialect found) throws SQLException {
		connection.setAutoCommit(true);
		SQLException first = null;
		for (String sql : script(found.script)) {
			try (Statement statement = connection.createStatement()) {
				statement.setQueryTimeout(this.queryTimeoutSeconds);
				statement.execute(sql);
			}
			catch (SQLException ex) {
				// another instance creates the same table at the same time (PostgreSQL's
				// IF NOT EXISTS is not safe under that race): the check below decides
				if (first == null) {
					first = ex;
				}
			}
		}
		if (first != null) {
			try {
				checkTables(connection);
			}
			catch (SQLException ex) {
				ex.addSuppressed(first);
				throw ex;
			}
		}
	}

	private List<String> script(String name) {
		try (InputStream in = JdbcFleetStore.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException(name + " is missing");
			}
			String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			List<String> statements = new ArrayList<>();
			StringBuilder current = new StringBuilder();
			for (String line : text.split("\n")) {
				if (line.strip().startsWith("--")) {
					continue;
				}
				current.append(line).append('\n');
				if (line.strip().endsWith(";")) {
					String sql = current.toString().strip();
					statements.add(sql.substring(0, sql.length() - 1).replace(DEFAULT_TABLE_PREFIX, this.prefix));
					current.setLength(0);
				}
			}
			return statements;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + name, ex);
		}
	}

	private void checkTables(Connection connection) throws SQLException {
		for (String table : TABLES) {
			try (PreparedStatement statement = prepare(connection,
					"SELECT COUNT(*) FROM " + table(table) + " WHERE APP = ?")) {
				statement.setString(1, "");
				statement.executeQuery().close();
			}
		}
	}

	private void createRows(Connection connection, Dialect found) throws SQLException {
		connection.setAutoCommit(true);
		insertIfMissing(connection, "LEASE",
				"INSERT INTO " + table("LEASE") + " (APP, OWNER, LOCK_UNTIL) VALUES (?, '', 0)");
		insertIfMissing(connection, "STATE",
				"INSERT INTO " + table("STATE") + " (APP, LAST_DIGEST_AT, MANUAL_REQUESTED, DIGESTS, "
						+ String.join(", ", NOT_SHOWN) + ", SILENCED) VALUES (?, NULL, 0, 0, 0, 0, 0, 0, 0, 0)");
	}

	private void insertIfMissing(Connection connection, String table, String insert) throws SQLException {
		if (exists(connection, table)) {
			return;
		}
		try (PreparedStatement statement = prepare(connection, insert)) {
			statement.setString(1, this.application);
			statement.executeUpdate();
		}
		catch (SQLException ex) {
			// another instance inserted it meanwhile
			if (!exists(connection, table)) {
				throw ex;
			}
		}
	}

	private boolean exists(Connection connection, String table) throws SQLException {
		try (PreparedStatement statement = prepare(connection,
				"SELECT COUNT(*) FROM " + table(table) + " WHERE APP = ?")) {
			statement.setString(1, this.application);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1) > 0;
			}
		}
	}

	@Override
	public void push(String instance, List<DigestEntry> entries, Map<Level, Long> notShown, long silenced,
			Duration heartbeat) {
		List<DigestEntry> sorted = new ArrayList<>(entries);
		// one order of locks for every instance: no deadlock between two pushes
		sorted.sort(Comparator.comparing(DigestEntry::id));
		inTransaction("add to the fleet's buffer", (connection) -> {
			mergeEntries(connection, sorted);
			mergeEntryInstances(connection, instance, sorted);
			addCounts(connection, notShown, silenced);
			heartbeat(connection, instance, heartbeat);
			return null;
		});
	}

	private void mergeEntries(Connection connection, List<DigestEntry> entries) throws SQLException {
		if (entries.isEmpty()) {
			return;
		}
		int[] updated;
		try (PreparedStatement update = prepare(connection,
				"UPDATE " + table("ENTRY")
						+ " SET EVENTS = EVENTS + ?, THREAD = CASE WHEN ? < FIRST_SEEN THEN ? ELSE THREAD END,"
						+ " MESSAGE = CASE WHEN ? < FIRST_SEEN THEN ? ELSE MESSAGE END,"
						+ " MDC = CASE WHEN ? < FIRST_SEEN THEN ? ELSE MDC END,"
						+ " STACK_TRACE = CASE WHEN ? < FIRST_SEEN THEN ? ELSE STACK_TRACE END,"
						+ " LAST_SEEN = GREATEST(LAST_SEEN, ?), FIRST_SEEN = LEAST(FIRST_SEEN, ?)"
						+ " WHERE APP = ? AND ENTRY_ID = ?")) {
			for (DigestEntry entry : entries) {
				long first = entry.firstSeen().toEpochMilli();
				update.setLong(1, entry.count());
				update.setLong(2, first);
				update.setString(3, entry.thread());
				update.setLong(4, first);
				update.setString(5, entry.message());
				update.setLong(6, first);
				update.setString(7, Mdc.encode(entry.mdc()));
				update.setLong(8, first);
				update.setString(9, entry.stackTrace());
				update.setLong(10, entry.lastSeen().toEpochMilli());
				update.setLong(11, first);
				update.setString(12, this.application);
				update.setString(13, entry.id());
				update.addBatch();
			}
			updated = update.executeBatch();
		}
		try (PreparedStatement insert = prepare(connection, "INSERT INTO " + table("ENTRY")
				+ " (APP, ENTRY_ID, LOG_LEVEL, LOGGER, THREAD, MESSAGE, MDC, STACK_TRACE, FIRST_SEEN, LAST_SEEN, EVENTS)"
				+ " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
			boolean any = false;
			for (int i = 0; i < updated.length; i++) {
				if (updated[i] == 0) {
					DigestEntry entry = entries.get(i);
					insert.setString(1, this.application);
					insert.setString(2, entry.id());
					insert.setInt(3, entry.level().toInt());
					insert.setString(4, entry.logger());
					insert.setString(5, entry.thread());
					insert.setString(6, entry.message());
					insert.setString(7, Mdc.encode(entry.mdc()));
					insert.setString(8, entry.stackTrace());
					insert.setLong(9, entry.firstSeen().toEpochMilli());
					insert.setLong(10, entry.lastSeen().toEpochMilli());
					insert.setLong(11, entry.count());
					insert.addBatch();
					any = true;
				}
			}
			if (any) {
				insert.executeBatch();
			}
		}
	}

	private void mergeEntryInstances(Connection connection, String instance, List<DigestEntry> entries)
			throws SQLException {
		if (entries.isEmpty()) {
			return;
		}
		int[] updated;
		try (PreparedStatement update = prepare(connection, "UPDATE " + table("ENTRY_INSTANCE")
				+ " SET EVENTS = EVENTS + ? WHERE APP = ? AND ENTRY_ID = ? AND INSTANCE = ?")) {
			for (DigestEntry entry : entries) {
				update.setLong(1, entry.count());
				update.setString(2, this.application);
				update.setString(3, entry.id());
				update.setString(4, instance);
				update.addBatch();
			}
			updated = update.executeBatch();
		}
		try (PreparedStatement insert = prepare(connection,
				"INSERT INTO " + table("ENTRY_INSTANCE") + " (APP, ENTRY_ID, INSTANCE, EVENTS) VALUES (?, ?, ?, ?)")) {
			boolean any = false;
			for (int i = 0; i < updated.length; i++) {
				if (updated[i] == 0) {
					insert.setString(1, this.application);
					insert.setString(2, entries.get(i).id());
					insert.setString(3, instance);
					insert.setLong(4, entries.get(i).count());
					insert.addBatch();
					any = true;
				}
			}
			if (any) {
				insert.executeBatch();
			}
		}
	}

	private void addCounts(Connection connection, Map<Level, Long> notShown, long silenced) throws SQLException {
		long[] counts = counts(notShown);
		boolean any = silenced != 0;
		for (long count : counts) {
			any |= count != 0;
		}
		if (!any) {
			return;
		}
		StringBuilder sql = new StringBuilder("UPDATE ").append(table("STATE")).append(" SET ");
		for (String column : NOT_SHOWN) {
			sql.append(column).append(" = ").append(column).append(" + ?, ");
		}
		sql.append("SILENCED = SILENCED + ? WHERE APP = ?");
		try (PreparedStatement update = prepare(connection, sql.toString())) {
			int index = 1;
			for (long count : counts) {
				update.setLong(index++, count);
			}
			update.setLong(index++, silenced);
			update.setString(index, this.application);
			update.executeUpdate();
		}
	}

	private void heartbeat(Connection connection, String instance, Duration heartbeat) throws SQLException {
		try (PreparedStatement update = prepare(connection,
				"UPDATE " + table("INSTANCE") + " SET EXPIRES_AT = " + now() + " + ? WHERE APP = ? AND INSTANCE = ?")) {
			update.setLong(1, heartbeat.toMillis());
			update.setString(2, this.application);
			update.setString(3, instance);
			if (update.executeUpdate() > 0) {
				return;
			}
		}
		try (PreparedStatement insert = prepare(connection,
				"INSERT INTO " + table("INSTANCE") + " (APP, INSTANCE, EXPIRES_AT) VALUES (?, ?, " + now() + " + ?)")) {
			insert.setString(1, this.application);
			insert.setString(2, instance);
			insert.setLong(3, heartbeat.toMillis());
			insert.executeUpdate();
		}
	}

	@Override
	public boolean acquireLease(String instance, Duration lease) {
		return autoCommit("take the lease", (connection) -> {
			try (PreparedStatement update = prepare(connection,
					"UPDATE " + table("LEASE") + " SET OWNER = ?, LOCK_UNTIL = " + now()
							+ " + ? WHERE APP = ? AND (LOCK_UNTIL <= " + now() + " OR OWNER = ?)")) {
				update.setString(1, instance);
				update.setLong(2, lease.toMillis());
				update.setString(3, this.application);
				update.setString(4, instance);
				return update.executeUpdate() > 0;
			}
		});
	}

	@Override
	public void releaseLease(String instance) {
		autoCommit("give the lease up", (connection) -> {
			try (PreparedStatement update = prepare(connection,
					"UPDATE " + table("LEASE") + " SET LOCK_UNTIL = " + now() + " - 1 WHERE APP = ? AND OWNER = ?")) {
				update.setString(1, this.application);
				update.setString(2, instance);
				update.executeUpdate();
				return null;
			}
		});
	}

	@Override
	public FleetState state() {
		return autoCommit("read the fleet's state", (connection) -> {
			int entries;
			long events;
			Instant windowStart;
			Level mostSevere;
			try (PreparedStatement query = prepare(connection,
					"SELECT COUNT(*), SUM(EVENTS), MIN(FIRST_SEEN), MAX(LOG_LEVEL) FROM " + table("ENTRY")
							+ " WHERE APP = ?")) {
				query.setString(1, this.application);
				try (ResultSet rows = query.executeQuery()) {
					rows.next();
					entries = rows.getInt(1);
					events = rows.getLong(2);
					long first = rows.getLong(3);
					windowStart = rows.wasNull() ? null : Instant.ofEpochMilli(first);
					int level = rows.getInt(4);
					mostSevere = rows.wasNull() ? null : Level.toLevel(level);
				}
			}
			State state = readState(connection);
			long notShown = 0;
			for (long count : state.notShown.values()) {
				notShown += count;
			}
			return new FleetState(entries, events, windowStart, mostSevere, notShown, state.lastDigestAt,
					state.manualRequested);
		});
	}

	@Override
	public FleetContent read() {
		return autoCommit("read the fleet's buffer", (connection) -> {
			Map<String, Row> rows = new LinkedHashMap<>();
			// one statement: one snapshot of entries and their instances
			try (PreparedStatement query = prepare(connection, "SELECT e.ENTRY_ID, e.LOG_LEVEL, e.LOGGER, e.THREAD,"
					+ " e.MESSAGE, e.MDC, e.STACK_TRACE, e.FIRST_SEEN, e.LAST_SEEN, e.EVENTS, i.INSTANCE, i.EVENTS"
					+ " FROM " + table("ENTRY") + " e LEFT JOIN " + table("ENTRY_INSTANCE")
					+ " i ON i.APP = e.APP AND i.ENTRY_ID = e.ENTRY_ID WHERE e.APP = ?"
					+ " ORDER BY e.FIRST_SEEN, e.ENTRY_ID, i.INSTANCE")) {
				query.setString(1, this.application);
				try (ResultSet result = query.executeQuery()) {
					while (result.next()) {
						String id = result.getString(1);
						Row row = rows.get(id);
						if (row == null) {
							Instant first = Instant.ofEpochMilli(result.getLong(8));
							Instant last = Instant.ofEpochMilli(result.getLong(9));
							long count = result.getLong(10);
							DigestEntry entry = new DigestEntry(Level.toLevel(result.getInt(2)), result.getString(3),
									count, first, last, result.getString(4), result.getString(5),
									Mdc.decode(result.getString(6)), result.getString(7), id,
									Timeline.between(first, last, count), null);
							row = new Row(entry, new TreeMap<>());
							rows.put(id, row);
						}
						String instance = result.getString(11);
						if (instance != null) {
							row.instances.put(instance, result.getLong(12));
						}
					}
				}
			}
			State state = readState(connection);
			List<FleetEntry> entries = new ArrayList<>(rows.size());
			for (Row row : rows.values()) {
				entries.add(new FleetEntry(row.entry, row.instances));
			}
			return new FleetContent(entries, state.notShown, state.silenced, state.lastDigestAt, state.manualRequested,
					state.digests);
		});
	}

	@Override
	public boolean remove(String instance, FleetContent delivered, Instant digestAt, Duration lease,
			Collection<String> reported, Instant historySince) {
		List<String> ids = new ArrayList<>(reported);
		java.util.Collections.sort(ids);
		List<FleetEntry> sorted = new ArrayList<>(delivered.entries());
		sorted.sort(Comparator.comparing((entry) -> entry.entry().id()));
		return inTransaction("remove a delivered digest from the fleet's buffer", (connection) -> {
			try (PreparedStatement update = prepare(connection,
					"UPDATE " + table("LEASE") + " SET LOCK_UNTIL = " + now() + " + ? WHERE APP = ? AND OWNER = ?")) {
				update.setLong(1, lease.toMillis());
				update.setString(2, this.application);
				update.setString(3, instance);
				if (update.executeUpdate() == 0) {
					connection.rollback();
					return false;
				}
			}
			if (!sorted.isEmpty()) {
				try (PreparedStatement update = prepare(connection, "UPDATE " + table("ENTRY")
						+ " SET FIRST_SEEN = GREATEST(FIRST_SEEN, ?), EVENTS = EVENTS - ? WHERE APP = ? AND ENTRY_ID = ?")) {
					for (FleetEntry entry : sorted) {
						update.setLong(1, entry.entry().lastSeen().toEpochMilli());
						update.setLong(2, entry.entry().count());
						update.setString(3, this.application);
						update.setString(4, entry.entry().id());
						update.addBatch();
					}
					update.executeBatch();
				}
				delete(connection, "ENTRY");
				try (PreparedStatement update = prepare(connection, "UPDATE " + table("ENTRY_INSTANCE")
						+ " SET EVENTS = EVENTS - ? WHERE APP = ? AND ENTRY_ID = ? AND INSTANCE = ?")) {
					boolean any = false;
					for (FleetEntry entry : sorted) {
						for (Map.Entry<String, Long> count : new TreeMap<>(entry.instances()).entrySet()) {
							update.setLong(1, count.getValue());
							update.setString(2, this.application);
							update.setString(3, entry.entry().id());
							update.setString(4, count.getKey());
							update.addBatch();
							any = true;
						}
					}
					if (any) {
						update.executeBatch();
					}
				}
				delete(connection, "ENTRY_INSTANCE");
			}
			StringBuilder sql = new StringBuilder("UPDATE ").append(table("STATE")).append(" SET ");
			for (String column : NOT_SHOWN) {
				sql.append(column).append(" = ").append(column).append(" - ?, ");
			}
			sql.append("SILENCED = SILENCED - ?, LAST_DIGEST_AT = ?, DIGESTS = DIGESTS + 1,"
					+ " MANUAL_REQUESTED = CASE WHEN MANUAL_REQUESTED = ? THEN 0 ELSE MANUAL_REQUESTED END WHERE APP = ?");
			try (PreparedStatement update = prepare(connection, sql.toString())) {
				int index = 1;
				for (long count : counts(delivered.notShown())) {
					update.setLong(index++, count);
				}
				update.setLong(index++, delivered.silenced());
				update.setLong(index++, digestAt.toEpochMilli());
				update.setLong(index++, delivered.manualRequested());
				update.setString(index, this.application);
				update.executeUpdate();
			}
			report(connection, ids, digestAt.toEpochMilli(), historySince.toEpochMilli());
			return true;
		});
	}

	private void report(Connection connection, List<String> ids, long at, long since) throws SQLException {
		if (!ids.isEmpty()) {
			int[] updated;
			try (PreparedStatement update = prepare(connection,
					"UPDATE " + table("HISTORY")
							+ " SET FIRST_REPORTED = CASE WHEN LAST_REPORTED >= ? THEN FIRST_REPORTED ELSE ? END,"
							+ " LAST_REPORTED = ? WHERE APP = ? AND ENTRY_ID = ?")) {
				for (String id : ids) {
					update.setLong(1, since);
					update.setLong(2, at);
					update.setLong(3, at);
					update.setString(4, this.application);
					update.setString(5, id);
					update.addBatch();
				}
				updated = update.executeBatch();
			}
			try (PreparedStatement insert = prepare(connection, "INSERT INTO " + table("HISTORY")
					+ " (APP, ENTRY_ID, FIRST_REPORTED, LAST_REPORTED) VALUES (?, ?, ?, ?)")) {
				boolean any = false;
				for (int i = 0; i < updated.length; i++) {
					if (updated[i] == 0) {
						insert.setString(1, this.application);
						insert.setString(2, ids.get(i));
						insert.setLong(3, at);
						insert.setLong(4, at);
						insert.addBatch();
						any = true;
					}
				}
				if (any) {
					insert.executeBatch();
				}
			}
		}
		try (PreparedStatement delete = prepare(connection,
				"DELETE FROM " + table("HISTORY") + " WHERE APP = ? AND LAST_REPORTED < ?")) {
			delete.setString(1, this.application);
			delete.setLong(2, since);
			delete.executeUpdate();
		}
	}

	@Override
	public Map<String, Instant> reported(Instant since) {
		return autoCommit("read the fleet's history", (connection) -> {
			try (PreparedStatement query = prepare(connection, "SELECT ENTRY_ID, FIRST_REPORTED FROM "
					+ table("HISTORY") + " WHERE APP = ? AND LAST_REPORTED >= ?")) {
				query.setString(1, this.application);
				query.setLong(2, since.toEpochMilli());
				Map<String, Instant> reported = new LinkedHashMap<>();
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						reported.put(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)));
					}
				}
				return reported;
			}
		});
	}

	private void delete(Connection connection, String table) throws SQLException {
		try (PreparedStatement delete = prepare(connection,
				"DELETE FROM " + table(table) + " WHERE APP = ? AND EVENTS <= 0")) {
			delete.setString(1, this.application);
			delete.executeUpdate();
		}
	}

	@Override
	public void requestManual() {
		autoCommit("ask for a manual digest", (connection) -> {
			try (PreparedStatement update = prepare(connection,
					"UPDATE " + table("STATE") + " SET MANUAL_REQUESTED = " + now() + " WHERE APP = ?")) {
				update.setString(1, this.application);
				update.executeUpdate();
				return null;
			}
		});
	}

	@Override
	public int leave(String instance) {
		return autoCommit("leave the fleet", (connection) -> {
			try (PreparedStatement delete = prepare(connection, "DELETE FROM " + table("INSTANCE")
					+ " WHERE APP = ? AND (INSTANCE = ? OR EXPIRES_AT < " + now() + ")")) {
				delete.setString(1, this.application);
				delete.setString(2, instance);
				delete.executeUpdate();
			}
			try (PreparedStatement query = prepare(connection,
					"SELECT COUNT(*) FROM " + table("INSTANCE") + " WHERE APP = ? AND EXPIRES_AT >= " + now())) {
				query.setString(1, this.application);
				try (ResultSet rows = query.executeQuery()) {
					rows.next();
					return rows.getInt(1);
				}
			}
		});
	}

	@Override
	public void silence(Silence silence) {
		inTransaction("silence an entry for the fleet", (connection) -> {
			try (PreparedStatement update = prepare(connection, "UPDATE " + table("SILENCE")
					+ " SET UNTIL_AT = ?, COMMENT_TEXT = ? WHERE APP = ? AND ENTRY_ID = ?")) {
				update.setLong(1, silence.until().toEpochMilli());
				update.setString(2, silence.comment());
				update.setString(3, this.application);
				update.setString(4, silence.id());
				if (update.executeUpdate() > 0) {
					return null;
				}
			}
			try (PreparedStatement insert = prepare(connection, "INSERT INTO " + table("SILENCE")
					+ " (APP, ENTRY_ID, UNTIL_AT, COMMENT_TEXT) VALUES (?, ?, ?, ?)")) {
				insert.setString(1, this.application);
				insert.setString(2, silence.id());
				insert.setLong(3, silence.until().toEpochMilli());
				insert.setString(4, silence.comment());
				insert.executeUpdate();
			}
			return null;
		});
	}

	@Override
	public void endSilence(String id) {
		autoCommit("end a silence of the fleet", (connection) -> {
			try (PreparedStatement delete = prepare(connection, "DELETE FROM " + table("SILENCE")
					+ " WHERE APP = ? AND (ENTRY_ID = ? OR UNTIL_AT <= " + now() + ")")) {
				delete.setString(1, this.application);
				delete.setString(2, id);
				delete.executeUpdate();
				return null;
			}
		});
	}

	@Override
	public List<Silence> silences() {
		return autoCommit("read the fleet's silences", (connection) -> {
			try (PreparedStatement query = prepare(connection, "SELECT ENTRY_ID, UNTIL_AT, COMMENT_TEXT FROM "
					+ table("SILENCE") + " WHERE APP = ? AND UNTIL_AT > " + now() + " ORDER BY UNTIL_AT, ENTRY_ID")) {
				query.setString(1, this.application);
				List<Silence> silences = new ArrayList<>();
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						silences.add(new Silence(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)),
								rows.getString(3)));
					}
				}
				return silences;
			}
		});
	}

	@Override
	public String describe() {
		Dialect known = this.dialect;
		return ((known != null) ? known.name().toLowerCase(Locale.ROOT) + " " : "") + "tables " + this.prefix + "*";
	}

	private State readState(Connection connection) throws SQLException {
		try (PreparedStatement query = prepare(connection, "SELECT LAST_DIGEST_AT, MANUAL_REQUESTED, DIGESTS, "
				+ String.join(", ", NOT_SHOWN) + ", SILENCED FROM " + table("STATE") + " WHERE APP = ?")) {
			query.setString(1, this.application);
			try (ResultSet rows = query.executeQuery()) {
				if (!rows.next()) {
					throw new SQLException("No row for application " + this.application + " in " + table("STATE"));
				}
				long last = rows.getLong(1);
				Instant lastDigestAt = rows.wasNull() ? null : Instant.ofEpochMilli(last);
				Map<Level, Long> notShown = new LinkedHashMap<>();
				for (int i = 0; i < Levels.EVENT_LEVELS.size(); i++) {
					long count = rows.getLong(4 + i);
					if (count > 0) {
						notShown.put(Levels.EVENT_LEVELS.get(i), count);
					}
				}
				return new State(lastDigestAt, rows.getLong(2), rows.getLong(3), notShown, rows.getLong(9));
			}
		}
	}

	private static long[] counts(Map<Level, Long> byLevel) {
		long[] counts = new long[Levels.EVENT_LEVELS.size()];
		for (int i = 0; i < counts.length; i++) {
			counts[i] = byLevel.getOrDefault(Levels.EVENT_LEVELS.get(i), 0L);
		}
		return counts;
	}

	private String table(String name) {
		return this.prefix + name;
	}

	private String now() {
		Dialect known = this.dialect;
		return ((known != null) ? known : Dialect.H2).now;
	}

	private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
		PreparedStatement statement = connection.prepareStatement(sql);
		statement.setQueryTimeout(this.queryTimeoutSeconds);
		return statement;
	}

	private <T> T autoCommit(String what, Work<T> work) {
		requireInitialized();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(true);
			return work.run(connection);
		}
		catch (SQLException ex) {
			throw failure(what, ex);
		}
	}

	/**
	 * Runs the work in a transaction, again when it met a concurrent insert of the same
	 * key or a deadlock: the second time the update finds the row.
	 */
	private <T> T inTransaction(String what, Work<T> work) {
		requireInitialized();
		SQLException last = null;
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			try (Connection connection = this.dataSource.getConnection()) {
				connection.setAutoCommit(false);
				try {
					T result = work.run(connection);
					connection.commit();
					return result;
				}
				catch (SQLException | RuntimeException ex) {
					rollback(connection, ex);
					throw ex;
				}
				finally {
					connection.setAutoCommit(true);
				}
			}
			catch (SQLException ex) {
				last = ex;
				if (!isRetryable(ex) || Thread.currentThread().isInterrupted()) {
					break;
				}
			}
		}
		throw failure(what, last);
	}

	private static void rollback(Connection connection, Exception cause) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			cause.addSuppressed(ex);
		}
	}

	private static boolean isRetryable(SQLException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				String state = sql.getSQLState();
				// 23: integrity (a duplicate key), 40: serialization failure or deadlock
				if (state != null && (state.startsWith("23") || state.startsWith("40"))) {
					return true;
				}
				if (sql.getNextException() != null && isRetryable(sql.getNextException())) {
					return true;
				}
			}
		}
		return false;
	}

	private void requireInitialized() {
		if (this.dialect == null) {
			initialize();
		}
	}

	private FleetStoreException failure(String what, SQLException ex) {
		return new FleetStoreException("Could not " + what + " in " + describe() + ": " + ex.getMessage(), ex);
	}

	/**
	 * Whether {@link #initialize} creates the tables, as Spring Boot's
	 * {@code initialize-schema} properties say.
	 */
	public enum SchemaInitialization {

		/** Only in an embedded database (H2, HSQLDB, Derby). */
		EMBEDDED,

		/** Always; the scripts create only what is missing. */
		ALWAYS,

		/** Never: the tables are created by the application's migrations. */
		NEVER

	}

	private enum Dialect {

		POSTGRESQL("schema-postgresql.sql", false, "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)"),

		MYSQL("schema-mysql.sql", false, "CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS SIGNED)"),

		H2("schema-h2.sql", true, "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)"),

		OTHER_EMBEDDED(null, true, "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)"),

		OTHER(null, false, "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)");

		private final String script;

		private final boolean embedded;

		private final String now;

		Dialect(String script, boolean embedded, String now) {
			this.script = script;
			this.embedded = embedded;
			this.now = now;
		}

		static Dialect of(String product) {
			String name = (product != null) ? product.toLowerCase(Locale.ROOT) : "";
			if (name.contains("postgres")) {
				return POSTGRESQL;
			}
			if (name.contains("mysql") || name.contains("mariadb")) {
				return MYSQL;
			}
			if (name.equals("h2")) {
				return H2;
			}
			if (name.contains("hsql") || name.contains("derby")) {
				return OTHER_EMBEDDED;
			}
			return OTHER;
		}

	}

	@FunctionalInterface
	private interface Work<T> {

		T run(Connection connection) throws SQLException;

	}

	private record Row(DigestEntry entry, Map<String, Long> instances) {
	}

	private record State(Instant lastDigestAt, long manualRequested, long digests, Map<Level, Long> notShown,
			long silenced) {
	}

}
