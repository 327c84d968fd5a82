package io.github.secretresolver.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.env.ReferenceState;
import io.github.secretresolver.env.ReferenceStatesFixture;
import io.github.secretresolver.reference.SecretReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RefreshScheduler}, with hand-filled reference states.
 */
class RefreshSchedulerTests {

	private static final Instant NOW = Instant.now();

	private final ReferenceState parameter = ReferenceStatesFixture.healthy("ssm:/shop/db-host", NOW, "shop.db.host");

	private final ReferenceState secret = ReferenceStatesFixture.healthy("secretsmanager:shop/db", NOW, "shop.db");

	private final ReferenceState fast = ReferenceStatesFixture.withInterval("ssm:/shop/flags", NOW,
			Duration.ofSeconds(1), "shop.flags");

	private final List<List<SecretReference>> passes = new CopyOnWriteArrayList<>();

	@Test
	void startWithoutReferencesStartsNoThread() {
		RefreshScheduler scheduler = scheduler(List.of(), Duration.ofMinutes(10));
		scheduler.start();
		try {
			assertThat(scheduler.isRunning()).isFalse();
		}
		finally {
			scheduler.stop();
		}
	}

	@Test
	void nextRefreshFollowsEachServiceInterval() {
		RefreshScheduler scheduler = scheduler(List.of(this.parameter, this.secret), Duration.ofMinutes(10));
		scheduler.start();
		try {
			assertThat(scheduler.isRunning()).isTrue();
			assertThat(scheduler.nextRefresh(this.parameter.reference())).isBetween(NOW.plusSeconds(500),
					NOW.plusSeconds(700));
			assertThat(scheduler.nextRefresh(this.secret.reference())).isBetween(NOW.plusSeconds(3000),
					NOW.plusSeconds(4000));
		}
		finally {
			scheduler.stop();
		}
		assertThat(scheduler.isRunning()).isFalse();
	}

	@Test
	void referenceWithItsOwnIntervalIsRefreshedAloneOnIt() throws InterruptedException {
		RefreshScheduler scheduler = scheduler(List.of(this.parameter, this.fast), Duration.ofMinutes(10));
		scheduler.start();
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (this.passes.size() < 2 && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
		}
		finally {
			scheduler.stop();
		}
		assertThat(this.passes).hasSizeGreaterThanOrEqualTo(2)
			.allSatisfy((selected) -> assertThat(selected).containsExactly(this.fast.reference()));
	}

	private RefreshScheduler scheduler(List<ReferenceState> states, Duration secretsManagerInterval) {
		SecretRefresher refresher = new SecretRefresher((selection) -> {
			this.passes.add(states.stream().map(ReferenceState::reference).filter(selection).toList());
			return new RefreshResult(1, Set.of(), List.of());
		}, (event) -> {
		}, CircuitBreaker.ofDefaults("test"));
		return new RefreshScheduler(refresher, () -> states, Duration.ofMinutes(10), secretsManagerInterval.multipliedBy(6),
				0.1, Duration.ofSeconds(1));
	}

}
