package io.github.secretresolver.reference;

import java.util.Map;
import java.util.stream.Stream;

import io.github.secretresolver.reference.KmsReference.PlaintextFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Tests for parsing {@code <<resolve:kms:...>>} references.
 */
class KmsReferenceParserTests {

	private static final String CIPHERTEXT = "AQICAHhSaM5vJ0Zq+Ht6kG/lvBw=";

	private static final String KEY_ARN = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

	@Test
	void parseWhenCiphertextOnlyReturnsReferenceWithDefaults() {
		KmsReference reference = parse("kms:" + CIPHERTEXT);
		assertThat(reference.ciphertext()).isEqualTo(CIPHERTEXT);
		assertThat(reference.encryptionContext()).isEmpty();
		assertThat(reference.keyId()).isNull();
		assertThat(reference.algorithm()).isNull();
		assertThat(reference.format()).isEqualTo(PlaintextFormat.TEXT);
		assertThat(reference.arnRegion()).isEmpty();
		assertThat(reference.text()).isEqualTo("<<resolve:kms:" + CIPHERTEXT + ">>");
	}

	@Test
	void parseWhenContextGivenDecodesPercentEncodedPairs() {
		KmsReference reference = parse("kms:" + CIPHERTEXT + ":app=shop,LambdaFunctionName=my%2Cfn%3Dx%3A1,note=%C3%A9t%C3%A9");
		assertThat(reference.encryptionContext()).containsOnlyKeys("LambdaFunctionName", "app", "note")
			.containsEntry("LambdaFunctionName", "my,fn=x:1")
			.containsEntry("app", "shop")
			.containsEntry("note", "été");
		assertThat(reference.encryptionContext().firstKey()).isEqualTo("LambdaFunctionName");
		assertThat(reference.text()).isEqualTo(
				"<<resolve:kms:" + CIPHERTEXT + ":LambdaFunctionName=my%2Cfn%3Dx%3A1,app=shop,note=%C3%A9t%C3%A9>>");
	}

	@Test
	void parseWhenContextOrderDiffersReturnsEqualReferences() {
		assertThat(parse("kms:" + CIPHERTEXT + ":a=1,b=2")).isEqualTo(parse("kms:" + CIPHERTEXT + ":b=2,a=1"));
	}

	@Test
	void parseWhenKeyArnGivenUsesItsRegion() {
		KmsReference reference = parse("kms:" + CIPHERTEXT + "::" + KEY_ARN + ":SYMMETRIC_DEFAULT:base64");
		assertThat(reference.keyId()).isEqualTo(KEY_ARN);
		assertThat(reference.arnRegion()).contains("eu-west-1");
		assertThat(reference.algorithm()).isEqualTo("SYMMETRIC_DEFAULT");
		assertThat(reference.format()).isEqualTo(PlaintextFormat.BASE64);
		assertThat(reference.text()).isEqualTo("<<resolve:kms:" + CIPHERTEXT + "::" + KEY_ARN + ":SYMMETRIC_DEFAULT:base64>>");
	}

	@Test
	void parseWhenAliasGivenKeepsIt() {
		assertThat(parse("kms:" + CIPHERTEXT + "::alias/shop/config").keyId()).isEqualTo("alias/shop/config");
		assertThat(parse("kms:" + CIPHERTEXT + "::arn:aws:kms:us-east-1:111122223333:alias/shop").keyId())
			.isEqualTo("arn:aws:kms:us-east-1:111122223333:alias/shop");
	}

	@Test
	void parseWhenFormatOnlyLeavesOtherSegmentsEmpty() {
		KmsReference reference = parse("kms:" + CIPHERTEXT + "::::base64");
		assertThat(reference.format()).isEqualTo(PlaintextFormat.BASE64);
		assertThat(reference.text()).isEqualTo("<<resolve:kms:" + CIPHERTEXT + "::::base64>>");
	}

	@Test
	void parseWhenCiphertextSpansLinesRemovesWhitespace() {
		assertThat(parse("kms:AQICAHhS\n  aM5vJ0Zq+Ht6\tkG/lvBw=").ciphertext()).isEqualTo(CIPHERTEXT);
	}

	@Test
	void textWhenCiphertextIsLongShortensIt() {
		String ciphertext = "A".repeat(4000);
		assertThat(parse("kms:" + ciphertext).text())
			.isEqualTo("<<resolve:kms:AAAAAAAAAAAA…(4000 characters)…AAAAAAAAAAAA>>");
	}

	@ParameterizedTest
	@MethodSource("malformed")
	void parseWhenMalformedThrowsException(String body, String message) {
		assertThatExceptionOfType(InvalidReferenceException.class).isThrownBy(() -> ReferenceParser.parse(body))
			.withMessage(message);
	}

	static Stream<Arguments> malformed() {
		String base64 = "ciphertext must be base64, as 'aws kms encrypt --output text --query CiphertextBlob' or "
				+ "'aws-encryption-cli --encode' print it";
		String context = "encryption context must be KEY=VALUE pairs separated by ',' (percent-encode other characters)";
		String keyArn = "key ARN must have the form arn:PARTITION:kms:REGION:ACCOUNT:key/ID "
				+ "or arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME";
		return Stream.of(arguments("kms:", "ciphertext is empty"), arguments("kms: \n", "ciphertext is empty"),
				arguments("kms:not*base64", base64), arguments("kms:AQIDB", base64), arguments("kms:AQ==ID", base64),
				arguments("kms:" + CIPHERTEXT + ":app", context), arguments("kms:" + CIPHERTEXT + ":=shop", context),
				arguments("kms:" + CIPHERTEXT + ":a=1,", context),
				arguments("kms:" + CIPHERTEXT + ":a=1,a=2", "encryption context key 'a' is given twice"),
				arguments("kms:" + CIPHERTEXT + ":a=%2", "'%' in an encryption context must be followed by two hexadecimal digits"),
				arguments("kms:" + CIPHERTEXT + ":a=%zz", "'%' in an encryption context must be followed by two hexadecimal digits"),
				arguments("kms:" + CIPHERTEXT + "::arn:aws:kms:eu-west-1", keyArn),
				arguments("kms:" + CIPHERTEXT + "::arn:aws:s3:eu-west-1:111122223333:key/x", keyArn),
				arguments("kms:" + CIPHERTEXT + "::arn:aws:kms:eu-west-1:111122223333:bucket/x", keyArn),
				arguments("kms:" + CIPHERTEXT + "::key id with spaces",
						"key must be a key id, a key ARN, 'alias/NAME' or an alias ARN"),
				arguments("kms:" + CIPHERTEXT + ":::AES",
						"unknown encryption algorithm 'AES'; expected one of SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, "
								+ "RSAES_OAEP_SHA_256, SM2PKE"),
				arguments("kms:" + CIPHERTEXT + "::::hex", "unknown format 'hex'; expected text or base64"),
				arguments("kms:" + CIPHERTEXT + ":::::extra",
						"too many ':' segments; expected kms:CIPHERTEXT:CONTEXT:KEY-ID:ALGORITHM:FORMAT"));
	}

	private static KmsReference parse(String body) {
		return (KmsReference) ReferenceParser.parse(body);
	}

}
