package io.github.secretresolver.reference;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the reference grammar with Jazzer: whatever the text, scanning and parsing end normally
 * or with the documented {@link InvalidReferenceException} and a message, and never hang.
 * <p>
 * In the normal test run this replays the inputs under
 * {@code src/test/resources/io/github/secretresolver/reference/ReferenceGrammarFuzzTestsInputs}
 * and fuzzes for a short time in the {@code fuzz} Surefire execution; run longer with
 * {@code JAZZER_FUZZ=1 mvn -f autoconfigure/pom.xml test -Dtest=ReferenceGrammarFuzzTests
 * -Djazzer.max_duration=10m} (see docs/reliability.md).
 */
class ReferenceGrammarFuzzTests {

	@FuzzTest(maxDuration = "15s")
	void scanAndParseEndNormallyOrWithTheDocumentedError(FuzzedDataProvider data) {
		String value = data.consumeRemainingAsString();
		ScannedValue scanned;
		try {
			scanned = ReferenceScanner.scan(value);
		}
		catch (InvalidReferenceException ex) {
			assertThat(ex.getMessage()).isNotBlank();
			return;
		}
		assertThat(scanned.replace(EmbeddedReference::text)).isEqualTo(value);
		for (EmbeddedReference reference : scanned.references()) {
			try {
				SecretReference parsed = ReferenceParser.parse(reference.body());
				assertThat(parsed.text()).startsWith(ReferenceSyntax.PREFIX).endsWith(ReferenceSyntax.SUFFIX);
				assertThat(ReferenceParser.parse(parsed.text()
					.substring(ReferenceSyntax.PREFIX.length(), parsed.text().length() - ReferenceSyntax.SUFFIX.length()))
					.equals(parsed) || parsed instanceof KmsReference).isTrue();
			}
			catch (InvalidReferenceException ex) {
				assertThat(ex.getMessage()).isNotBlank();
			}
		}
	}

}
