package io.github.secretresolver.reference;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Long and pathological inputs end normally. The timeouts only guard against a hang (a quadratic
 * scan of these inputs would take minutes); speed is measured in the benchmarks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LongInputTests {

	@Test
	void scanManyReferencesInOneValue() {
		String value = "x<<resolve:ssm:/a>>".repeat(100_000);
		assertThat(ReferenceScanner.scan(value).references()).hasSize(100_000);
	}

	@Test
	void scanManyOpeningsWithoutClosing() {
		assertThatExceptionOfType(InvalidReferenceException.class)
			.isThrownBy(() -> ReferenceScanner.scan("<<resolve:".repeat(100_000)));
	}

	@Test
	void scanManyOptionSeparators() {
		assertThat(ReferenceScanner.scan("<<resolve:ssm:/a|default=" + "|".repeat(1_000_000) + ">>").references())
			.singleElement()
			.satisfies((reference) -> assertThat(reference.defaultValue()).hasSize(1_000_000));
	}

	@Test
	void parseLongNamesAndManySegments() {
		assertThatExceptionOfType(InvalidReferenceException.class)
			.isThrownBy(() -> ReferenceParser.parse("ssm:/" + "a".repeat(1_000_000)));
		assertThatExceptionOfType(InvalidReferenceException.class)
			.isThrownBy(() -> ReferenceParser.parse("secretsmanager:" + ":".repeat(1_000_000)));
		assertThatExceptionOfType(InvalidReferenceException.class)
			.isThrownBy(() -> ReferenceParser.parse("kms:" + "A".repeat(1_000_001)));
		assertThat(ReferenceParser.parse("kms:" + "A".repeat(1_000_000))).isInstanceOf(KmsReference.class);
	}

}
