package io.github.secretresolver.reference;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for {@link ReferenceScanner}, {@link ScannedValue} and {@link ReferenceSyntax}.
 *
 * @author Secret Resolver contributors
 */
class ReferenceScannerTests {

	private static final String UNKNOWN_OPTION = "unknown option after '|'; the options are '|ttl=DURATION' and, last, '|default=VALUE'";

	@Test
	void scanWhenNoReferenceReturnsSingleLiteralPart() {
		ScannedValue scanned = ReferenceScanner.scan("jdbc:postgresql://localhost:5432/shop");
		assertThat(scanned.parts()).containsExactly("jdbc:postgresql://localhost:5432/shop");
		assertThat(scanned.references()).isEmpty();
	}

	@Test
	void scanWhenEmptyReturnsNoParts() {
		ScannedValue scanned = ReferenceScanner.scan("");
		assertThat(scanned.parts()).isEmpty();
		assertThat(scanned.references()).isEmpty();
		assertThat(scanned.replace(EmbeddedReference::text)).isEmpty();
	}

	@Test
	void scanWhenOnlyReferenceReturnsSingleReferencePart() {
		ScannedValue scanned = ReferenceScanner.scan("<<resolve:ssm:/shop/db-host>>");
		assertThat(scanned.parts())
			.containsExactly(new EmbeddedReference("<<resolve:ssm:/shop/db-host>>", "ssm:/shop/db-host", null));
	}

	@Test
	void scanWhenSeveralReferencesReturnsReferencesWithLiteralTextBetween() {
		ScannedValue scanned = ReferenceScanner
			.scan("jdbc:postgresql://<<resolve:ssm:/shop/db-host>>:5432/<<resolve:ssm:/shop/db-name>>");
		EmbeddedReference host = new EmbeddedReference("<<resolve:ssm:/shop/db-host>>", "ssm:/shop/db-host", null);
		EmbeddedReference name = new EmbeddedReference("<<resolve:ssm:/shop/db-name>>", "ssm:/shop/db-name", null);
		assertThat(scanned.parts()).containsExactly("jdbc:postgresql://", host, ":5432/", name);
		assertThat(scanned.references()).containsExactly(host, name);
	}

	@Test
	void scanWhenAdjacentReferencesReturnsReferencesWithoutLiteralBetween() {
		ScannedValue scanned = ReferenceScanner
			.scan("<<resolve:ssm:/shop/user>><<resolve:secretsmanager:MySecret:SecretString:password>>!");
		assertThat(scanned.parts()).containsExactly(
				new EmbeddedReference("<<resolve:ssm:/shop/user>>", "ssm:/shop/user", null),
				new EmbeddedReference("<<resolve:secretsmanager:MySecret:SecretString:password>>",
						"secretsmanager:MySecret:SecretString:password", null),
				"!");
	}

	@Test
	void scanWhenSameReferenceTwiceReturnsBothOccurrences() {
		ScannedValue scanned = ReferenceScanner.scan("<<resolve:ssm:/a>>-<<resolve:ssm:/a>>");
		EmbeddedReference reference = new EmbeddedReference("<<resolve:ssm:/a>>", "ssm:/a", null);
		assertThat(scanned.references()).containsExactly(reference, reference);
	}

	@Test
	void scanWhenPlaceholderInsideReferenceKeepsPlaceholderRaw() {
		ScannedValue scanned = ReferenceScanner.scan("<<resolve:ssm:/shop/${APP_ENV}/db-host>>");
		assertThat(scanned.parts()).containsExactly(new EmbeddedReference("<<resolve:ssm:/shop/${APP_ENV}/db-host>>",
				"ssm:/shop/${APP_ENV}/db-host", null));
	}

	@Test
	void scanWhenPlaceholderWithDefaultInsideReferenceKeepsPlaceholderRaw() {
		ScannedValue scanned = ReferenceScanner
			.scan("url=<<resolve:ssm:/shop/${APP_ENV:dev}/db-host|default=${FALLBACK_HOST}>>");
		assertThat(scanned.parts()).containsExactly("url=",
				new EmbeddedReference("<<resolve:ssm:/shop/${APP_ENV:dev}/db-host|default=${FALLBACK_HOST}>>",
						"ssm:/shop/${APP_ENV:dev}/db-host", "${FALLBACK_HOST}"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "<< resolve:ssm:/shop/db-host>>", "{{resolve:ssm:/shop/db-host}}",
			"<<RESOLVE:ssm:/shop/db-host>>", "<<Resolve:ssm:/shop/db-host>>", "<resolve:ssm:/shop/db-host>",
			"<<resolve :ssm:/shop/db-host>>", "a >> b", "resolve:ssm:/shop/db-host", "<<resolve", ">>",
			"${resolve:ssm:/shop/db-host}", " " })
	void scanWhenNotReferenceSyntaxKeepsValueLiteral(String value) {
		ScannedValue scanned = ReferenceScanner.scan(value);
		assertThat(scanned.parts()).containsExactly(value);
		assertThat(scanned.references()).isEmpty();
		assertThat(ReferenceSyntax.containsReference(value)).isFalse();
	}

	@Test
	void scanWhenReferenceFollowedByExtraClosingBracketKeepsItLiteral() {
		ScannedValue scanned = ReferenceScanner.scan("<<resolve:ssm:/a>>>");
		assertThat(scanned.parts()).containsExactly(new EmbeddedReference("<<resolve:ssm:/a>>", "ssm:/a", null), ">");
	}

	@Test
	void scanWhenEmptyReferenceReturnsEmptyBody() {
		assertThat(ReferenceScanner.scan("<<resolve:>>").parts())
			.containsExactly(new EmbeddedReference("<<resolve:>>", "", null));
	}

	@Test
	void scanWhenNoDefaultReturnsRequiredReference() {
		EmbeddedReference reference = ReferenceScanner.scan("<<resolve:ssm:/shop/db-host>>").references().get(0);
		assertThat(reference.defaultValue()).isNull();
		assertThat(reference.isOptional()).isFalse();
		assertThat(reference).hasToString("<<resolve:ssm:/shop/db-host>>");
	}

	@ParameterizedTest
	@MethodSource("referencesWithDefault")
	void scanWhenDefaultOptionReturnsOptionalReference(String value, String body, String defaultValue) {
		EmbeddedReference reference = ReferenceScanner.scan(value).references().get(0);
		assertThat(reference.text()).isEqualTo(value);
		assertThat(reference.body()).isEqualTo(body);
		assertThat(reference.defaultValue()).isEqualTo(defaultValue);
		assertThat(reference.isOptional()).isTrue();
	}

	static Stream<Arguments> referencesWithDefault() {
		return Stream.of(arguments("<<resolve:ssm:/shop/db-host|default=localhost>>", "ssm:/shop/db-host", "localhost"),
				arguments("<<resolve:ssm:/shop/db-host|default=>>", "ssm:/shop/db-host", ""),
				arguments("<<resolve:ssm:/shop/flags|default=a|b|c>>", "ssm:/shop/flags", "a|b|c"),
				arguments("<<resolve:ssm:/shop/db-url|default=jdbc:h2:mem:shop>>", "ssm:/shop/db-url",
						"jdbc:h2:mem:shop"),
				arguments("<<resolve:ssm:/shop/x|default=a:b|default=c>>", "ssm:/shop/x", "a:b|default=c"),
				arguments("<<resolve:ssm:/shop/x|default= spaced value >>", "ssm:/shop/x", " spaced value "),
				arguments("<<resolve:secretsmanager:MySecret:SecretString:password|default=s3cr=t>>",
						"secretsmanager:MySecret:SecretString:password", "s3cr=t"),
				arguments("<<resolve:ssm:/shop/x|default=>value>>", "ssm:/shop/x", ">value"),
				arguments("<<resolve:|default=x>>", "", "x"));
	}

	@Test
	void scanWhenDefaultOptionKeepsLiteralTextAround() {
		ScannedValue scanned = ReferenceScanner.scan("host=<<resolve:ssm:/shop/db-host|default=localhost>>;port=5432");
		assertThat(scanned.parts()).containsExactly("host=",
				new EmbeddedReference("<<resolve:ssm:/shop/db-host|default=localhost>>", "ssm:/shop/db-host",
						"localhost"),
				";port=5432");
	}

	@ParameterizedTest
	@ValueSource(strings = { "<<resolve:ssm:/shop/db-host|foo>>", "<<resolve:ssm:/shop/db-host|foo=bar>>",
			"<<resolve:ssm:/shop/db-host|Default=x>>", "<<resolve:ssm:/shop/db-host|default>>",
			"<<resolve:ssm:/shop/db-host|>>", "<<resolve:ssm:/shop/db-host| default=x>>",
			"<<resolve:ssm:/shop/db-host||default=x>>", "ok <<resolve:ssm:/a>> then <<resolve:ssm:/b|foo>>" })
	void scanWhenUnknownOptionThrowsException(String value) {
		assertThatExceptionOfType(InvalidReferenceException.class).isThrownBy(() -> ReferenceScanner.scan(value))
			.withMessage(UNKNOWN_OPTION);
	}

	@ParameterizedTest
	@ValueSource(strings = { "<<resolve:", "<<resolve:ssm:/shop/db-host", "host=<<resolve:ssm:/shop/db-host>",
			"<<resolve:ssm:/shop/db-host}}", "<<resolve:ssm:/a>> and <<resolve:ssm:/b",
			"<<resolve:ssm:/a|default=x" })
	void scanWhenReferenceNotClosedThrowsException(String value) {
		assertThatExceptionOfType(InvalidReferenceException.class).isThrownBy(() -> ReferenceScanner.scan(value))
			.withMessage("reference is not closed with '>>'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "<<resolve:ssm:/a <<resolve:ssm:/b>>", "<<resolve:<<resolve:ssm:/b>>>>",
			"<<resolve:ssm:/a|default=<<resolve:ssm:/b>>" })
	void scanWhenReferenceNotClosedBeforeNextReferenceThrowsException(String value) {
		assertThatExceptionOfType(InvalidReferenceException.class).isThrownBy(() -> ReferenceScanner.scan(value))
			.withMessage("reference is not closed with '>>' before the next '<<resolve:'");
	}

	@Test
	void replaceRebuildsValueKeepingLiteralText() {
		ScannedValue scanned = ReferenceScanner
			.scan("jdbc:postgresql://<<resolve:ssm:/shop/db-host>>:5432/<<resolve:ssm:/shop/db-name>>?ssl=true");
		Map<String, String> values = Map.of("ssm:/shop/db-host", "db.internal", "ssm:/shop/db-name", "orders");
		assertThat(scanned.replace((reference) -> values.get(reference.body())))
			.isEqualTo("jdbc:postgresql://db.internal:5432/orders?ssl=true");
	}

	@Test
	void replaceWhenDefaultUsedRebuildsValue() {
		ScannedValue scanned = ReferenceScanner
			.scan("<<resolve:ssm:/shop/db-host|default=localhost>>:<<resolve:ssm:/shop/db-port|default=>>");
		assertThat(scanned.replace(EmbeddedReference::defaultValue)).isEqualTo("localhost:");
	}

	@Test
	void replaceWhenNoReferenceReturnsValue() {
		assertThat(ReferenceScanner.scan("plain ${text}").replace((reference) -> "unused")).isEqualTo("plain ${text}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "<<resolve:ssm:/a>>", "x<<resolve:ssm:/a>>y<<resolve:ssm:/b|default=c|d>>z",
			"<<resolve:ssm:/a>><<resolve:ssm:/b>>", "{{resolve:ssm:/a}} <<resolve:ssm:/${ENV}/a>> >>" })
	void replaceWithReferenceTextReturnsOriginalValue(String value) {
		assertThat(ReferenceScanner.scan(value).replace(EmbeddedReference::text)).isEqualTo(value);
	}

	@Test
	void partsAreUnmodifiable() {
		ScannedValue scanned = ReferenceScanner.scan("a<<resolve:ssm:/a>>");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> scanned.parts().add("b"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "<<resolve:ssm:/a>>", "jdbc://<<resolve:ssm:/a>>:5432", "<<resolve:", "x <<resolve:ssm",
			"<<resolve:kms:alias/x>>" })
	void containsReferenceWhenValueHasPrefixReturnsTrue(String value) {
		assertThat(ReferenceSyntax.containsReference(value)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "{{resolve:ssm:/a}}", "<< resolve:ssm:/a>>", "<<RESOLVE:ssm:/a>>",
			"<<resolve", "${ssm:/a}" })
	void containsReferenceWhenValueHasNoPrefixReturnsFalse(String value) {
		assertThat(ReferenceSyntax.containsReference(value)).isFalse();
	}

	@Test
	void containsReferenceAcceptsAnyCharSequence() {
		assertThat(ReferenceSyntax.containsReference(new StringBuilder("a<<resolve:ssm:/b>>"))).isTrue();
		assertThat(ReferenceSyntax.containsReference(new StringBuilder("a{{resolve:ssm:/b}}"))).isFalse();
	}

}
