package io.github.memorydelay.jdbc;

import javax.sql.DataSource;

/**
 * The fleet store on H2, the database of the fast tests.
 */
class H2FleetStoreTests extends FleetStoreContractTests {

	private final DataSource dataSource = TestDatabases.h2();

	@Override
	protected DataSource dataSource() {
		return this.dataSource;
	}

}
