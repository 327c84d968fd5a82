package io.github.secretresolver.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.secretresolver.env.ReferenceStatesFixture;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretsHealthIndicator}, with hand-filled reference states.
 */
class SecretsHealthIndicatorTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

	@Test
	void healthWhenEveryValueIsConfirmedIsUp() {
		SecretsHealthIndicator indicator = new SecretsHealthIndicator(
				() -> List.of(ReferenceStatesFixture.healthy("ssm:/shop/db-host", NOW, "shop.db.host")), () -> true,
				Duration.ofHours(1), CLOCK);
		Health health = indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("references", 1)
			.containsEntry("failing", 0L)
			.containsEntry("callingAws", true)
			.doesNotContainKey("stale");
	}

	@Test
	void healthWhenFailingForLessThanMaxStalenessIsUpAndCountsFailures() {
		SecretsHealthIndicator indicator = new SecretsHealthIndicator(() -> List.of(
				ReferenceStatesFixture.failing("ssm:/shop/db-host", NOW.minusSeconds(600), "ThrottlingException",
						"shop.db.host"),
				ReferenceStatesFixture.healthy("secretsmanager:shop/db", NOW, "shop.db.password")), () -> true,
				Duration.ofHours(1), CLOCK);
		Health health = indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("references", 2).containsEntry("failing", 1L);
	}

	@Test
	void healthWhenFailingForLongerThanMaxStalenessIsStaleAndNamesTheReference() {
		SecretsHealthIndicator indicator = new SecretsHealthIndicator(
				() -> List.of(ReferenceStatesFixture.failing("ssm:/shop/db-host", NOW.minusSeconds(7200),
						"ServiceUnavailable", "shop.db.host")),
				() -> false, Duration.ofHours(1), CLOCK);
		Health health = indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(SecretsHealthIndicator.STALE);
		assertThat(health.getDetails()).containsEntry("callingAws", false)
			.containsEntry("stale", List.of("<<resolve:ssm:/shop/db-host>> (ServiceUnavailable)"));
	}

}
