package io.github.secretresolver.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JsonKeyExtractor}.
 *
 * @author Secret Resolver contributors
 */
class JsonKeyExtractorTests {

	private static final String VERSION = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";

	@Test
	void extractWhenTopLevelStringKeyReturnsValue() {
		FetchResult result = extract("{\"username\":\"shop\",\"password\":\"s3cr3t\"}", "password");
		assertThat(result.isSuccess()).isTrue();
		assertThat(result.value()).isEqualTo("s3cr3t");
	}

	@Test
	void extractWhenSuccessKeepsVersion() {
		FetchResult result = extract("{\"password\":\"s3cr3t\"}", "password");
		assertThat(result.version()).isEqualTo(VERSION);
	}

	@Test
	void extractWhenSuccessWithoutVersionHasNoVersion() {
		FetchResult result = JsonKeyExtractor.extract(FetchResult.success("{\"password\":\"s3cr3t\"}", null),
				"password");
		assertThat(result.value()).isEqualTo("s3cr3t");
		assertThat(result.version()).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			port    | 10
			ratio   | 1.5
			enabled | true
			off     | false
			empty   | ''
			""")
	void extractWhenScalarValueReturnsItAsText(String key, String expected) {
		FetchResult result = extract("{\"port\":10,\"ratio\":1.5,\"enabled\":true,\"off\":false,\"empty\":\"\"}",
				key);
		assertThat(result.value()).isEqualTo(expected);
	}

	@Test
	void extractWhenObjectValueReturnsCompactJson() {
		FetchResult result = extract("{ \"db\" : { \"user\" : \"shop\", \"port\" : 5432 } }", "db");
		assertThat(result.value()).isEqualTo("{\"user\":\"shop\",\"port\":5432}");
	}

	@Test
	void extractWhenArrayValueReturnsCompactJson() {
		FetchResult result = extract("{ \"hosts\" : [ \"a\", \"b\", 3 ] }", "hosts");
		assertThat(result.value()).isEqualTo("[\"a\",\"b\",3]");
	}

	@Test
	void extractWhenTopLevelKeyContainsDotsPrefersItToNestedPath() {
		FetchResult result = extract("{\"a.b\":\"top\",\"a\":{\"b\":\"nested\"}}", "a.b");
		assertThat(result.value()).isEqualTo("top");
	}

	@Test
	void extractWhenTopLevelKeyContainsDotsAndComesAfterNestedObjectPrefersIt() {
		FetchResult result = extract("{\"a\":{\"b\":\"nested\"},\"a.b\":\"top\"}", "a.b");
		assertThat(result.value()).isEqualTo("top");
	}

	@Test
	void extractWhenNestedPathReturnsNestedValue() {
		FetchResult result = extract("{\"db\":{\"primary\":{\"password\":\"p1\"},\"replica\":{\"password\":\"p2\"}}}",
				"db.primary.password");
		assertThat(result.value()).isEqualTo("p1");
		assertThat(result.version()).isEqualTo(VERSION);
	}

	@Test
	void extractWhenPathHasArrayIndexReturnsElement() {
		FetchResult result = extract("{\"hosts\":[\"h0\",\"h1\",\"h2\"]}", "hosts.1");
		assertThat(result.value()).isEqualTo("h1");
	}

	@Test
	void extractWhenPathHasArrayIndexThenKeyReturnsNestedValue() {
		FetchResult result = extract("{\"nodes\":[{\"host\":\"h0\"},{\"host\":\"h1\"}]}", "nodes.1.host");
		assertThat(result.value()).isEqualTo("h1");
	}

	@ParameterizedTest
	@ValueSource(strings = { "missing", "Password", "db.missing", "db.user.deeper", "hosts.5", "hosts.x", "db.",
			".db", "hosts.-1" })
	void extractWhenKeyIsMissingReturnsNotFoundFailure(String key) {
		FetchResult result = extract("{\"password\":\"hunter2-SECRET\",\"db\":{\"user\":\"hunter2-USER\"},"
				+ "\"hosts\":[\"hunter2-HOST\"]}", key);
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.failure()).isNotNull();
		assertThat(result.failure().errorCode()).isEqualTo("JsonKeyNotFound");
		assertThat(result.failure().notFound()).isTrue();
		assertThat(result.failure().message()).contains(key).doesNotContain("hunter2");
		assertThat(result.version()).isNull();
	}

	@Test
	void extractWhenValueIsJsonNullReturnsNotFoundFailure() {
		FetchResult result = extract("{\"password\":null,\"other\":\"hunter2-SECRET\"}", "password");
		assertThat(result.failure()).isNotNull();
		assertThat(result.failure().errorCode()).isEqualTo("JsonKeyNotFound");
		assertThat(result.failure().notFound()).isTrue();
		assertThat(result.failure().message()).doesNotContain("hunter2");
	}

	@Test
	void extractWhenNestedValueIsJsonNullReturnsNotFoundFailure() {
		FetchResult result = extract("{\"db\":{\"password\":null}}", "db.password");
		assertThat(result.failure()).isNotNull();
		assertThat(result.failure().errorCode()).isEqualTo("JsonKeyNotFound");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"password\":\"hunter2-SECRET\"", "hunter2-SECRET", "{password:hunter2}",
			"{\"password\":\"hunter2\",}", "{\"password\":hunter2}", "{\"password\":\"hunter2\"} hunter2-SECRET",
			"{\"password\":\"hunter2\"}{\"password\":\"other\"}", "{\"password\":\"hunter2\"}]" })
	void extractWhenSecretIsNotJsonReturnsFailureWithoutContent(String secret) {
		FetchResult result = extract(secret, "password");
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.failure()).isNotNull();
		assertThat(result.failure().errorCode()).isEqualTo("SecretNotJson");
		assertThat(result.failure().notFound()).isFalse();
		assertThat(result.failure().message()).contains("password").doesNotContain("hunter2");
		assertThat(result).asString().doesNotContain("hunter2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"password\":\"hunter2\"}\n", " {\"password\":\"hunter2\"} \r\n\t" })
	void extractWhenJsonObjectIsSurroundedByWhitespaceReadsTheKey(String secret) {
		assertThat(extract(secret, "password").value()).isEqualTo("hunter2");
	}

	@ParameterizedTest
	@ValueSource(strings = { "[\"hunter2-SECRET\"]", "\"hunter2-SECRET\"", "[{\"password\":\"hunter2\"}]", "42",
			"true" })
	void extractWhenSecretIsNotJsonObjectReturnsFailureWithoutContent(String secret) {
		FetchResult result = extract(secret, "password");
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.failure()).isNotNull();
		assertThat(result.failure().errorCode()).isEqualTo("SecretNotJsonObject");
		assertThat(result.failure().notFound()).isFalse();
		assertThat(result.failure().message()).contains("password").doesNotContain("hunter2");
		assertThat(result).asString().doesNotContain("hunter2");
	}

	@Test
	void extractWhenInputFailedReturnsItUnchanged() {
		FetchResult failed = FetchResult
			.failure(FetchFailure.notFound("ResourceNotFoundException", "Secrets Manager can't find the secret"));
		assertThat(JsonKeyExtractor.extract(failed, "password")).isSameAs(failed);
	}

	@Test
	void extractWhenNumberReturnsItAsWritten() {
		FetchResult result = extract("{\"big\":12345678901234567890123,\"exp\":1e3,\"scale\":1.50}", "exp");
		assertThat(result.value()).isEqualTo("1e3");
		assertThat(extract("{\"scale\":1.50}", "scale").value()).isEqualTo("1.50");
		assertThat(extract("{\"big\":12345678901234567890123}", "big").value()).isEqualTo("12345678901234567890123");
	}

	@Test
	void extractWhenObjectHoldsSpecialCharactersReturnsValidCompactJson() {
		FetchResult result = extract("{\"db\":{\"pw\":\"a\\\"b\\\\c\\nd\u00e9\",\"on\":true,\"none\":null}}", "db");
		assertThat(result.value()).isEqualTo("{\"pw\":\"a\\\"b\\\\c\\nd\u00e9\",\"on\":true,\"none\":null}");
	}

	@Test
	void extractWhenStringHoldsEscapesReturnsTheDecodedString() {
		assertThat(extract("{\"pw\":\"a\\\"b\\u0041\"}", "pw").value()).isEqualTo("a\"bA");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "{\"pw\":\"hunter2-SECRET\"", "{\"pw\": /* note */ \"hunter2-SECRET\"}" })
	void extractWhenNotJsonReportsWithoutTheContent(String secretString) {
		FetchResult result = extract(secretString, "pw");
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.failure().errorCode()).isIn("SecretNotJson", "SecretNotJsonObject");
		assertThat(result.failure().message()).doesNotContain("hunter2");
	}

	private static FetchResult extract(String secretString, String jsonKey) {
		return JsonKeyExtractor.extract(FetchResult.success(secretString, VERSION), jsonKey);
	}

}
