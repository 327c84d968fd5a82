package io.github.secretresolver.env;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.fetch.FetchResult;
import io.github.secretresolver.reference.SecretReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what the resolver derives from the uses of each reference across the written values:
 * the properties that use it, and whether its value may be absent because every use has a
 * default.
 *
 * @author Secret Resolver contributors
 */
class ReferenceUsesTests {

	private final Set<String> absent = new HashSet<>();

	private final StandardEnvironment environment = new StandardEnvironment();

	private final ReferenceResolver resolver = new ReferenceResolver(this::fetch, Clock.systemUTC());

	@BeforeEach
	void resolve() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("shop.both-defaulted.first", "<<resolve:ssm:/shop/flag|default=off>>");
		properties.put("shop.both-defaulted.second", "mode-<<resolve:ssm:/shop/flag|default=on>>");
		properties.put("shop.one-defaulted.first", "<<resolve:ssm:/shop/host|default=localhost>>");
		properties.put("shop.one-defaulted.second", "<<resolve:ssm:/shop/host>>");
		properties.put("shop.one-defaulted.third", "https://<<resolve:ssm:/shop/host>>:<<resolve:ssm:/shop/port>>");
		this.environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		ConfigurationPropertySources.attach(this.environment);
		this.resolver.resolve(this.environment);
	}

	@Test
	void statesNameEveryPropertyThatUsesAReference() {
		Map<String, Set<String>> properties = new LinkedHashMap<>();
		this.resolver.states().current().forEach((state) -> properties.put(state.reference().text(), state.properties()));
		assertThat(properties).containsOnly(
				Map.entry("<<resolve:ssm:/shop/flag>>", Set.of("shop.both-defaulted.first", "shop.both-defaulted.second")),
				Map.entry("<<resolve:ssm:/shop/host>>",
						Set.of("shop.one-defaulted.first", "shop.one-defaulted.second", "shop.one-defaulted.third")),
				Map.entry("<<resolve:ssm:/shop/port>>", Set.of("shop.one-defaulted.third")));
	}

	@Test
	void valueGoneIsAFailureUnlessEveryUseHasADefault() {
		this.absent.add("<<resolve:ssm:/shop/flag>>");
		this.absent.add("<<resolve:ssm:/shop/host>>");
		RefreshResult result = this.resolver.refresh(this.environment, (reference) -> true);
		assertThat(result.failed()).singleElement().satisfies((state) -> {
			assertThat(state.reference().text()).isEqualTo("<<resolve:ssm:/shop/host>>");
			assertThat(state.properties()).containsExactly("shop.one-defaulted.first", "shop.one-defaulted.second",
					"shop.one-defaulted.third");
		});
		assertThat(this.environment.getProperty("shop.both-defaulted.first")).isEqualTo("off");
		assertThat(this.environment.getProperty("shop.both-defaulted.second")).isEqualTo("mode-on");
		assertThat(this.environment.getProperty("shop.one-defaulted.second")).isEqualTo("db.internal");
		assertThat(this.resolver.states().current())
			.filteredOn((state) -> state.reference().text().equals("<<resolve:ssm:/shop/flag>>"))
			.singleElement()
			.satisfies((state) -> assertThat(state.lastFailure()).isNull());
	}

	private Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references) {
		Map<SecretReference, FetchResult> results = new LinkedHashMap<>();
		for (SecretReference reference : references) {
			String text = reference.text();
			FetchResult result = this.absent.contains(text)
					? FetchResult.failure(FetchFailure.notFound("ParameterNotFound", "not found"))
					: FetchResult.success(text.contains("host") ? "db.internal" : text.contains("port") ? "5432" : "on",
							"1");
			results.put(reference, result);
		}
		return results;
	}

}
