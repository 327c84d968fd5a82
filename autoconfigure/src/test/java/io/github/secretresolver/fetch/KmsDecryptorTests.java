package io.github.secretresolver.fetch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import io.github.secretresolver.fetch.FetchFailure.Kind;
import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.ReferenceParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KmsDecryptor}, against a {@link FakeKmsClient}. Plaintexts are cached for the
 * life of the JVM ({@link KmsPlaintextCache} is static), so every test decrypts ciphertexts of its
 * own.
 *
 * @author Secret Resolver contributors
 */
class KmsDecryptorTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final URI ENDPOINT = URI.create("https://kms.test.example");

	private final FakeKmsClient kms = new FakeKmsClient(Region.EU_WEST_1, ENDPOINT);

	@Test
	void decryptReturnsThePlaintextAsUtf8Text() {
		this.kms.decryptingTo("pässwörd-✓".getBytes(StandardCharsets.UTF_8));
		FetchResult result = KmsDecryptor.decrypt(this.kms, reference(uniqueCiphertext()));
		assertThat(result.value()).isEqualTo("pässwörd-✓");
		assertThat(result.version()).isNull();
	}

	@Test
	void decryptWhenPlaintextIsNotUtf8FailsWithPlaintextNotUtf8() {
		this.kms.decryptingTo(new byte[] { 'a', (byte) 0xC3, 0x28 });
		FetchResult result = KmsDecryptor.decrypt(this.kms, reference(uniqueCiphertext()));
		assertThat(result.failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("PlaintextNotUtf8");
			assertThat(failure.message()).contains("base64");
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
	}

	@Test
	void decryptWhenFormatIsBase64ReturnsThePlaintextBase64Encoded() {
		byte[] plaintext = { 0, (byte) 0xC3, 0x28, (byte) 0xFF };
		this.kms.decryptingTo(plaintext);
		FetchResult result = KmsDecryptor.decrypt(this.kms, reference(uniqueCiphertext() + "::::base64"));
		assertThat(result.value()).isEqualTo(Base64.getEncoder().encodeToString(plaintext));
	}

	@Test
	void decryptPassesCiphertextEncryptionContextKeyAndAlgorithm() {
		String ciphertext = uniqueCiphertext();
		this.kms.decryptingTo("value".getBytes(StandardCharsets.UTF_8));
		KmsDecryptor.decrypt(this.kms,
				reference(ciphertext + ":app=shop,team=a%2Cb:alias/shop-config:RSAES_OAEP_SHA_256"));
		assertThat(this.kms.decryptRequests()).singleElement().satisfies((request) -> {
			assertThat(request.ciphertextBlob().asByteArray()).isEqualTo(Base64.getDecoder().decode(ciphertext));
			assertThat(request.encryptionContext()).containsExactlyInAnyOrderEntriesOf(Map.of("app", "shop", "team", "a,b"));
			assertThat(request.keyId()).isEqualTo("alias/shop-config");
			assertThat(request.encryptionAlgorithmAsString()).isEqualTo("RSAES_OAEP_SHA_256");
		});
	}

	@Test
	void decryptWithoutOptionsSendsOnlyTheCiphertext() {
		this.kms.decryptingTo("value".getBytes(StandardCharsets.UTF_8));
		KmsDecryptor.decrypt(this.kms, reference(uniqueCiphertext()));
		assertThat(this.kms.decryptRequests()).singleElement().satisfies((request) -> {
			assertThat(request.hasEncryptionContext()).isFalse();
			assertThat(request.keyId()).isNull();
			assertThat(request.encryptionAlgorithm()).isNull();
		});
	}

	@ParameterizedTest
	@CsvSource(textBlock = """
			InvalidCiphertextException, PERMANENT
			IncorrectKeyException,      PERMANENT
			AccessDeniedException,      PERMANENT
			DisabledException,          PERMANENT
			KMSInternalException,       TRANSIENT
			ThrottlingException,        TRANSIENT
			""")
	void decryptWhenKmsAnswersAnErrorReportsItsCodeAndKind(String code, Kind kind) {
		this.kms.answeringDecrypt((request) -> {
			throw AwsErrors.serviceError(KmsException.builder(), 400, code,
					"KMS says " + code);
		});
		FetchResult result = KmsDecryptor.decrypt(this.kms, reference(uniqueCiphertext()));
		assertThat(result.failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo(code);
			assertThat(failure.message()).isEqualTo("KMS says " + code);
			assertThat(failure.kind()).isEqualTo(kind);
		});
	}

	@Test
	void decryptWhenConnectionFailsReportsATransientFailure() {
		this.kms.answeringDecrypt((request) -> {
			throw AwsErrors.connectionReset();
		});
		FetchResult result = KmsDecryptor.decrypt(this.kms, reference(uniqueCiphertext()));
		assertThat(result.failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("SdkClientException");
			assertThat(failure.isTransient()).isTrue();
		});
	}

	@Test
	void decryptAfterAFailureAsksKmsAgain() {
		KmsReference reference = reference(uniqueCiphertext());
		this.kms.answeringDecrypt((request) -> {
			throw AwsErrors.throttling();
		});
		assertThat(KmsDecryptor.decrypt(this.kms, reference).isSuccess()).isFalse();
		this.kms.decryptingTo("value".getBytes(StandardCharsets.UTF_8));
		assertThat(KmsDecryptor.decrypt(this.kms, reference).value()).isEqualTo("value");
		assertThat(this.kms.decryptRequests()).hasSize(2);
	}

	@Test
	void decryptDecryptsEachCiphertextOncePerJvm() {
		KmsReference reference = reference(uniqueCiphertext() + ":app=shop");
		this.kms.decryptingTo("value".getBytes(StandardCharsets.UTF_8));
		FakeKmsClient otherClientOfTheSameKms = new FakeKmsClient(Region.EU_WEST_1, ENDPOINT)
			.decryptingTo("other".getBytes(StandardCharsets.UTF_8));
		assertThat(KmsDecryptor.decrypt(this.kms, reference).value()).isEqualTo("value");
		assertThat(KmsDecryptor.decrypt(this.kms, reference).value()).isEqualTo("value");
		assertThat(KmsDecryptor.decrypt(otherClientOfTheSameKms, reference).value()).isEqualTo("value");
		assertThat(this.kms.decryptRequests()).hasSize(1);
		assertThat(otherClientOfTheSameKms.decryptRequests()).isEmpty();
	}

	@Test
	void decryptDecryptsAgainForAnotherKmsOrAnotherReference() {
		String ciphertext = uniqueCiphertext();
		this.kms.decryptingTo("value".getBytes(StandardCharsets.UTF_8));
		FakeKmsClient otherRegion = new FakeKmsClient(Region.US_WEST_2, ENDPOINT)
			.decryptingTo("value".getBytes(StandardCharsets.UTF_8));
		FakeKmsClient otherEndpoint = new FakeKmsClient(Region.EU_WEST_1, URI.create("http://127.0.0.1:4566"))
			.decryptingTo("value".getBytes(StandardCharsets.UTF_8));
		KmsDecryptor.decrypt(this.kms, reference(ciphertext));
		KmsDecryptor.decrypt(this.kms, reference(ciphertext + ":app=shop"));
		KmsDecryptor.decrypt(this.kms, reference(ciphertext + "::::base64"));
		KmsDecryptor.decrypt(otherRegion, reference(ciphertext));
		KmsDecryptor.decrypt(otherEndpoint, reference(ciphertext));
		assertThat(this.kms.decryptRequests()).hasSize(3);
		assertThat(otherRegion.decryptRequests()).hasSize(1);
		assertThat(otherEndpoint.decryptRequests()).hasSize(1);
	}

	@Test
	void decryptWhenEncryptionSdkMessageIsDamagedFailsWithoutCallingKms() {
		byte[] message = new byte[64];
		RANDOM.nextBytes(message);
		message[0] = 0x02;
		message[1] = 0x05;
		message[2] = 0x78;
		FetchResult result = KmsDecryptor.decrypt(this.kms, reference(Base64.getEncoder().encodeToString(message)));
		assertThat(result.failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("EncryptionSdkDecryptFailed");
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
		assertThat(this.kms.decryptRequests()).isEmpty();
	}

	@Test
	void decryptWhenPlaintextIsEmptyReturnsEmptyText() {
		this.kms.answeringDecrypt((request) -> DecryptResponse.builder().plaintext(SdkBytes.fromByteArray(new byte[0])).build());
		FetchResult result = KmsDecryptor.decrypt(this.kms, reference(uniqueCiphertext()));
		assertThat(result.value()).isEmpty();
	}

	/**
	 * Return a ciphertext no other test uses, so that the JVM-wide cache has never seen it. It
	 * starts with a byte no AWS Encryption SDK message starts with.
	 */
	static String uniqueCiphertext() {
		byte[] ciphertext = new byte[33];
		RANDOM.nextBytes(ciphertext);
		ciphertext[0] = 0x0A;
		return Base64.getEncoder().encodeToString(ciphertext);
	}

	private static KmsReference reference(String body) {
		return (KmsReference) ReferenceParser.parse("kms:" + body);
	}

}
