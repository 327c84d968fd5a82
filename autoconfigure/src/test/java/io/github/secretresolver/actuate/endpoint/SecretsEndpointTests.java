package io.github.secretresolver.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.secretresolver.actuate.endpoint.SecretsEndpoint.ReferenceDescriptor;
import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.env.ReferenceState;
import io.github.secretresolver.env.ReferenceStatesFixture;
import io.github.secretresolver.reference.ReferenceParser;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.refresh.SecretRefresher;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretsEndpoint}, with hand-filled reference states.
 */
class SecretsEndpointTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final List<ReferenceState> states = List.of(
			ReferenceStatesFixture.healthy("ssm:/shop/db-host", NOW, "shop.db.host", "shop.db.url"),
			ReferenceStatesFixture.failing("secretsmanager:shop/db:SecretString:password", NOW.minusSeconds(7200),
					"AccessDeniedException", "spring.datasource.password"));

	private final List<Predicate<SecretReference>> refreshed = new ArrayList<>();

	private final SecretRefresher refresher = new SecretRefresher((selection) -> {
		this.refreshed.add(selection);
		return new RefreshResult(1, Set.of("shop.db.host"), List.of(this.states.get(1)));
	}, (event) -> {
	}, CircuitBreaker.ofDefaults("test"));

	private final SecretsEndpoint endpoint = new SecretsEndpoint(() -> this.states, this.refresher, null,
			Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void secretsListsEveryReferenceWithoutValues() {
		SecretsEndpoint.SecretsDescriptor secrets = this.endpoint.secrets();
		assertThat(secrets.callingAws()).isTrue();
		assertThat(secrets.references()).extracting(ReferenceDescriptor::reference)
			.containsExactly("<<resolve:ssm:/shop/db-host>>",
					"<<resolve:secretsmanager:shop/db:SecretString:password>>");
		ReferenceDescriptor host = secrets.references().get(0);
		assertThat(host.service()).isEqualTo("ssm");
		assertThat(host.properties()).containsExactly("shop.db.host", "shop.db.url");
		assertThat(host.version()).isEqualTo("3");
		assertThat(host.lastRefresh()).isEqualTo(NOW);
		assertThat(host.lastError()).isNull();
		assertThat(host.stale()).isFalse();
		assertThat(host.nextRefresh()).isNull();
	}

	@Test
	void secretsReportsStalenessAndTheLastError() {
		ReferenceDescriptor password = this.endpoint.secrets().references().get(1);
		assertThat(password.lastError()).isEqualTo("AccessDeniedException");
		assertThat(password.stalenessSeconds()).isEqualTo(7200);
		assertThat(password.stale()).isTrue();
	}

	@Test
	void propertyListsTheReferencesItUses() {
		assertThat(this.endpoint.property("shop.db.url").references()).extracting(ReferenceDescriptor::reference)
			.containsExactly("<<resolve:ssm:/shop/db-host>>");
	}

	@Test
	void propertyWhenUnknownReturnsNull() {
		assertThat(this.endpoint.property("shop.other")).isNull();
	}

	@Test
	void refreshRefreshesEveryReference() {
		SecretsEndpoint.RefreshDescriptor result = this.endpoint.refresh();
		assertThat(result.references()).isOne();
		assertThat(result.changedProperties()).containsExactly("shop.db.host");
		assertThat(result.failedReferences())
			.containsExactly("<<resolve:secretsmanager:shop/db:SecretString:password>> (AccessDeniedException)");
		assertThat(this.refreshed).singleElement()
			.satisfies((selection) -> assertThat(selection.test(this.states.get(1).reference())).isTrue());
	}

	@Test
	void refreshPropertyRefreshesOnlyTheReferencesItUses() {
		this.endpoint.refreshProperty("spring.datasource.password");
		assertThat(this.refreshed).singleElement().satisfies((selection) -> {
			assertThat(selection.test(this.states.get(1).reference())).isTrue();
			assertThat(selection.test(this.states.get(0).reference())).isFalse();
			assertThat(selection.test(ReferenceParser.parse("ssm:/other"))).isFalse();
		});
	}

}
