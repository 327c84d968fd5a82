package io.github.secretresolver.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.refresh.SecretRefresher;
import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code <<resolve:kms:...>>} references against the KMS of {@link AwsTestEnvironment} (moto
 * runs real AES-GCM and checks the encryption context exactly), with the real AWS SDK and the AWS
 * Encryption SDK.
 */
@ExtendWith(OutputCaptureExtension.class)
class KmsIT {

	private static final String PLAINTEXT = "kms-Plaintext-42b7";

	private static final String LAMBDA_PLAINTEXT = "lambda-Env-Secret-81c3";

	private static final KmsClient kms = AwsTestEnvironment.kms();

	private static String keyArn;

	private static String otherKeyArn;

	@BeforeAll
	static void createKeys() {
		keyArn = kms.createKey((request) -> request.description("secret-resolver tests")).keyMetadata().arn();
		otherKeyArn = kms.createKey((request) -> request.description("secret-resolver tests")).keyMetadata().arn();
	}

	@AfterAll
	static void closeClient() {
		kms.close();
	}

	@Test
	void decryptsCiphertextsWithAndWithoutEncryptionContext() {
		String plain = encrypt(PLAINTEXT, Map.of());
		String lambda = encrypt(LAMBDA_PLAINTEXT, Map.of("LambdaFunctionName", "shop-api"));
		String odd = encrypt(PLAINTEXT + "-odd", Map.of("team", "a,b=c:d é"));
		Map<String, Object> properties = Map.of("kms.plain", "<<resolve:kms:" + plain + ">>", "kms.lambda",
				"<<resolve:kms:" + lambda + ":LambdaFunctionName=${it.function-name}>>", "kms.odd",
				"prefix-<<resolve:kms:" + odd + ":team=a%2Cb%3Dc%3Ad%20%C3%A9>>", "kms.pinned",
				"<<resolve:kms:" + plain + "::" + keyArn + ":SYMMETRIC_DEFAULT>>");
		try (ConfigurableApplicationContext context = run(properties, "--it.function-name=shop-api")) {
			assertThat(context.getEnvironment().getProperty("kms.plain")).isEqualTo(PLAINTEXT);
			assertThat(context.getEnvironment().getProperty("kms.lambda")).isEqualTo(LAMBDA_PLAINTEXT);
			assertThat(context.getEnvironment().getProperty("kms.odd")).isEqualTo("prefix-" + PLAINTEXT + "-odd");
			assertThat(context.getEnvironment().getProperty("kms.pinned")).isEqualTo(PLAINTEXT);
		}
	}

	@Test
	void decryptsEachDistinctCiphertextOncePerJvmAcrossContexts() {
		String first = encrypt(PLAINTEXT + "-once-1", Map.of("app", "shop"));
		String second = encrypt(PLAINTEXT + "-once-2", Map.of());
		String envelope = encryptMessage(new byte[4096], Map.of("app", "shop"));
		Map<String, Object> properties = Map.of("once.a", "<<resolve:kms:" + first + ":app=shop>>", "once.b",
				"x-<<resolve:kms:" + first + ":app=shop>>", "once.c", "<<resolve:kms:" + second + ">>", "once.d",
				"<<resolve:kms:" + envelope + ":app=shop:::base64>>");
		AwsCallCounter.reset();
		for (int start = 0; start < 3; start++) {
			try (ConfigurableApplicationContext context = run(properties)) {
				assertThat(context.getEnvironment().getProperty("once.b")).isEqualTo("x-" + PLAINTEXT + "-once-1");
				assertThat(context.getEnvironment().getProperty("once.d"))
					.isEqualTo(Base64.getEncoder().encodeToString(new byte[4096]));
				assertThat(context.getBean(SecretRefresher.class).refreshAll().references()).as("KMS is never refreshed")
					.isZero();
			}
		}
		assertThat(AwsCallCounter.snapshot()).containsExactlyEntriesOf(Map.of("Decrypt", 3));
	}

	@Test
	void decryptsAlongsideOtherReferencesInOnePass() {
		try (SsmClient ssm = AwsTestEnvironment.ssm()) {
			String name = AwsTestEnvironment.uniquePrefix() + "/host";
			ssm.putParameter((request) -> request.name(name).value("db.internal").type(ParameterType.STRING));
			String ciphertext = encrypt(PLAINTEXT + "-mixed", Map.of());
			AwsCallCounter.reset();
			try (ConfigurableApplicationContext context = run(
					Map.of("mixed.url", "jdbc://<<resolve:ssm:" + name + ">>/?password=<<resolve:kms:" + ciphertext + ">>"))) {
				assertThat(context.getEnvironment().getProperty("mixed.url"))
					.isEqualTo("jdbc://db.internal/?password=" + PLAINTEXT + "-mixed");
			}
			assertThat(AwsCallCounter.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("GetParameters", 1, "Decrypt", 1));
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 4 * 1024, 64 * 1024, 1024 * 1024 })
	void decryptsEncryptionSdkMessages(int size) {
		byte[] plaintext = new byte[size];
		Arrays.fill(plaintext, (byte) 'v');
		plaintext[size - 1] = 'Z';
		String message = encryptMessage(plaintext, Map.of("app", "shop"));
		try (ConfigurableApplicationContext context = run(Map.of("envelope.discovery",
				"<<resolve:kms:" + message + ":app=shop>>", "envelope.pinned",
				"<<resolve:kms:" + message + ":app=shop:" + keyArn + ">>"))) {
			String expected = new String(plaintext, StandardCharsets.UTF_8);
			assertThat(context.getEnvironment().getProperty("envelope.discovery")).isEqualTo(expected);
			assertThat(context.getEnvironment().getProperty("envelope.pinned")).isEqualTo(expected);
		}
	}

	@Test
	void deliversBinaryPlaintextAsBase64OnlyWhenAsked() {
		byte[] binary = { (byte) 0xC3, 0x28, 0x00, (byte) 0xFF };
		String ciphertext = Base64.getEncoder()
			.encodeToString(kms.encrypt((request) -> request.keyId(keyArn).plaintext(SdkBytes.fromByteArray(binary)))
				.ciphertextBlob()
				.asByteArray());
		try (ConfigurableApplicationContext context = run(Map.of("bin.value", "<<resolve:kms:" + ciphertext + "::::base64>>"))) {
			assertThat(context.getEnvironment().getProperty("bin.value")).isEqualTo(Base64.getEncoder().encodeToString(binary));
		}
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(Map.of("bin.text", "<<resolve:kms:" + ciphertext + ">>")))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactly(tuple("bin.text", "PlaintextNotUtf8")));
	}

	@Test
	void reportsEveryKmsFailureAtOnceWithoutPlaintexts(CapturedOutput output) {
		String withContext = encrypt(PLAINTEXT + "-ctx", Map.of("app", "shop"));
		String message = encryptMessage(LAMBDA_PLAINTEXT.getBytes(StandardCharsets.UTF_8), Map.of("app", "shop"));
		Map<String, Object> properties = new HashMap<>();
		properties.put("bad.context", "<<resolve:kms:" + withContext + ":app=other>>");
		properties.put("bad.missing-context", "<<resolve:kms:" + withContext + ">>");
		properties.put("bad.key", "<<resolve:kms:" + withContext + ":app=shop:" + otherKeyArn + ">>");
		properties.put("bad.envelope-context", "<<resolve:kms:" + message + ":app=other>>");
		properties.put("bad.garbage", "<<resolve:kms:" + Base64.getEncoder().encodeToString(new byte[64]) + ">>");
		properties.put("bad.syntax", "<<resolve:kms:not-base64!>>");
		assertThatExceptionOfType(SecretResolutionException.class).isThrownBy(() -> run(properties))
			.satisfies((ex) -> {
				assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
					.contains(tuple("bad.context", "InvalidCiphertextException"),
							tuple("bad.missing-context", "InvalidCiphertextException"),
							tuple("bad.envelope-context", "EncryptionSdkDecryptFailed"),
							tuple("bad.syntax", "InvalidReference"));
				// moto answers a wrong key with AccessDeniedException where AWS answers
				// IncorrectKeyException
				assertThat(ex.getErrors()).filteredOn((error) -> error.property().equals("bad.key"))
					.extracting(ResolutionError::errorCode)
					.containsAnyOf("IncorrectKeyException", "AccessDeniedException");
				assertThat(ex.getErrors()).hasSize(6);
				assertThat(ex.getMessage()).doesNotContain(PLAINTEXT, LAMBDA_PLAINTEXT);
			});
		assertThat(output).contains("bad.envelope-context", "Action:").doesNotContain(PLAINTEXT, LAMBDA_PLAINTEXT);
	}

	@Test
	void longCiphertextsAreShortenedInErrors() {
		String message = encryptMessage(new byte[64 * 1024], Map.of("app", "shop"));
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> run(Map.of("big.value", "<<resolve:kms:" + message + ":app=other>>")))
			.satisfies((ex) -> assertThat(ex.getErrors().get(0).reference()).hasSizeLessThan(250)
				.contains("characters)"));
	}

	@Test
	void traceLoggingNeverShowsPlaintexts(CapturedOutput output) {
		String ciphertext = encrypt(PLAINTEXT + "-trace", Map.of());
		try (ConfigurableApplicationContext context = run(Map.of("trace.value", "<<resolve:kms:" + ciphertext + ">>"),
				"--logging.level.io.github.secretresolver=TRACE", "--logging.level.software.amazon.awssdk=DEBUG")) {
			assertThat(context.getEnvironment().getProperty("trace.value")).isEqualTo(PLAINTEXT + "-trace");
		}
		assertThat(output).contains("Resolved").doesNotContain(PLAINTEXT + "-trace");
	}

	static String encrypt(String plaintext, Map<String, String> context) {
		return Base64.getEncoder()
			.encodeToString(kms.encrypt((request) -> request.keyId(keyArn)
				.plaintext(SdkBytes.fromUtf8String(plaintext))
				.encryptionContext(context.isEmpty() ? null : context)).ciphertextBlob().asByteArray());
	}

	static String encryptMessage(byte[] plaintext, Map<String, String> context) {
		MaterialProviders materialProviders = MaterialProviders.builder()
			.MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
			.build();
		IKeyring keyring = materialProviders
			.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(kms).build());
		AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
		return Base64.getEncoder().encodeToString(crypto.encryptData(keyring, plaintext, context).getResult());
	}

	private static ConfigurableApplicationContext run(Map<String, Object> properties, String... extraArgs) {
		return TestApplications.run(properties, extraArgs);
	}

}
