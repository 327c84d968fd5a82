package io.github.secretresolver.autoconfigure;

import java.util.Base64;
import java.util.Map;

import io.github.secretresolver.ResolutionError;
import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.testsupport.AwsCallCounter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Runs in its own Surefire execution, with the optional AWS Encryption SDK removed from the class
 * path (see this module's pom.xml), to check the error a user gets without it.
 */
class KmsWithoutEncryptionSdkIT {

	@Test
	void encryptionSdkMessageWithoutTheSdkFailsWithAClearError() {
		assertThat(isPresent("com.amazonaws.encryptionsdk.AwsCrypto")).as("Encryption SDK on the class path").isFalse();
		byte[] header = new byte[48];
		header[0] = 0x02;
		header[1] = 0x05;
		header[2] = 0x78;
		SpringApplication application = TestApplications
			.application(Map.of("envelope.value", "<<resolve:kms:" + Base64.getEncoder().encodeToString(header) + ">>"));
		AwsCallCounter.reset();
		// No AWS call is made, so no endpoint and no credentials: the Region only lets the client be built.
		assertThatExceptionOfType(SecretResolutionException.class)
			.isThrownBy(() -> application.run("--spring.cloud.aws.region.static=us-east-1"))
			.satisfies((ex) -> assertThat(ex.getErrors()).extracting(ResolutionError::property, ResolutionError::errorCode)
				.containsExactly(tuple("envelope.value", "AwsEncryptionSdkMissing")));
		assertThat(AwsCallCounter.total()).isZero();
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className);
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

}
