package io.github.secretresolver.reference;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for the {@code |ttl=DURATION} option of a reference.
 */
class RefreshIntervalOptionTests {

	@ParameterizedTest
	@MethodSource("intervals")
	void scanWhenTtlGivenReadsTheInterval(String written, Duration interval) {
		assertThat(ReferenceScanner.scan(written).references()).singleElement()
			.satisfies((reference) -> assertThat(reference.refreshInterval()).isEqualTo(interval));
	}

	static Stream<Arguments> intervals() {
		return Stream.of(arguments("<<resolve:ssm:/flags|ttl=30s>>", Duration.ofSeconds(30)),
				arguments("<<resolve:ssm:/flags|ttl=1500ms>>", Duration.ofMillis(1500)),
				arguments("<<resolve:ssm:/flags|ttl=5m>>", Duration.ofMinutes(5)),
				arguments("<<resolve:ssm:/flags|ttl=2h>>", Duration.ofHours(2)),
				arguments("<<resolve:ssm:/flags|ttl=1d>>", Duration.ofDays(1)),
				arguments("<<resolve:ssm:/flags|ttl=PT45S>>", Duration.ofSeconds(45)));
	}

	@Test
	void scanWhenTtlAndDefaultGivenReadsBoth() {
		EmbeddedReference reference = ReferenceScanner.scan("<<resolve:ssm:/flags|ttl=30s|default=off|on>>")
			.references()
			.get(0);
		assertThat(reference.body()).isEqualTo("ssm:/flags");
		assertThat(reference.refreshInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(reference.defaultValue()).isEqualTo("off|on");
	}

	@Test
	void scanWhenTtlComesAfterDefaultItIsPartOfTheDefault() {
		EmbeddedReference reference = ReferenceScanner.scan("<<resolve:ssm:/flags|default=off|ttl=30s>>")
			.references()
			.get(0);
		assertThat(reference.defaultValue()).isEqualTo("off|ttl=30s");
		assertThat(reference.refreshInterval()).isNull();
	}

	@Test
	void scanWhenNoTtlHasNoOwnInterval() {
		assertThat(ReferenceScanner.scan("<<resolve:ssm:/flags>>").references().get(0).refreshInterval()).isNull();
	}

	@ParameterizedTest
	@MethodSource("malformed")
	void scanWhenTtlIsMalformedThrowsException(String written, String message) {
		assertThatExceptionOfType(InvalidReferenceException.class).isThrownBy(() -> ReferenceScanner.scan(written))
			.withMessage(message);
	}

	static Stream<Arguments> malformed() {
		return Stream.of(
				arguments("<<resolve:ssm:/flags|ttl=>>",
						"refresh interval '' is not a duration such as 30s, 5m, 1h or PT30S"),
				arguments("<<resolve:ssm:/flags|ttl=soon>>",
						"refresh interval 'soon' is not a duration such as 30s, 5m, 1h or PT30S"),
				arguments("<<resolve:ssm:/flags|ttl=-5s>>",
						"refresh interval '-5s' is not a duration such as 30s, 5m, 1h or PT30S"),
				arguments("<<resolve:ssm:/flags|ttl=500ms>>", "refresh interval '500ms' is shorter than 1s"),
				arguments("<<resolve:ssm:/flags|ttl=30s|deflt=x>>",
						"unknown option after '|'; the options are '|ttl=DURATION' and, last, '|default=VALUE'"));
	}

}
