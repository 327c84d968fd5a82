package io.github.secretresolver.refresh.jdbc;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthenticationFailures}.
 *
 * @author Secret Resolver contributors
 */
class AuthenticationFailuresTests {

	@Test
	void isAuthenticationFailureWhenSqlStateIsClass28() {
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException("no", "28P01"))).isTrue();
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException("no", "28000", 1045))).isTrue();
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLInvalidAuthorizationSpecException("no",
				"28000"))).isTrue();
	}

	@Test
	void isAuthenticationFailureWhenVendorCodeSaysSo() {
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException("Login failed", "S0001", 18456)))
			.isTrue();
		assertThat(AuthenticationFailures
			.isAuthenticationFailure(new SQLException("ORA-01017: invalid username/password", "72000", 1017)))
			.isTrue();
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException("Access denied", null, 1045)))
			.isTrue();
	}

	@Test
	void isAuthenticationFailureWhenCauseOrNextExceptionIsOne() {
		SQLException wrapped = new SQLTransientConnectionException("pool", "08001",
				new SQLException("no", "28P01"));
		assertThat(AuthenticationFailures.isAuthenticationFailure(wrapped)).isTrue();
		SQLException chained = new SQLException("first", "08001");
		chained.setNextException(new SQLException("second", "28000"));
		assertThat(AuthenticationFailures.isAuthenticationFailure(chained)).isTrue();
	}

	@Test
	void isAuthenticationFailureWhenOtherFailureIsFalse() {
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException("refused", "08001"))).isFalse();
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException("timeout"))).isFalse();
		assertThat(AuthenticationFailures.isAuthenticationFailure(new SQLException("ORA-12541", "08006", 1017)))
			.isFalse();
	}

	@Test
	void isAuthenticationFailureWhenCausesFormACycleEnds() {
		SQLException first = new SQLException("first", "08001");
		SQLException second = new SQLException("second", "08001", first);
		first.initCause(second);
		assertThat(AuthenticationFailures.isAuthenticationFailure(first)).isFalse();
	}

	@Test
	void describeGivesCodesNotTheMessage() {
		SQLException rejection = new SQLException("password authentication failed for user \"app\"", "28P01");
		assertThat(AuthenticationFailures.describe(new SQLException("wrapper", "08001", rejection)))
			.isEqualTo("SQLState 28P01, error code 0")
			.doesNotContain("app");
	}

}
