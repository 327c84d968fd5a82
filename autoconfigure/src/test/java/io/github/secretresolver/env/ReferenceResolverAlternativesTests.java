package io.github.secretresolver.env;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.fetch.FetchResult;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReferenceResolver#referencesBehind} and
 * {@link ReferenceResolver#readWithAlternatives}.
 *
 * @author Secret Resolver contributors
 */
class ReferenceResolverAlternativesTests {

	private static final SecretReference USERNAME = new SecretsManagerReference("db", "username", null, null);

	private static final SecretReference PASSWORD = new SecretsManagerReference("db", "password", null, null);

	private static final SecretReference PENDING_USERNAME = new SecretsManagerReference("db", "username",
			"AWSPENDING", null);

	private static final SecretReference PENDING_PASSWORD = new SecretsManagerReference("db", "password",
			"AWSPENDING", null);

	private final Map<SecretReference, FetchResult> values = new HashMap<>();

	private final List<List<SecretReference>> fetches = new ArrayList<>();

	private final StandardEnvironment environment = new StandardEnvironment();

	private final ReferenceResolver resolver = new ReferenceResolver(this::fetch, Clock.systemUTC());

	@BeforeEach
	void resolve() {
		this.values.put(USERNAME, FetchResult.success("app", "v1"));
		this.values.put(PASSWORD, FetchResult.success("current-pw", "v1"));
		this.values.put(new SecretsManagerReference("other", null, null, null), FetchResult.success("x", "v1"));
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.username", "<<resolve:secretsmanager:db:SecretString:username>>");
		properties.put("db.password", "<<resolve:secretsmanager:db:SecretString:password>>");
		properties.put("spring.datasource.password", "${db.password}");
		properties.put("other", "<<resolve:secretsmanager:other>>");
		this.environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		ConfigurationPropertySources.attach(this.environment);
		this.resolver.resolve(this.environment);
		this.fetches.clear();
	}

	@Test
	void referencesBehindFollowsPlaceholders() {
		assertThat(
				this.resolver.referencesBehind(List.of("spring.datasource.username", "spring.datasource.password")))
			.containsExactly(USERNAME, PASSWORD);
		assertThat(this.resolver.referencesBehind(List.of("spring.datasource.url"))).isEmpty();
	}

	@Test
	void referencesBehindAcceptsEnvironmentVariableNames() {
		assertThat(this.resolver.referencesBehind(List.of("SPRING_DATASOURCE_PASSWORD"))).containsExactly(PASSWORD);
	}

	@Test
	void readWithAlternativesReadsOtherVersionsWithoutServingThem() {
		this.values.put(PENDING_USERNAME, FetchResult.success("app", "v2"));
		this.values.put(PENDING_PASSWORD, FetchResult.success("pending-pw", "v2"));
		Optional<Map<String, String>> read = this.resolver.readWithAlternatives(this.environment,
				List.of("spring.datasource.username", "spring.datasource.password"),
				ReferenceResolverAlternativesTests::pending);
		assertThat(read)
			.contains(Map.of("spring.datasource.username", "app", "spring.datasource.password", "pending-pw"));
		assertThat(this.fetches).singleElement()
			.satisfies((fetched) -> assertThat(fetched).containsExactlyInAnyOrder(PENDING_USERNAME, PENDING_PASSWORD));
		assertThat(this.environment.getProperty("spring.datasource.password")).isEqualTo("current-pw");
		assertThat(this.environment.getProperty("db.password")).isEqualTo("current-pw");
	}

	@Test
	void readWithAlternativesWhenEnvironmentVariablesHoldTheReferences() {
		Map<String, Object> variables = Map.of("SPRING_DATASOURCE_PASSWORD",
				"<<resolve:secretsmanager:db:SecretString:password>>");
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		ConfigurationPropertySources.attach(environment);
		ReferenceResolver resolver = new ReferenceResolver(this::fetch, Clock.systemUTC());
		resolver.resolve(environment);
		this.values.put(PENDING_PASSWORD, FetchResult.success("pending-pw", "v2"));
		assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("current-pw");
		assertThat(resolver.readWithAlternatives(environment, List.of("spring.datasource.password"),
				ReferenceResolverAlternativesTests::pending))
			.contains(Map.of("spring.datasource.password", "pending-pw"));
		assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("current-pw");
	}

	@Test
	void readWithAlternativesWhenNoOtherVersionExistsIsEmpty() {
		this.values.put(PENDING_USERNAME, FetchResult.failure(FetchFailure.notFound("ResourceNotFoundException",
				"Secrets Manager can't find the specified secret value for staging label: AWSPENDING")));
		this.values.put(PENDING_PASSWORD, FetchResult.failure(FetchFailure.notFound("ResourceNotFoundException",
				"Secrets Manager can't find the specified secret value for staging label: AWSPENDING")));
		assertThat(this.resolver.readWithAlternatives(this.environment, List.of("spring.datasource.password"),
				ReferenceResolverAlternativesTests::pending))
			.isEmpty();
	}

	@Test
	void readWithAlternativesWhenNoReferenceHasAnotherVersionFetchesNothing() {
		assertThat(this.resolver.readWithAlternatives(this.environment, List.of("spring.datasource.password"),
				(reference) -> reference))
			.isEmpty();
		assertThat(this.fetches).isEmpty();
	}

	private Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references) {
		this.fetches.add(List.copyOf(references));
		Map<SecretReference, FetchResult> results = new LinkedHashMap<>();
		references.forEach((reference) -> results.put(reference, this.values.get(reference)));
		return results;
	}

	private static SecretReference pending(SecretReference reference) {
		return (reference instanceof SecretsManagerReference secret && secret.versionStage() == null)
				? new SecretsManagerReference(secret.secretId(), secret.jsonKey(), "AWSPENDING", null) : reference;
	}

}
