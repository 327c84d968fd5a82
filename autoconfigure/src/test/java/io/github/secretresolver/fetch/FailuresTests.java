package io.github.secretresolver.fetch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

}
