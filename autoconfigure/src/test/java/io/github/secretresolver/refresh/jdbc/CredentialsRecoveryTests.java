package io.github.secretresolver.refresh.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.secretresolver.refresh.jdbc.CredentialsRecovery.Candidate;
import io.github.secretresolver.refresh.jdbc.CredentialsRecovery.Candidates;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CredentialsRecovery}.
 *
 * @author Secret Resolver contributors
 */
class CredentialsRecoveryTests {

	private static final DatabaseCredentials OLD = new DatabaseCredentials("app", "old");

	private static final DatabaseCredentials NEW = new DatabaseCredentials("app", "new");

	private static final DatabaseCredentials PENDING = new DatabaseCredentials("app", "pending");

	private final AtomicLong nanoTime = new AtomicLong(1_000);

	private final AtomicInteger refreshes = new AtomicInteger();

	private final AtomicInteger pendingLookups = new AtomicInteger();

	private final AtomicReference<DatabaseCredentials> current = new AtomicReference<>(OLD);

	private final AtomicReference<DatabaseCredentials> pending = new AtomicReference<>();

	private final AtomicReference<Runnable> onRefresh = new AtomicReference<>(() -> {
	});

	private final CredentialsRecovery recovery = new CredentialsRecovery(() -> {
		this.refreshes.incrementAndGet();
		this.onRefresh.get().run();
	}, this.current::get, () -> {
				this.pendingLookups.incrementAndGet();
				return Optional.ofNullable(this.pending.get());
			}, Duration.ofSeconds(5), this.nanoTime::get);

	@Test
	void candidatesWhenRefreshBroughtNewCredentialsGivesThem() {
		this.onRefresh.set(() -> this.current.set(NEW));
		Candidates candidates = this.recovery.candidates(OLD);
		assertThat(candidates.looked()).isTrue();
		assertThat(candidates.candidates()).containsExactly(new Candidate(NEW, Candidate.Version.CURRENT));
		assertThat(this.refreshes).hasValue(1);
	}

	@Test
	void candidatesWhenNothingChangedIsEmpty() {
		Candidates candidates = this.recovery.candidates(OLD);
		assertThat(candidates.candidates()).isEmpty();
		assertThat(candidates.pending()).isFalse();
		assertThat(this.refreshes).hasValue(1);
		assertThat(this.pendingLookups).hasValue(1);
	}

	@Test
	void candidatesWhenRotationInProgressGivesPendingAfterCurrent() {
		this.pending.set(PENDING);
		assertThat(this.recovery.candidates(OLD).candidates())
			.containsExactly(new Candidate(PENDING, Candidate.Version.PENDING));
		this.current.set(NEW);
		this.nanoTime.addAndGet(Duration.ofSeconds(5).toNanos());
		assertThat(this.recovery.candidates(OLD).candidates()).containsExactly(
				new Candidate(NEW, Candidate.Version.CURRENT), new Candidate(PENDING, Candidate.Version.PENDING));
	}

	@Test
	void candidatesWhenPendingEqualsCurrentGivesItOnce() {
		this.current.set(NEW);
		this.pending.set(NEW);
		assertThat(this.recovery.candidates(OLD).candidates())
			.containsExactly(new Candidate(NEW, Candidate.Version.CURRENT));
	}

	@Test
	void candidatesWithinIntervalDoNotCallAwsAgainButSeeCurrentCredentials() {
		this.recovery.candidates(OLD);
		this.nanoTime.addAndGet(Duration.ofSeconds(4).toNanos());
		this.current.set(NEW);
		Candidates candidates = this.recovery.candidates(OLD);
		assertThat(candidates.looked()).isFalse();
		assertThat(candidates.candidates()).containsExactly(new Candidate(NEW, Candidate.Version.CURRENT));
		assertThat(this.refreshes).hasValue(1);
		assertThat(this.pendingLookups).hasValue(1);
		this.nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());
		assertThat(this.recovery.candidates(NEW).looked()).isTrue();
		assertThat(this.refreshes).hasValue(2);
	}

	@Test
	void candidatesWhenLookFailsGivesCurrentAndWaitsForTheInterval() {
		CredentialsRecovery failing = new CredentialsRecovery(() -> {
			this.refreshes.incrementAndGet();
			throw new IllegalStateException("AWS down");
		}, this.current::get, Optional::empty, Duration.ofSeconds(5), this.nanoTime::get);
		this.current.set(NEW);
		assertThat(failing.candidates(OLD).candidates()).containsExactly(new Candidate(NEW, Candidate.Version.CURRENT));
		failing.candidates(OLD);
		assertThat(this.refreshes).hasValue(1);
		assertThat(failing.looks()).isOne();
	}

	@Test
	void concurrentRejectionsShareOneLook() throws Exception {
		CountDownLatch refreshing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CredentialsRecovery slow = new CredentialsRecovery(() -> {
			this.refreshes.incrementAndGet();
			refreshing.countDown();
			await(release);
			this.current.set(NEW);
		}, this.current::get, Optional::empty, Duration.ofSeconds(5), this.nanoTime::get);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Candidates>> results = new ArrayList<>();
			results.add(threads.submit(() -> slow.candidates(OLD)));
			assertThat(refreshing.await(10, TimeUnit.SECONDS)).isTrue();
			for (int i = 0; i < 7; i++) {
				results.add(threads.submit(() -> slow.candidates(OLD)));
			}
			release.countDown();
			for (Future<Candidates> result : results) {
				assertThat(result.get(10, TimeUnit.SECONDS).candidates())
					.containsExactly(new Candidate(NEW, Candidate.Version.CURRENT));
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.refreshes).hasValue(1);
		assertThat(slow.looks()).isOne();
	}

	@Test
	void toStringShowsNoCredentials() {
		this.pending.set(PENDING);
		this.recovery.candidates(OLD);
		assertThat(this.recovery.toString()).doesNotContain("pending").doesNotContain("old");
		assertThat(PENDING.toString()).doesNotContain("pending").doesNotContain("app");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
