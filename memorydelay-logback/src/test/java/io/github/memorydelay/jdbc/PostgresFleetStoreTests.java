package io.github.memorydelay.jdbc;

import javax.sql.DataSource;

/**
 * The fleet store on a real PostgreSQL.
 */
class PostgresFleetStoreTests extends FleetStoreContractTests {

	@Override
	protected DataSource dataSource() {
		return TestDatabases.postgres().getPostgresDatabase();
	}

}
