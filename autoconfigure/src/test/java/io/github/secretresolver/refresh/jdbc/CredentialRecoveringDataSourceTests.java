package io.github.secretresolver.refresh.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link CredentialRecoveringDataSource}.
 *
 * @author Secret Resolver contributors
 */
class CredentialRecoveringDataSourceTests {

	private static final DatabaseCredentials OLD = new DatabaseCredentials("app", "old");

	private static final DatabaseCredentials NEW = new DatabaseCredentials("app", "new");

	private static final DatabaseCredentials PENDING = new DatabaseCredentials("app", "pending");

	private final DataSource target = mock(DataSource.class);

	private final Connection connection = mock(Connection.class);

	private final AtomicReference<DatabaseCredentials> current = new AtomicReference<>(OLD);

	private final AtomicReference<DatabaseCredentials> pending = new AtomicReference<>();

	private final AtomicInteger looks = new AtomicInteger();

	private final List<DatabaseCredentials> settled = new ArrayList<>();

	private final AtomicInteger created = new AtomicInteger();

	private final CredentialRecoveringDataSource dataSource = new CredentialRecoveringDataSource(() -> {
		this.created.incrementAndGet();
		return this.target;
	}, new CredentialsRecovery(this.looks::incrementAndGet, this.current::get,
			() -> Optional.ofNullable(this.pending.get()), Duration.ofSeconds(5), System::nanoTime),
			this.settled::add, () -> "test-pool");

	@Test
	void getConnectionWhenAcceptedDoesNotLook() throws SQLException {
		given(this.target.getConnection("app", "old")).willReturn(this.connection);
		assertThat(this.dataSource.getConnection("app", "old")).isSameAs(this.connection);
		assertThat(this.looks).hasValue(0);
		assertThat(this.settled).isEmpty();
	}

	@Test
	void getConnectionWhenRejectedTriesNewCredentialsAndSettlesOnThem() throws SQLException {
		willThrow(rejection()).given(this.target).getConnection("app", "old");
		given(this.target.getConnection("app", "new")).willReturn(this.connection);
		this.current.set(NEW);
		assertThat(this.dataSource.getConnection("app", "old")).isSameAs(this.connection);
		assertThat(this.looks).hasValue(1);
		assertThat(this.settled).containsExactly(NEW);
	}

	@Test
	void getConnectionWhenCurrentIsRejectedTooTriesPending() throws SQLException {
		willThrow(rejection()).given(this.target).getConnection("app", "old");
		willThrow(rejection()).given(this.target).getConnection("app", "new");
		given(this.target.getConnection("app", "pending")).willReturn(this.connection);
		this.current.set(NEW);
		this.pending.set(PENDING);
		assertThat(this.dataSource.getConnection("app", "old")).isSameAs(this.connection);
		assertThat(this.settled).containsExactly(PENDING);
	}

	@Test
	void getConnectionWhenNothingIsAcceptedThrowsTheFirstRejection() throws SQLException {
		SQLException rejection = rejection();
		willThrow(rejection).given(this.target).getConnection("app", "old");
		willThrow(rejection()).given(this.target).getConnection("app", "pending");
		this.pending.set(PENDING);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.dataSource.getConnection("app", "old"))
			.isSameAs(rejection);
		assertThat(this.settled).isEmpty();
	}

	@Test
	void getConnectionWhenOtherFailureDoesNotLook() throws SQLException {
		SQLException refused = new SQLException("Connection refused", "08001");
		willThrow(refused).given(this.target).getConnection("app", "old");
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.dataSource.getConnection("app", "old"))
			.isSameAs(refused);
		assertThat(this.looks).hasValue(0);
	}

	@Test
	void getConnectionWhenRetryFailsOtherwiseThrowsThatFailure() throws SQLException {
		willThrow(rejection()).given(this.target).getConnection("app", "old");
		SQLException refused = new SQLException("Connection refused", "08001");
		willThrow(refused).given(this.target).getConnection("app", "new");
		this.current.set(NEW);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.dataSource.getConnection("app", "old"))
			.isSameAs(refused);
		assertThat(this.settled).isEmpty();
	}

	@Test
	void targetIsCreatedOnFirstUseOnly() throws SQLException {
		assertThat(this.created).hasValue(0);
		this.dataSource.setLoginTimeout(5);
		this.dataSource.getConnection();
		this.dataSource.getLoginTimeout();
		assertThat(this.created).hasValue(1);
	}

	@Test
	void unwrapGivesItselfOrTheTarget() throws SQLException {
		assertThat(this.dataSource.isWrapperFor(CredentialRecoveringDataSource.class)).isTrue();
		assertThat(this.dataSource.unwrap(CredentialRecoveringDataSource.class)).isSameAs(this.dataSource);
	}

	@Test
	void toStringShowsNoCredentials() {
		assertThat(this.dataSource).hasToString("CredentialRecoveringDataSource[pool=test-pool]");
	}

	private static SQLException rejection() {
		return new SQLException("password authentication failed for user \"app\"", "28P01");
	}

}
