package io.github.secretresolver.refresh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.secretresolver.SecretsRefreshedEvent;
import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.env.ReferenceState;
import io.github.secretresolver.env.ReferenceStatesFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretRefresher}.
 */
class SecretRefresherTests {

	private static final ReferenceState THROTTLED = ReferenceStatesFixture.failing("ssm:/shop/db-host",
			Instant.parse("2026-12-01T12:00:00Z"), "ThrottlingException", "shop.db.host");

	private final List<Object> events = new ArrayList<>();

	private final AtomicInteger passes = new AtomicInteger();

	private final CircuitBreaker circuitBreaker = CircuitBreaker.of("test",
			CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(3)
				.minimumNumberOfCalls(3)
				.failureRateThreshold(100)
				.waitDurationInOpenState(Duration.ofMinutes(1))
				.build());

	@Test
	void refreshWhenValuesChangedPublishesTheChangedPropertyNames() {
		SecretRefresher refresher = refresher(new RefreshResult(2, Set.of("shop.db.host"), List.of()));
		refresher.refreshAll();
		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(SecretsRefreshedEvent.class,
					(event) -> assertThat(event.getChangedProperties()).containsExactly("shop.db.host"));
	}

	@Test
	void refreshWhenNothingChangedPublishesNothing() {
		refresher(new RefreshResult(2, Set.of(), List.of())).refreshAll();
		assertThat(this.events).isEmpty();
	}

	@Test
	void refreshAfterThreeTransientFailuresStopsCallingAws() {
		SecretRefresher refresher = refresher(new RefreshResult(1, Set.of(), List.of(THROTTLED)));
		for (int pass = 0; pass < 5; pass++) {
			refresher.refreshAll();
		}
		assertThat(this.passes).hasValue(3);
		assertThat(refresher.isCallingAws()).isFalse();
		assertThat(refresher.refreshAll().transientFailure()).isTrue();
	}

	@Test
	void refreshWhenFailuresArePermanentKeepsCallingAws() {
		ReferenceState denied = ReferenceStatesFixture.failing("ssm:/shop/db-host",
				Instant.parse("2026-12-01T12:00:00Z"), "AccessDeniedException", "shop.db.host");
		SecretRefresher refresher = refresher(new RefreshResult(1, Set.of(), List.of(denied)));
		for (int pass = 0; pass < 5; pass++) {
			refresher.refreshAll();
		}
		assertThat(this.passes).hasValue(5);
		assertThat(refresher.isCallingAws()).isTrue();
	}

	@Test
	void observersAreToldAboutEveryRefresh() {
		SecretRefresher refresher = refresher(new RefreshResult(1, Set.of(), List.of()));
		List<Boolean> calledAws = new ArrayList<>();
		refresher.addObserver((result, duration, called) -> calledAws.add(called));
		refresher.refreshAll();
		assertThat(calledAws).containsExactly(true);
	}

	private SecretRefresher refresher(RefreshResult result) {
		return new SecretRefresher((selection) -> {
			this.passes.incrementAndGet();
			return result;
		}, this.events::add, this.circuitBreaker);
	}

}
