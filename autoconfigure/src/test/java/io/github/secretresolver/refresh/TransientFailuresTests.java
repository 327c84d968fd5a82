package io.github.secretresolver.refresh;

import io.github.secretresolver.resolve.FetchFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTests {

	@ParameterizedTest
	@ValueSource(strings = { "ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded",
			"InternalServerError", "InternalServiceError", "ServiceUnavailable", "KMSInternalException",
			"DependencyTimeoutException", "KeyUnavailableException", "Timeout", "SdkClientException" })
	void isTransientWhenThrottlingServerErrorTimeoutOrNetworkReturnsTrue(String code) {
		assertThat(TransientFailures.isTransient(FetchFailure.error(code, "m"))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "ParameterNotFound", "ResourceNotFoundException", "AccessDeniedException",
			"InvalidCiphertextException", "IncorrectKeyException", "DisabledException", "JsonKeyNotFound",
			"SecretNotJson", "ValidationException" })
	void isTransientWhenPermanentReturnsFalse(String code) {
		assertThat(TransientFailures.isTransient(FetchFailure.error(code, "m"))).isFalse();
	}

}
