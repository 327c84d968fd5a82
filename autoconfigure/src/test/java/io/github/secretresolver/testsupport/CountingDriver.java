package io.github.secretresolver.testsupport;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A JDBC driver that hands every connection attempt to the registered driver for the URL (H2,
 * PostgreSQL) and counts the attempts per database URL and user: how many the database rejected (SQLState class
 * {@code 28}) and how many it accepted, per password. Use it as
 * {@code spring.datasource.driver-class-name}. Never shows a password.
 */
public class CountingDriver implements Driver {

	private static final Map<String, Counts> COUNTS = new ConcurrentHashMap<>();

	public static Counts counts(String url, String user) {
		return COUNTS.computeIfAbsent(url + " " + user.toLowerCase(Locale.ROOT), (key) -> new Counts());
	}

	@Override
	public Connection connect(String url, Properties info) throws SQLException {
		if (!acceptsURL(url)) {
			return null;
		}
		String user = String.valueOf(info.getProperty("user"));
		String password = String.valueOf(info.getProperty("password"));
		Counts counts = counts(url, user);
		counts.attempts.incrementAndGet();
		try {
			Connection connection = DriverManager.getDriver(url).connect(url, info);
			counts.acceptedByPassword.computeIfAbsent(password, (key) -> new AtomicInteger()).incrementAndGet();
			return connection;
		}
		catch (SQLException ex) {
			if (ex.getSQLState() != null && ex.getSQLState().startsWith("28")) {
				counts.rejected.incrementAndGet();
			}
			throw ex;
		}
	}

	@Override
	public boolean acceptsURL(String url) {
		try {
			return DriverManager.getDriver(url) != null;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
		return DriverManager.getDriver(url).getPropertyInfo(url, info);
	}

	@Override
	public int getMajorVersion() {
		return 1;
	}

	@Override
	public int getMinorVersion() {
		return 0;
	}

	@Override
	public boolean jdbcCompliant() {
		return false;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	/**
	 * Connection attempts of one user.
	 */
	public static final class Counts {

		private final AtomicInteger attempts = new AtomicInteger();

		private final AtomicInteger rejected = new AtomicInteger();

		private final Map<String, AtomicInteger> acceptedByPassword = new ConcurrentHashMap<>();

		public int attempts() {
			return this.attempts.get();
		}

		public int rejected() {
			return this.rejected.get();
		}

		public int acceptedWith(String password) {
			AtomicInteger accepted = this.acceptedByPassword.get(password);
			return (accepted != null) ? accepted.get() : 0;
		}

		public int accepted() {
			return this.acceptedByPassword.values().stream().mapToInt(AtomicInteger::get).sum();
		}

		@Override
		public String toString() {
			return "Counts[attempts=" + attempts() + ", rejected=" + rejected() + ", accepted=" + accepted() + "]";
		}

	}

}
