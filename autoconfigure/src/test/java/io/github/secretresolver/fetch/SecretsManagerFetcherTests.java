package io.github.secretresolver.fetch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.fetch.FetchFailure.Kind;
import io.github.secretresolver.reference.ReferenceParser;
import io.github.secretresolver.reference.SecretsManagerReference;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SecretsManagerFetcher}, against a {@link FakeSecretsManagerClient}.
 *
 * @author Secret Resolver contributors
 */
class SecretsManagerFetcherTests {

	private static final String VERSION_ID = "EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE";

	private static final String SECRET_VALUE = "s3cr3t-in-the-body-4kz0";

	private static final Log LOGGER = LogFactory.getLog(SecretsManagerFetcherTests.class);

	private final FakeSecretsManagerClient secretsManager = new FakeSecretsManagerClient();

	@Test
	void fetchCurrentBatchMatchesAnswersByName() {
		this.secretsManager.withSecret("shop/db", "{\"password\":\"pw\"}").withSecret("shop/token", "token-1");
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/token");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results).hasSize(2);
		assertThat(results.get(secrets.get(0)).value()).isEqualTo("{\"password\":\"pw\"}");
		assertThat(results.get(secrets.get(0)).version()).isEqualTo(this.secretsManager.currentVersionId("shop/db"));
		assertThat(results.get(secrets.get(1)).value()).isEqualTo("token-1");
		assertThat(this.secretsManager.batchSecretIds()).containsExactly(List.of("shop/db", "shop/token"));
		assertThat(this.secretsManager.getSecretValueRequests()).isEmpty();
	}

	@Test
	void fetchCurrentBatchMatchesAnswersByFullArn() {
		this.secretsManager.withSecret("shop/db", "db").withSecret("shop/token", "token-1");
		List<SecretsManagerReference> secrets = secrets(FakeSecretsManagerClient.arnOf("shop/db"),
				FakeSecretsManagerClient.arnOf("shop/token"));
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.get(secrets.get(0)).value()).isEqualTo("db");
		assertThat(results.get(secrets.get(1)).value()).isEqualTo("token-1");
		assertThat(this.secretsManager.getSecretValueRequests()).isEmpty();
	}

	@Test
	void fetchCurrentBatchMatchesAnswersByPartialArn() {
		this.secretsManager.withSecret("shop/db", "db").withSecret("shop/token", "token-1");
		List<SecretsManagerReference> secrets = secrets(FakeSecretsManagerClient.partialArnOf("shop/db"), "shop/token");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.get(secrets.get(0)).value()).isEqualTo("db");
		assertThat(results.get(secrets.get(1)).value()).isEqualTo("token-1");
		assertThat(this.secretsManager.getSecretValueRequests()).isEmpty();
	}

	@Test
	void fetchCurrentBatchNeverTakesTheAnswerForAnotherSecretWhoseNameStartsTheSame() {
		this.secretsManager.withSecret("shop/db", "the-db-secret")
			.withSecret("shop/db-admin", "the-admin-secret")
			.answeringBatchGetSecretValue((request) -> BatchGetSecretValueResponse.builder()
				.secretValues(entry("shop/db-admin", "the-admin-secret"), entry("shop/dbx", "the-dbx-secret"))
				.build());
		List<SecretsManagerReference> secrets = secrets(FakeSecretsManagerClient.partialArnOf("shop/db"), "shop/db");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.get(secrets.get(0)).value()).isEqualTo("the-db-secret");
		assertThat(results.get(secrets.get(1)).value()).isEqualTo("the-db-secret");
		assertThat(this.secretsManager.getSecretValueIds())
			.containsExactlyInAnyOrder(FakeSecretsManagerClient.partialArnOf("shop/db"), "shop/db");
	}

	@Test
	void fetchCurrentBatchReportsPerSecretErrorsWithTheirKind() {
		this.secretsManager.withSecret("shop/db", "db")
			.answeringBatchGetSecretValue((request) -> BatchGetSecretValueResponse.builder()
				.secretValues(entry("shop/db", "db"))
				.errors(error("shop/missing", "ResourceNotFoundException", "Secrets Manager can't find the secret."),
						error("shop/locked", "DecryptionFailure", "Access to KMS is not allowed"),
						error("shop/busy", "InternalServiceError", "Try again"),
						APIErrorType.builder().secretId("shop/odd").build())
				.build());
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/missing", "shop/locked", "shop/busy",
				"shop/odd");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.get(secrets.get(0)).value()).isEqualTo("db");
		assertThat(results.get(secrets.get(1)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ResourceNotFoundException");
			assertThat(failure.message()).isEqualTo("Secrets Manager can't find the secret.");
			assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
		});
		assertThat(results.get(secrets.get(2)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("DecryptionFailure");
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
		assertThat(results.get(secrets.get(3)).failure().kind()).isEqualTo(Kind.TRANSIENT);
		assertThat(results.get(secrets.get(4)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("UnknownError");
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
		assertThat(this.secretsManager.getSecretValueRequests()).as("reported errors are not asked again").isEmpty();
	}

	@Test
	void fetchCurrentBatchWhenMissingSecretsAreReportedAsErrorsReportsThemNotFound() {
		this.secretsManager.withSecret("shop/db", "db").reportingMissingSecretsAsErrors();
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/missing");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.get(secrets.get(1)).failure().notFound()).isTrue();
		assertThat(this.secretsManager.callCount()).isOne();
	}

	@Test
	void fetchCurrentBatchReadsUnansweredSecretsWithGetSecretValue() {
		this.secretsManager.withSecret("shop/db", "db").withSecret("shop/token", "token-1");
		this.secretsManager.answeringBatchGetSecretValue((request) -> BatchGetSecretValueResponse.builder()
			.secretValues(entry("shop/db", "db"))
			.build());
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/token", "shop/missing");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.get(secrets.get(1)).value()).isEqualTo("token-1");
		assertThat(results.get(secrets.get(2)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ResourceNotFoundException");
			assertThat(failure.notFound()).isTrue();
		});
		assertThat(this.secretsManager.getSecretValueIds()).containsExactlyInAnyOrder("shop/token", "shop/missing");
		assertThat(this.secretsManager.getSecretValueRequests()).allSatisfy((request) -> {
			assertThat(request.versionStage()).isNull();
			assertThat(request.versionId()).isNull();
		});
	}

	@Test
	void fetchCurrentBatchWhenBatchIsNotAllowedReadsEachSecretWithGetSecretValue() {
		this.secretsManager.withSecret("shop/db", "db")
			.withSecret("shop/token", "token-1")
			.answeringBatchGetSecretValue((request) -> {
				throw AwsErrors.accessDenied("secretsmanager:BatchGetSecretValue");
			});
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/token", "shop/missing");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.get(secrets.get(0)).value()).isEqualTo("db");
		assertThat(results.get(secrets.get(1)).value()).isEqualTo("token-1");
		assertThat(results.get(secrets.get(2)).failure().notFound()).isTrue();
		assertThat(this.secretsManager.getSecretValueIds()).containsExactlyInAnyOrder("shop/db", "shop/token",
				"shop/missing");
		SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager, secrets(FakeSecretsManagerClient.arnOf("shop/db"),
				"shop/token"), LOGGER);
		assertThat(this.secretsManager.batchRequests()).as("the refused batch action is not tried again").hasSize(1);
		assertThat(this.secretsManager.getSecretValueRequests()).hasSize(5);
	}

	@Test
	void fetchCurrentBatchWhenForbiddenWithoutNamingTheBatchActionFailsAndKeepsBatching() {
		this.secretsManager.withSecret("shop/db", "db")
			.withSecret("shop/token", "token-1")
			.answeringBatchGetSecretValue((request) -> {
				throw AwsErrors.errorPage(403, "<html>Forbidden</html>");
			});
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/token");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.values()).allSatisfy((result) -> assertThat(result.failure().errorCode()).isEqualTo("Http403"));
		assertThat(this.secretsManager.getSecretValueRequests()).as("a 403 from a proxy is not a refused action").isEmpty();
		SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager, secrets, LOGGER);
		assertThat(this.secretsManager.batchRequests()).as("batching stays on").hasSize(2);
	}

	@Test
	void fetchCurrentBatchWhenThrottledFailsEverySecretAsTransient() {
		this.secretsManager.withSecret("shop/db", "db").answeringBatchGetSecretValue((request) -> {
			throw AwsErrors.throttling();
		});
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/token");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results).hasSize(2);
		assertThat(results.values()).extracting(FetchResult::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ThrottlingException");
			assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
		});
		assertThat(this.secretsManager.getSecretValueRequests()).isEmpty();
	}

	@Test
	void fetchCurrentBatchWhenConnectionFailsFailsEverySecretAsTransient() {
		this.secretsManager.answeringBatchGetSecretValue((request) -> {
			throw AwsErrors.connectionReset();
		});
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/token");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.values()).extracting(FetchResult::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("SdkClientException");
			assertThat(failure.kind()).isEqualTo(Kind.TRANSIENT);
		});
		assertThat(this.secretsManager.getSecretValueRequests()).isEmpty();
	}

	@Test
	void fetchCurrentBatchWhenAnswerCannotBeParsedFailsWithoutQuotingTheAnswer() {
		this.secretsManager.answeringBatchGetSecretValue((request) -> {
			throw AwsErrors.unparseable("{\"SecretValues\":[{\"SecretString\":\"" + SECRET_VALUE);
		});
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/token");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.values()).extracting(FetchResult::failure).allSatisfy((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("SdkClientException");
			assertThat(failure.message()).contains("could not be read").doesNotContain(SECRET_VALUE);
		});
	}

	@Test
	void fetchCurrentBatchWhenSecretHoldsBinaryReportsSecretBinaryNotSupported() {
		this.secretsManager.withSecret("shop/db", "db").withBinarySecret("shop/certificate", new byte[] { 1, 2, (byte) 0xFF });
		List<SecretsManagerReference> secrets = secrets("shop/db", "shop/certificate");
		Map<SecretsManagerReference, FetchResult> results = SecretsManagerFetcher.fetchCurrentBatch(this.secretsManager,
				secrets, LOGGER);
		assertThat(results.get(secrets.get(0)).value()).isEqualTo("db");
		assertThat(results.get(secrets.get(1)).failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("SecretBinaryNotSupported");
			assertThat(failure.kind()).isEqualTo(Kind.PERMANENT);
		});
	}

	@Test
	void fetchOneWhenSecretHoldsBinaryReportsSecretBinaryNotSupported() {
		this.secretsManager.withBinarySecret("shop/certificate", new byte[] { 1, 2, 3 });
		FetchResult result = SecretsManagerFetcher.fetchOne(this.secretsManager, secret("shop/certificate"));
		assertThat(result.failure().errorCode()).isEqualTo("SecretBinaryNotSupported");
	}

	@Test
	void fetchOneReadsTheCurrentVersionWithoutStageOrVersionId() {
		this.secretsManager.withSecret("shop/db", "current");
		FetchResult result = SecretsManagerFetcher.fetchOne(this.secretsManager, secret("shop/db"));
		assertThat(result.value()).isEqualTo("current");
		assertThat(result.version()).isEqualTo(this.secretsManager.currentVersionId("shop/db"));
		assertThat(this.secretsManager.getSecretValueRequests()).singleElement().satisfies((request) -> {
			assertThat(request.secretId()).isEqualTo("shop/db");
			assertThat(request.versionStage()).isNull();
			assertThat(request.versionId()).isNull();
		});
		assertThat(this.secretsManager.batchRequests()).isEmpty();
	}

	@Test
	void fetchOnePassesThePinnedStage() {
		this.secretsManager.withVersion("shop/db", VERSION_ID, "previous", "AWSPREVIOUS")
			.withVersion("shop/db", "EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE", "current", "AWSCURRENT");
		FetchResult result = SecretsManagerFetcher.fetchOne(this.secretsManager,
				secret("shop/db:SecretString::AWSPREVIOUS"));
		assertThat(result.value()).isEqualTo("previous");
		assertThat(result.version()).isEqualTo(VERSION_ID);
		assertThat(this.secretsManager.getSecretValueRequests()).singleElement().satisfies((request) -> {
			assertThat(request.versionStage()).isEqualTo("AWSPREVIOUS");
			assertThat(request.versionId()).isNull();
		});
	}

	@Test
	void fetchOnePassesThePinnedVersionId() {
		this.secretsManager.withVersion("shop/db", VERSION_ID, "old", "AWSCURRENT")
			.withVersion("shop/db", "EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE", "current", "AWSCURRENT");
		FetchResult result = SecretsManagerFetcher.fetchOne(this.secretsManager,
				secret("shop/db:SecretString:::" + VERSION_ID));
		assertThat(result.value()).isEqualTo("old");
		assertThat(result.version()).isEqualTo(VERSION_ID);
		assertThat(this.secretsManager.getSecretValueRequests()).singleElement().satisfies((request) -> {
			assertThat(request.versionStage()).isNull();
			assertThat(request.versionId()).isEqualTo(VERSION_ID);
		});
	}

	@Test
	void fetchOneWhenSecretIsMissingReportsNotFound() {
		FetchResult result = SecretsManagerFetcher.fetchOne(this.secretsManager, secret("shop/missing:SecretString::AWSPREVIOUS"));
		assertThat(result.failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ResourceNotFoundException");
			assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
		});
	}

	@Test
	void fetchOneWhenThrottledReportsATransientFailure() {
		this.secretsManager.answeringGetSecretValue((request) -> {
			throw AwsErrors.throttling();
		});
		FetchResult result = SecretsManagerFetcher.fetchOne(this.secretsManager, secret("shop/db"));
		assertThat(result.failure()).satisfies((failure) -> {
			assertThat(failure.errorCode()).isEqualTo("ThrottlingException");
			assertThat(failure.isTransient()).isTrue();
		});
	}

	private static List<SecretsManagerReference> secrets(String... ids) {
		return Arrays.stream(ids).map(SecretsManagerFetcherTests::secret).toList();
	}

	private static SecretsManagerReference secret(String body) {
		return (SecretsManagerReference) ReferenceParser.parse("secretsmanager:" + body);
	}

	private static SecretValueEntry entry(String name, String secretString) {
		return SecretValueEntry.builder()
			.name(name)
			.arn(FakeSecretsManagerClient.arnOf(name))
			.versionId(VERSION_ID)
			.secretString(secretString)
			.build();
	}

	private static APIErrorType error(String secretId, String code, String message) {
		return APIErrorType.builder().secretId(secretId).errorCode(code).message(message).build();
	}

}
