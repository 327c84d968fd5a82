package io.github.secretresolver.fetch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link FetchResult}.
 *
 * @author Secret Resolver contributors
 */
class FetchResultTests {

	private static final String VERSION = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";

	@Test
	void successHoldsValueAndVersion() {
		FetchResult result = FetchResult.success("hunter2-SECRET", VERSION);
		assertThat(result.isSuccess()).isTrue();
		assertThat(result.value()).isEqualTo("hunter2-SECRET");
		assertThat(result.version()).isEqualTo(VERSION);
		assertThat(result.failure()).isNull();
	}

	@Test
	void toStringWhenSuccessContainsVersionButNotValue() {
		FetchResult result = FetchResult.success("hunter2-SECRET", "7");
		assertThat(result.toString()).contains("success").contains("version=7").doesNotContain("hunter2");
	}

	@Test
	void toStringWhenSuccessWithoutVersionDoesNotContainValue() {
		FetchResult result = FetchResult.success("hunter2-SECRET", null);
		assertThat(result.toString()).doesNotContain("hunter2");
	}

	@Test
	void successWhenValueIsNullThrowsException() {
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> FetchResult.success(null, VERSION))
			.withMessage("'value' must not be null");
	}

	@Test
	void failureHoldsFailureAndNoVersion() {
		FetchFailure failure = FetchFailure.notFound("ParameterNotFound", "Parameter /shop/db-host not found");
		FetchResult result = FetchResult.failure(failure);
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.failure()).isSameAs(failure);
		assertThat(result.version()).isNull();
	}

	@Test
	void failureWhenFailureIsNullThrowsException() {
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> FetchResult.failure(null))
			.withMessage("'failure' must not be null");
	}

	@Test
	void valueWhenFailureThrowsExceptionNamingFailure() {
		FetchResult result = FetchResult.failure(FetchFailure.error("AccessDeniedException", "not authorized"));
		assertThatIllegalStateException().isThrownBy(result::value)
			.withMessageContaining("AccessDeniedException")
			.withMessageContaining("not authorized");
	}

	@Test
	void valueWhenFailureAfterReadingSecretThrowsExceptionWithoutSecretContent() {
		FetchResult secret = FetchResult.success("{\"password\":\"hunter2-SECRET\"", VERSION);
		FetchResult result = JsonKeyExtractor.extract(secret, "password");
		assertThatIllegalStateException().isThrownBy(result::value)
			.withMessageContaining("SecretNotJson")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void toStringWhenFailureNamesErrorCode() {
		FetchResult result = FetchResult
			.failure(FetchFailure.notFound("JsonKeyNotFound", "The SecretString has no JSON key 'password'"));
		assertThat(result.toString()).contains("JsonKeyNotFound").doesNotContain("success");
	}

}
