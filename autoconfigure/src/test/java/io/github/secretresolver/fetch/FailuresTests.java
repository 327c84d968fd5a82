package io.github.secretresolver.fetch;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTests {

	@ParameterizedTest
	@ValueSource(strings = { "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
			"InternalServerError", "InternalServiceError", "ServiceUnavailable", "KMSInternalException",
			"DependencyTimeoutException", "KeyUnavailableException", "Timeout", "SdkClientException" })
	void isTransientWhenThrottlingServerErrorTimeoutOrNetworkReturnsTrue(String code) {
		assertThat(FetchFailure.error(code, "m").isTransient()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ParameterNotFound", "ResourceNotFoundException", "AccessDeniedException",
			"InvalidCiphertextException", "IncorrectKeyException", "DisabledException", "JsonKeyNotFound",
			"SecretNotJson", "ValidationException" })
	void isTransientWhenPermanentReturnsFalse(String code) {
		assertThat(FetchFailure.error(code, "m").isTransient()).isFalse();
	}

	@Test
	void fromWhenSignatureIsWrongIsPermanent() {
		FetchFailure failure = Failures.from(serviceException("InvalidSignatureException",
				"The request signature we calculated does not match the signature you provided."));
		assertThat(failure.errorCode()).isEqualTo("InvalidSignatureException");
		assertThat(failure.isTransient()).isFalse();
	}

	@Test
	void fromWhenSignatureExpiredByClockSkewIsTransient() {
		FetchFailure failure = Failures.from(serviceException("InvalidSignatureException",
				"Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z (20260101T001000Z - 5 min.)"));
		assertThat(failure.isTransient()).isTrue();
	}

	@Test
	void fromWhenNetworkErrorIsTransient() {
		FetchFailure failure = Failures.from(SdkClientException.builder()
			.message("Unable to execute HTTP request")
			.cause(new ConnectException("Connection refused"))
			.build());
		assertThat(failure.errorCode()).isEqualTo("SdkClientException");
		assertThat(failure.isTransient()).isTrue();
		assertThat(failure.message()).startsWith("Could not reach AWS: ConnectException");
	}

	@Test
	void fromWhenClientIsMisconfiguredIsPermanent() {
		FetchFailure failure = Failures.from(SdkClientException
			.create("Profile file contained no credentials for profile 'shop': ProfileFile(sections=[])"));
		assertThat(failure.errorCode()).isEqualTo("SdkClientException");
		assertThat(failure.isTransient()).isFalse();
	}

	@Test
	void fromWhenNoRegionIsNoRegionAndPermanent() {
		FetchFailure failure = Failures.from(SdkClientException.create(
				"Unable to load region from any of the providers in the chain software.amazon.awssdk.regions..."));
		assertThat(failure.errorCode()).isEqualTo("NoRegion");
		assertThat(failure.isTransient()).isFalse();
	}

	private static AwsServiceException serviceException(String code, String message) {
		return AwsServiceException.builder()
			.statusCode(400)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
			.build();
	}

}
