package io.github.secretresolver.metrics;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.env.ReferenceState;
import io.github.secretresolver.env.ReferenceStatesFixture;
import io.github.secretresolver.refresh.SecretRefresher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretResolverMetrics}, with hand-filled reference states and refreshes.
 */
class SecretResolverMetricsTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ReferenceState failing = ReferenceStatesFixture.failing("ssm:/shop/db-host", NOW.minusSeconds(90),
			"ThrottlingException", "shop.db.host");

	private final List<ReferenceState> states = List.of(this.failing,
			ReferenceStatesFixture.healthy("ssm-secure:/shop/key", NOW, "shop.key"),
			ReferenceStatesFixture.healthy("secretsmanager:shop/db:SecretString:password", NOW, "shop.password"));

	@Test
	void gaugesCountReferencesPerServiceFailuresAndStaleness() {
		bind((selection) -> new RefreshResult(0, Set.of(), List.of()));
		assertThat(this.registry.get("secret.resolver.references").tag("service", "ssm").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("secret.resolver.references").tag("service", "secretsmanager").gauge().value())
			.isEqualTo(1);
		assertThat(this.registry.get("secret.resolver.references").tag("service", "kms").gauge().value()).isZero();
		assertThat(this.registry.get("secret.resolver.references.failing").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("secret.resolver.staleness").gauge().value()).isEqualTo(90);
	}

	@Test
	void refreshesAreTimedByOutcomeAndFailuresCountedByServiceAndError() {
		SecretRefresher refresher = bind((selection) -> new RefreshResult(3, Set.of(), List.of(this.failing)));
		refresher.refreshAll();
		refresher.refreshAll();
		assertThat(this.registry.get("secret.resolver.refresh").tag("outcome", "failed").timer().count()).isEqualTo(2);
		assertThat(this.registry.get("secret.resolver.refresh.failures")
			.tag("service", "ssm")
			.tag("error", "ThrottlingException")
			.counter()
			.count()).isEqualTo(2);
	}

	@Test
	void refreshThatChangedValuesIsTimedAsChanged() {
		SecretRefresher refresher = bind((selection) -> new RefreshResult(3, Set.of("shop.password"), List.of()));
		refresher.refreshAll();
		assertThat(this.registry.get("secret.resolver.refresh").tag("outcome", "changed").timer().count()).isOne();
	}

	@Test
	void tagsNeverCarryReferences() {
		SecretRefresher refresher = bind((selection) -> new RefreshResult(3, Set.of(), List.of(this.failing)));
		refresher.refreshAll();
		assertThat(this.registry.getMetersAsString()).doesNotContain("/shop").doesNotContain("<<resolve");
	}

	private SecretRefresher bind(SecretRefresher.RefreshPass pass) {
		SecretRefresher refresher = new SecretRefresher(pass, (event) -> {
		}, CircuitBreaker.ofDefaults("test"));
		new SecretResolverMetrics(() -> this.states, refresher, Clock.fixed(NOW, ZoneOffset.UTC)).bindTo(this.registry);
		return refresher;
	}

}
