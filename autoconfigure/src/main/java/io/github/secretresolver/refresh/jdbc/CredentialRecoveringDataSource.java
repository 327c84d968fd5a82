package io.github.secretresolver.refresh.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.github.secretresolver.refresh.jdbc.CredentialsRecovery.Candidate;
import io.github.secretresolver.refresh.jdbc.CredentialsRecovery.Candidates;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.function.SingletonSupplier;

/**
 * The data source a HikariCP pool opens its connections from: HikariCP's own driver data source,
 * created when the pool starts, with one addition. When the database rejects the credentials of
 * a connection attempt, it asks {@link CredentialsRecovery} for newer ones, tries them at once,
 * and lets the pool settle on the first the database accepts: the pool gets its connection
 * without seeing the failure, and opens the next ones with the accepted credentials.
 *
 * @author Secret Resolver contributors
 */
final class CredentialRecoveringDataSource implements DataSource {

	private static final Log logger = LogFactory.getLog(CredentialRecoveringDataSource.class);

	private final Supplier<DataSource> target;

	private final CredentialsRecovery recovery;

	private final Consumer<DatabaseCredentials> settle;

	private final Supplier<String> poolName;

	/**
	 * Create a new instance.
	 * @param target creates the data source that opens connections, on first use
	 * @param recovery finds credentials to try after a rejection
	 * @param settle gives the pool credentials the database accepted
	 * @param poolName the pool's name, for log messages
	 */
	CredentialRecoveringDataSource(Supplier<DataSource> target, CredentialsRecovery recovery,
			Consumer<DatabaseCredentials> settle, Supplier<String> poolName) {
		this.target = SingletonSupplier.of(target);
		this.recovery = recovery;
		this.settle = settle;
		this.poolName = poolName;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.target.get().getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		try {
			return this.target.get().getConnection(username, password);
		}
		catch (SQLException ex) {
			if (!AuthenticationFailures.isAuthenticationFailure(ex)) {
				throw ex;
			}
			return recover(new DatabaseCredentials(username, password), ex);
		}
	}

	private Connection recover(DatabaseCredentials rejected, SQLException rejection) throws SQLException {
		Candidates candidates = this.recovery.candidates(rejected);
		for (Candidate candidate : candidates.candidates()) {
			Connection connection;
			try {
				connection = this.target.get()
					.getConnection(candidate.credentials().username(), candidate.credentials().password());
			}
			catch (SQLException ex) {
				if (AuthenticationFailures.isAuthenticationFailure(ex)) {
					continue;
				}
				throw ex;
			}
			this.settle.accept(candidate.credentials());
			logger.info("The database rejected the credentials of connection pool '" + this.poolName.get() + "' ("
					+ AuthenticationFailures.describe(rejection) + ") and accepted the "
					+ ((candidate.version() == Candidate.Version.PENDING)
							? "credentials a rotation in progress has staged (AWSPENDING)" : "current credentials")
					+ "; new connections use them");
			return connection;
		}
		if (candidates.looked()) {
			logger.warn("The database rejected the credentials of connection pool '" + this.poolName.get() + "' ("
					+ AuthenticationFailures.describe(rejection) + "), and "
					+ (candidates.candidates().isEmpty() ? "AWS holds no other credentials"
							: "the other credentials AWS holds too")
					+ (candidates.pending() ? " (AWSPENDING included)" : "")
					+ "; the pool keeps retrying, and looks again for new credentials at most once per "
					+ "few seconds");
		}
		throw rejection;
	}

	@Override
	public PrintWriter getLogWriter() throws SQLException {
		return this.target.get().getLogWriter();
	}

	@Override
	public void setLogWriter(PrintWriter out) throws SQLException {
		this.target.get().setLogWriter(out);
	}

	@Override
	public void setLoginTimeout(int seconds) throws SQLException {
		this.target.get().setLoginTimeout(seconds);
	}

	@Override
	public int getLoginTimeout() throws SQLException {
		return this.target.get().getLoginTimeout();
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		return this.target.get().getParentLogger();
	}

	@Override
	public <T> T unwrap(Class<T> type) throws SQLException {
		return type.isInstance(this) ? type.cast(this) : this.target.get().unwrap(type);
	}

	@Override
	public boolean isWrapperFor(Class<?> type) throws SQLException {
		return type.isInstance(this) || this.target.get().isWrapperFor(type);
	}

	@Override
	public String toString() {
		return "CredentialRecoveringDataSource[pool=" + this.poolName.get() + "]";
	}

}
