package io.github.secretresolver.env;

import java.util.Map;
import java.util.Set;

import io.github.secretresolver.env.PlaceholderTemplate.Piece;
import io.github.secretresolver.reference.EmbeddedReference;
import io.github.secretresolver.reference.InvalidReferenceException;
import io.github.secretresolver.reference.ReferenceScanner;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PlaceholderTemplate}; where it matters, the composed value is read back through
 * a real {@link StandardEnvironment}, as Spring reads it.
 */
class PlaceholderTemplateTests {

	private static final String REFERENCE = "<<resolve:ssm:/shop/db-password>>";

	@Test
	void referenceOutsidePlaceholdersIsLive() {
		PlaceholderTemplate template = parse("jdbc://" + REFERENCE + ":5432/${db.name}", Set.of());
		assertThat(template.liveReferences()).extracting(EmbeddedReference::text).containsExactly(REFERENCE);
		assertThat(template.compose((reference) -> Piece.fetched("host"))).isEqualTo("jdbc://host:5432/${db.name}");
	}

	@Test
	void referenceInTheDefaultOfADefinedPlaceholderIsNotLive() {
		PlaceholderTemplate template = parse("${DB_PASSWORD:" + REFERENCE + "}", Set.of("DB_PASSWORD"));
		assertThat(template.liveReferences()).isEmpty();
		assertThat(template.compose((reference) -> {
			throw new IllegalStateException("not live");
		})).isEqualTo("${DB_PASSWORD}");
	}

	@Test
	void referenceInTheDefaultOfAnUndefinedPlaceholderIsLiveAndServedOutsideAnyPlaceholder() {
		PlaceholderTemplate template = parse("${DB_PASSWORD:" + REFERENCE + "}", Set.of());
		assertThat(template.liveReferences()).extracting(EmbeddedReference::text).containsExactly(REFERENCE);
		assertThat(template.compose((reference) -> Piece.fetched("s3cr3t:with-colon"))).isEqualTo("s3cr3t:with-colon");
	}

	@Test
	void composedValueReadsAsSpringWouldHaveReadThePlaceholder() {
		StandardEnvironment environment = environment(Map.of("DB_PASSWORD", "from-environment"));
		String defined = parse("pw=${DB_PASSWORD:" + REFERENCE + "};", Set.of("DB_PASSWORD"))
			.compose((reference) -> Piece.fetched("from-aws"));
		String undefined = parse("pw=${OTHER:" + REFERENCE + "};", Set.of())
			.compose((reference) -> Piece.fetched("from-aws"));
		assertThat(environment.resolvePlaceholders(defined)).isEqualTo("pw=from-environment;");
		assertThat(environment.resolvePlaceholders(undefined)).isEqualTo("pw=from-aws;");
	}

	@Test
	void nestedPlaceholdersAreDecidedFromTheOutside() {
		String written = "${A:${B:" + REFERENCE + "}}";
		assertThat(parse(written, Set.of("A")).liveReferences()).isEmpty();
		assertThat(parse(written, Set.of("A")).compose((reference) -> Piece.fetched("x"))).isEqualTo("${A}");
		assertThat(parse(written, Set.of("B")).compose((reference) -> Piece.fetched("x"))).isEqualTo("${B}");
		assertThat(parse(written, Set.of()).compose((reference) -> Piece.fetched("x"))).isEqualTo("x");
	}

	@Test
	void placeholderKeysAreAskedWithoutTheirDefault() {
		java.util.List<String> asked = new java.util.ArrayList<>();
		PlaceholderTemplate.parse(ReferenceScanner.scan("${app.${env}.password:" + REFERENCE + "}"), (key) -> {
			asked.add(key);
			return false;
		});
		assertThat(asked).containsExactly("app.${env}.password");
	}

	@Test
	void referenceInAPlaceholderKeyIsRefused() {
		assertThatExceptionOfType(InvalidReferenceException.class)
			.isThrownBy(() -> parse("${" + REFERENCE + "}", Set.of()))
			.withMessageContaining("placeholder");
		assertThatExceptionOfType(InvalidReferenceException.class)
			.isThrownBy(() -> parse("${app.${x:" + REFERENCE + "}:y}", Set.of()));
	}

	@Test
	void fetchedValueNeverOpensOrClosesAPlaceholder() {
		StandardEnvironment environment = environment(Map.of("user.name", "someone"));
		String composed = parse("a${b " + REFERENCE + " c", Set.of()).compose((reference) -> Piece.fetched("x}${user.name}"));
		assertThat(environment.resolvePlaceholders(composed)).isEqualTo("a${b x}${user.name} c");
	}

	@Test
	void escapedPlaceholderWrittenInTheValueStaysEscaped() {
		StandardEnvironment environment = environment(Map.of("user.name", "someone"));
		String composed = parse("\\${user.name}-" + REFERENCE, Set.of()).compose((reference) -> Piece.fetched("}"));
		assertThat(environment.resolvePlaceholders(composed)).isEqualTo("${user.name}-}");
	}

	@Test
	void placeholdersWithoutReferencesAreServedAsWritten() {
		String written = "${a:${b:c}}-" + REFERENCE + "-${d}";
		assertThat(parse(written, Set.of()).compose((reference) -> Piece.fetched("v"))).isEqualTo("${a:${b:c}}-v-${d}");
	}

	@Test
	void placeholderKeysListsEveryStaticKey() {
		assertThat(parse("x-${a.b}-${c:${d.e}}-${f.${g}}-" + REFERENCE, Set.of()).placeholderKeys())
			.containsExactlyInAnyOrder("a.b", "c", "d.e", "g");
	}

	@Test
	void separatorEscapedInAKeyIsPartOfTheKey() {
		assertThat(parse("${a\\:b:c}", Set.of()).placeholderKeys()).containsExactly("a:b");
	}

	@Test
	void markerCharacterInTheValueDoesNotConfuseReferences() {
		String composed = parse("\uE000-" + REFERENCE + "-\uE000", Set.of()).compose((reference) -> Piece.fetched("v"));
		assertThat(composed).isEqualTo("\uE000-v-\uE000");
	}

	private static PlaceholderTemplate parse(String written, Set<String> defined) {
		return PlaceholderTemplate.parse(ReferenceScanner.scan(written), defined::contains);
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
