package io.github.secretresolver.fetch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.fetch.FetchFailure.Kind;
import io.github.secretresolver.fetch.FetchPlan.ParameterRead;
import io.github.secretresolver.fetch.ParameterStoreFetcher.RawParameter;
import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.ReferenceParser;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ParameterStoreFetcher}, against a {@link FakeSsmClient}.
 *
 * @author Secret Resolver contributors
 */
class ParameterStoreFetcherTests {

	private static final String SECRET_VALUE = "s3cr3t-in-the-body-91xq";

	private static final Log LOGGER = LogFactory.getLog(ParameterStoreFetcherTests.class);

	private final FakeSsmClient ssm = new FakeSsmClient();

	@Test
	void fetchBatchWhenAnswerCarriesNoSelectorMapsParametersByName() {
		this.ssm.withParameter("/shop/flags", ParameterType.STRING, "v1", 1, "/shop/flags:1")
			.withParameter("/shop/host", ParameterType.STRING, "db.internal", 4)
			.withParameter("/shop/hosts", ParameterType.STRING_LIST, "a,b", 2, "/shop/hosts:stable");
		List<ParameterRead> reads = reads("ssm:/shop/flags:1", "ssm:/shop/host", "ssm:/shop/hosts:stable");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results).hasSize(3);
		assertThat(value(results, reads.get(0))).isEqualTo("v1");
		assertThat(value(results, reads.get(1))).isEqualTo("db.internal");
		assertThat(value(results, reads.get(2))).isEqualTo("a,b");
		assertThat(this.ssm.getParametersNames()).containsExactly(List.of("/shop/flags:1", "/shop/host", "/shop/hosts:stable"));
		assertThat(this.ssm.getParametersRequests()).allSatisfy((request) -> assertThat(request.withDecryption()).isTrue());
		assertThat(this.ssm.getParameterRequests()).isEmpty();
	}

	@Test
	void fetchBatchWhenNameIsInInvalidParametersReportsParameterNotFound() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 1);
		List<ParameterRead> reads = reads("ssm:/shop/host", "ssm:/shop/missing");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(value(results, reads.get(0))).isEqualTo("db.internal");
		assertThat(results.get(reads.get(1)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ParameterNotFound");
			assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
		});
		assertThat(this.ssm.getParameterRequests()).isEmpty();
	}

	@Test
	void fetchBatchWhenNameWithSelectorIsInInvalidParametersReportsParameterVersionNotFound() {
		this.ssm.withParameter("/shop/flags", ParameterType.STRING, "v1", 1);
		List<ParameterRead> reads = reads("ssm:/shop/flags:7", "ssm:/shop/other:stable");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.values()).extracting(RawParameter::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ParameterVersionNotFound");
			assertThat(failure.notFound()).isTrue();
		});
		assertThat(this.ssm.getParameterRequests()).isEmpty();
	}

	@Test
	void fetchBatchWhenArnIsMissingFromTheAnswerReadsItWithGetParameter() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 3)
			.withParameter("/shop/flags", ParameterType.STRING, "v1", 1, "/shop/flags:1")
			.withParameter("/shop/name", ParameterType.STRING, "shop", 1)
			.rejectingArnsInBatches();
		String arn = FakeSsmClient.arnOf("/shop/host");
		List<ParameterRead> reads = reads("ssm:" + arn, "ssm:" + FakeSsmClient.arnOf("/shop/flags") + ":1",
				"ssm:/shop/name");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(value(results, reads.get(0))).isEqualTo("db.internal");
		assertThat(value(results, reads.get(1))).isEqualTo("v1");
		assertThat(value(results, reads.get(2))).isEqualTo("shop");
		assertThat(this.ssm.getParametersNames()).containsExactly(
				List.of(arn, FakeSsmClient.arnOf("/shop/flags") + ":1", "/shop/name"));
		assertThat(this.ssm.getParameterNames()).containsExactlyInAnyOrder(arn,
				FakeSsmClient.arnOf("/shop/flags") + ":1");
		assertThat(this.ssm.getParameterRequests()).allSatisfy((request) -> assertThat(request.withDecryption()).isTrue());
	}

	@Test
	void fetchBatchWhenArnIsAnsweredUsesTheAnswer() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 3);
		List<ParameterRead> reads = reads("ssm:" + FakeSsmClient.arnOf("/shop/host"), "ssm:/shop/other");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(value(results, reads.get(0))).isEqualTo("db.internal");
		assertThat(this.ssm.getParameterRequests()).isEmpty();
	}

	@Test
	void fetchBatchWhenArnIsMissingEverywhereReportsWhatGetParameterSays() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 3);
		List<ParameterRead> reads = reads("ssm:" + FakeSsmClient.arnOf("/shop/missing"), "ssm:/shop/host");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.get(reads.get(0)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ParameterNotFound");
			assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
		});
		assertThat(this.ssm.getParameterNames()).containsExactly(FakeSsmClient.arnOf("/shop/missing"));
	}

	@Test
	void fetchBatchWhenNameIsNeitherAnsweredNorInvalidReadsItAlone() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 3)
			.withParameter("/shop/name", ParameterType.STRING, "shop", 1)
			.answeringGetParameters((request) -> GetParametersResponse.builder()
				.parameters(Parameter.builder().name("/shop/host").type(ParameterType.STRING).value("db.internal").version(3L).build())
				.build());
		List<ParameterRead> reads = reads("ssm:/shop/host", "ssm:/shop/name");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(value(results, reads.get(1))).isEqualTo("shop");
		assertThat(this.ssm.getParameterNames()).containsExactly("/shop/name");
	}

	@Test
	void fetchBatchWhenWholeCallIsNotFoundAsksForEachNameAlone() {
		this.ssm.withParameter("/shop/host", ParameterType.STRING, "db.internal", 3)
			.withParameter("/shop/name", ParameterType.STRING, "shop", 1)
			.answeringGetParameters((request) -> {
				throw AwsErrors.serviceError(ParameterNotFoundException.builder(), 400, "ParameterNotFound",
						"An error occurred (ParameterNotFound) when referencing Secrets Manager");
			});
		List<ParameterRead> reads = reads("ssm:/shop/host", "ssm-secure:/aws/reference/secretsmanager/missing",
				"ssm:/shop/name");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(value(results, reads.get(0))).isEqualTo("db.internal");
		assertThat(results.get(reads.get(1)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ParameterNotFound");
			assertThat(failure.notFound()).isTrue();
		});
		assertThat(value(results, reads.get(2))).isEqualTo("shop");
		assertThat(this.ssm.getParameterNames()).containsExactly("/shop/host", "/aws/reference/secretsmanager/missing",
				"/shop/name");
	}

	@Test
	void fetchBatchWhenOnlyNameIsNotFoundDoesNotAskAgain() {
		this.ssm.answeringGetParameters((request) -> {
			throw AwsErrors.serviceError(ParameterNotFoundException.builder(), 400, "ParameterNotFound", "Not found");
		});
		List<ParameterRead> reads = reads("ssm-secure:/aws/reference/secretsmanager/missing");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.get(reads.get(0)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ParameterNotFound");
			assertThat(failure.notFound()).isTrue();
		});
		assertThat(this.ssm.callCount()).isOne();
	}

	@Test
	void fetchBatchWhenThrottledFailsEveryReadAsTransient() {
		this.ssm.answeringGetParameters((request) -> {
			throw AwsErrors.throttling();
		});
		List<ParameterRead> reads = reads("ssm:/a", "ssm:/b:1", "ssm:" + FakeSsmClient.arnOf("/c"));
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results).hasSize(3);
		assertThat(results.values()).extracting(RawParameter::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ThrottlingException");
			assertThat(failure.message()).isEqualTo("Rate exceeded");
			assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
		});
		assertThat(this.ssm.callCount()).as("no read is retried in place").isOne();
	}

	@Test
	void fetchBatchWhenCallIsInvalidFailsEveryReadAsPermanent() {
		this.ssm.answeringGetParameters((request) -> {
			throw AwsErrors.serviceError(AwsServiceException.builder(), 400, "ValidationException",
					"1 validation error detected");
		});
		List<ParameterRead> reads = reads("ssm:/a", "ssm:/b");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.values()).extracting(RawParameter::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ValidationException");
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
		assertThat(this.ssm.callCount()).isOne();
	}

	@Test
	void fetchBatchWhenGetParametersIsDeniedReadsEachNameAloneFromNowOn() {
		this.ssm.withParameter("/a", ParameterType.STRING, "value-a", 1)
			.withParameter("/b", ParameterType.STRING, "value-b", 1)
			.answeringGetParameters((request) -> {
				throw AwsErrors.accessDenied("ssm:GetParameters");
			});
		List<ParameterRead> reads = reads("ssm:/a", "ssm:/b");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(value(results, reads.get(0))).isEqualTo("value-a");
		assertThat(value(results, reads.get(1))).isEqualTo("value-b");
		Map<ParameterRead, RawParameter> later = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(value(later, reads.get(0))).isEqualTo("value-a");
		assertThat(this.ssm.getParametersRequests()).as("the refused batch action is not tried again").hasSize(1);
		assertThat(this.ssm.getParameterNames()).containsExactlyInAnyOrder("/a", "/b", "/a", "/b");
	}

	@Test
	void fetchBatchWhenAForbiddenAnswerDoesNotNameTheBatchActionKeepsBatching() {
		this.ssm.withParameter("/a", ParameterType.STRING, "value-a", 1).answeringGetParameters((request) -> {
			throw AwsErrors.errorPage(403, "<html>Request blocked by the firewall</html>");
		});
		List<ParameterRead> reads = reads("ssm:/a");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.get(reads.get(0)).failure()).isNotNull();
		this.ssm.answeringGetParametersFromStore();
		Map<ParameterRead, RawParameter> later = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(value(later, reads.get(0))).isEqualTo("value-a");
		assertThat(this.ssm.getParametersRequests()).as("batching is not turned off by a 403 from a proxy").hasSize(2);
		assertThat(this.ssm.getParameterNames()).isEmpty();
	}

	@Test
	void fetchBatchWhenEveryReadIsDeniedFailsEveryReadAsPermanent() {
		this.ssm.answeringGetParameters((request) -> {
			throw AwsErrors.accessDenied("ssm:GetParameters");
		}).answeringGetParameter((request) -> {
			throw AwsErrors.accessDenied("ssm:GetParameter");
		});
		List<ParameterRead> reads = reads("ssm:/a", "ssm:/b");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.values()).extracting(RawParameter::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("AccessDeniedException");
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
	}

	@Test
	void fetchBatchWhenConnectionFailsFailsEveryReadAsTransient() {
		this.ssm.answeringGetParameters((request) -> {
			throw AwsErrors.connectionReset();
		});
		List<ParameterRead> reads = reads("ssm:/a", "ssm:/b");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.values()).extracting(RawParameter::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("SdkClientException");
			assertThat(failure.message()).startsWith("Could not reach AWS").contains("Connection reset");
			assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
		});
	}

	@Test
	void fetchBatchWhenAnswerCannotBeParsedFailsEveryReadWithoutQuotingTheAnswer() {
		this.ssm.answeringGetParameters((request) -> {
			throw AwsErrors.unparseable("{\"Parameters\":[{\"Value\":\"" + SECRET_VALUE + "\"");
		});
		List<ParameterRead> reads = reads("ssm-secure:/a", "ssm:/b");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.values()).extracting(RawParameter::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("SdkClientException");
			assertThat(failure.message()).contains("could not be read").doesNotContain(SECRET_VALUE);
			assertThat(failure.toString()).doesNotContain(SECRET_VALUE);
		});
	}

	@Test
	void fetchBatchWhenUnmarshallingFailsWithoutCauseFailsWithoutQuotingTheAnswer() {
		this.ssm.answeringGetParameters((request) -> {
			throw SdkClientException.create("Unable to unmarshall response: " + SECRET_VALUE);
		});
		List<ParameterRead> reads = reads("ssm-secure:/a");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.get(reads.get(0)).failure().message()).contains("could not be read").doesNotContain(SECRET_VALUE);
	}

	@Test
	void fetchBatchWhenAnswerIsAnErrorPageFailsWithTheHttpStatusAndWithoutTheBody() {
		this.ssm.answeringGetParameters((request) -> {
			throw AwsErrors.errorPage(503, "<html><body>Service Unavailable " + SECRET_VALUE + "</body></html>");
		});
		List<ParameterRead> reads = reads("ssm:/a", "ssm:/b");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.values()).extracting(RawParameter::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("Http503");
			assertThat(failure.message()).isEqualTo("AWS answered HTTP 503");
			assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
		});
	}

	@Test
	void fetchBatchWhenHandlingTheAnswerFailsUnexpectedlyFailsEveryReadAsPermanent() {
		this.ssm.answeringGetParameters((request) -> {
			throw new IllegalStateException("bug while reading " + SECRET_VALUE);
		});
		List<ParameterRead> reads = reads("ssm:/a", "ssm:/b");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.values()).extracting(RawParameter::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("IllegalStateException");
			assertThat(failure.message()).doesNotContain(SECRET_VALUE);
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
	}

	@Test
	void fetchBatchWhenGetParameterFailsReportsItsError() {
		this.ssm.answeringGetParameters((request) -> GetParametersResponse.builder().build())
			.answeringGetParameter((request) -> {
				throw AwsErrors.throttling();
			});
		List<ParameterRead> reads = reads("ssm:/a");
		Map<ParameterRead, RawParameter> results = ParameterStoreFetcher.fetchBatch(this.ssm, reads, LOGGER);
		assertThat(results.get(reads.get(0)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ThrottlingException");
			assertThat(failure.isTransient()).isTrue();
		});
	}

	@Test
	void resultForWhenSsmReferencesASecureStringFails() {
		FetchResult result = ParameterStoreFetcher.resultFor(reference("ssm:/shop/key"),
				RawParameter.of(parameter(ParameterType.SECURE_STRING, SECRET_VALUE)));
		assertThat(result.isSuccess()).isFalse();
		assertThat(result.failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("SecureStringNotAllowed");
			assertThat(failure.message()).contains("ssm-secure").doesNotContain(SECRET_VALUE);
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
	}

	@Test
	void resultForWhenSsmSecureReferencesAStringFails() {
		FetchResult result = ParameterStoreFetcher.resultFor(reference("ssm-secure:/shop/host"),
				RawParameter.of(parameter(ParameterType.STRING_LIST, "a,b")));
		assertThat(result.failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("NotASecureString");
			assertThat(failure.message()).contains("StringList").contains("<<resolve:ssm:");
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
	}

	@Test
	void resultForWhenTypeMatchesReturnsValueAndVersion() {
		assertThat(ParameterStoreFetcher.resultFor(reference("ssm:/shop/hosts"),
				RawParameter.of(parameter(ParameterType.STRING_LIST, "a,b"))))
			.satisfies((result) -> {
				assertThat(result.value()).isEqualTo("a,b");
				assertThat(result.version()).isEqualTo("7");
			});
		assertThat(ParameterStoreFetcher.resultFor(reference("ssm-secure:/shop/key"),
				RawParameter.of(parameter(ParameterType.SECURE_STRING, SECRET_VALUE)))
			.value()).isEqualTo(SECRET_VALUE);
	}

	@Test
	void resultForWhenSecretsManagerPassThroughAcceptsEitherService() {
		RawParameter raw = RawParameter.of(parameter(ParameterType.SECURE_STRING, SECRET_VALUE));
		assertThat(ParameterStoreFetcher.resultFor(reference("ssm-secure:/aws/reference/secretsmanager/shop/db"), raw)
			.value()).isEqualTo(SECRET_VALUE);
		assertThat(ParameterStoreFetcher.resultFor(reference("ssm:/aws/reference/secretsmanager/shop/db"), raw)
			.value()).isEqualTo(SECRET_VALUE);
	}

	@Test
	void resultForWhenFetchFailedReturnsTheFailure() {
		FetchFailure failure = FetchFailure.notFound("ParameterNotFound", "Parameter Store has no parameter");
		FetchResult result = ParameterStoreFetcher.resultFor(reference("ssm:/a"), RawParameter.failed(failure));
		assertThat(result.failure()).isEqualTo(failure);
	}

	@Test
	void rawParameterToStringNeverShowsTheValue() {
		assertThat(RawParameter.of(parameter(ParameterType.SECURE_STRING, SECRET_VALUE)))
			.asString()
			.contains("/shop/parameter")
			.doesNotContain(SECRET_VALUE);
	}

	private static List<ParameterRead> reads(String... references) {
		return Arrays.stream(references).map(ParameterStoreFetcherTests::reference).map(ParameterRead::of).toList();
	}

	private static ParameterReference reference(String body) {
		return (ParameterReference) ReferenceParser.parse(body);
	}

	private static Parameter parameter(ParameterType type, String value) {
		return Parameter.builder().name("/shop/parameter").type(type).value(value).version(7L).build();
	}

	private static String value(Map<ParameterRead, RawParameter> results, ParameterRead read) {
		RawParameter raw = results.get(read);
		assertThat(raw).as("result for %s", read).isNotNull();
		assertThat(raw.failure()).as("failure for %s", read).isNull();
		return raw.parameter().value();
	}

}
