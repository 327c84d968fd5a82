package io.github.secretresolver.refresh.jdbc;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Recognises a database that refused the credentials of a connection attempt: SQLState class
 * {@code 28} (invalid authorization specification, as PostgreSQL's {@code 28P01} and
 * {@code 28000}, MySQL's and MariaDB's {@code 28000}, H2's {@code 28000}), and the vendor codes of
 * drivers that report it otherwise (MySQL 1045, SQL Server 18456, Oracle ORA-01017).
 *
 * @author Secret Resolver contributors
 */
final class AuthenticationFailures {

	private static final String AUTHORIZATION_CLASS = "28";

	private static final int MYSQL_ACCESS_DENIED = 1045;

	private static final int SQL_SERVER_LOGIN_FAILED = 18456;

	private static final int ORACLE_INVALID_LOGON = 1017;

	private static final int MAX_DEPTH = 16;

	private AuthenticationFailures() {
	}

	/**
	 * Return whether an exception, one of its causes or one of its chained exceptions says that
	 * the database refused the credentials.
	 * @param exception the exception thrown by a connection attempt
	 * @return whether the credentials were refused
	 */
	static boolean isAuthenticationFailure(SQLException exception) {
		return find(exception) != null;
	}

	/**
	 * Describe the refusal by its codes, for log messages: never the driver's message, which may
	 * name the user.
	 * @param exception the exception thrown by a connection attempt
	 * @return for example {@code SQLState 28P01}
	 */
	static String describe(SQLException exception) {
		SQLException failure = find(exception);
		SQLException described = (failure != null) ? failure : exception;
		return "SQLState " + described.getSQLState() + ", error code " + described.getErrorCode();
	}

	private static @Nullable SQLException find(SQLException exception) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		return find(exception, seen, 0);
	}

	private static @Nullable SQLException find(@Nullable Throwable throwable, Set<Throwable> seen, int depth) {
		if (throwable == null || depth > MAX_DEPTH || !seen.add(throwable)) {
			return null;
		}
		if (throwable instanceof SQLException sql) {
			if (refusesCredentials(sql)) {
				return sql;
			}
			SQLException next = find(sql.getNextException(), seen, depth + 1);
			if (next != null) {
				return next;
			}
		}
		return find(throwable.getCause(), seen, depth + 1);
	}

	private static boolean refusesCredentials(SQLException exception) {
		String state = exception.getSQLState();
		if (state != null && state.startsWith(AUTHORIZATION_CLASS)) {
			return true;
		}
		int code = exception.getErrorCode();
		return code == MYSQL_ACCESS_DENIED || code == SQL_SERVER_LOGIN_FAILED
				|| (code == ORACLE_INVALID_LOGON && String.valueOf(exception.getMessage()).contains("ORA-01017"));
	}

}
