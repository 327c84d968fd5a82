package io.github.secretresolver.reference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceSyntaxTests {

	@Test
	void referencesInQuotesEachReferenceWithoutTheTextAroundIt() {
		assertThat(ReferenceSyntax.referencesIn("user:pw-literal@<<resolve:ssm:/a>>:5432/<<resolve:ssm:/b:2>>?x=1"))
			.isEqualTo("<<resolve:ssm:/a>>, <<resolve:ssm:/b:2>>");
	}

	@Test
	void referencesInQuotesAnUnclosedReferenceToTheEnd() {
		assertThat(ReferenceSyntax.referencesIn("pw-literal <<resolve:ssm:/a")).isEqualTo("<<resolve:ssm:/a");
	}

	@Test
	void referencesInShortensLongReferences() {
		String ciphertext = "A".repeat(10_000);
		String quoted = ReferenceSyntax.referencesIn("<<resolve:kms:" + ciphertext + ">>");
		assertThat(quoted).hasSizeLessThan(200).startsWith("<<resolve:kms:AAA").endsWith("AAA>>").contains("10016 characters");
	}

	@Test
	void abbreviateKeepsShortReferences() {
		assertThat(ReferenceSyntax.abbreviate("<<resolve:ssm:/a>>")).isEqualTo("<<resolve:ssm:/a>>");
	}

}
