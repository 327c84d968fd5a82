package io.github.secretresolver.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL server the database rotation tests run against: the one {@code scripts/test.sh}
 * starts with {@code scripts/postgres.sh}, or any server given by {@code PG_TEST_JDBC_URL},
 * {@code PG_TEST_USER} (a role that may create roles) and {@code PG_TEST_PASSWORD}.
 */
public final class PostgresTestDatabase {

	private final String jdbcUrl;

	private final String user;

	private final String password;

	private PostgresTestDatabase(String jdbcUrl, String user, String password) {
		this.jdbcUrl = jdbcUrl;
		this.user = user;
		this.password = password;
	}

	/**
	 * Return the server given by the environment, or {@code null} when there is none.
	 * @return the server or {@code null}
	 */
	public static PostgresTestDatabase fromEnvironment() {
		String url = System.getenv("PG_TEST_JDBC_URL");
		if (url == null || url.isBlank()) {
			return null;
		}
		return new PostgresTestDatabase(url, System.getenv("PG_TEST_USER"), System.getenv("PG_TEST_PASSWORD"));
	}

	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	public Connection administratorConnection() throws SQLException {
		return DriverManager.getConnection(this.jdbcUrl, this.user, this.password);
	}

	/**
	 * Run one statement as the administrator.
	 * @param sql the statement; it may contain a password, so it is never logged
	 */
	public void execute(String sql) throws SQLException {
		try (Connection connection = administratorConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@Override
	public String toString() {
		return "PostgresTestDatabase[" + this.jdbcUrl + "]";
	}

}
