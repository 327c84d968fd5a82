package io.github.secretresolver.fetch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.secretresolver.reference.SecretsManagerReference;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * Fetches Secrets Manager secret strings: current versions with {@code BatchGetSecretValue}, at
 * most {@value #MAX_IDS_PER_CALL} ids per call, and pinned versions with {@code GetSecretValue}.
 * When the caller may not use {@code BatchGetSecretValue} (it needs its own IAM permission) or the
 * endpoint does not implement it, the batch falls back to one {@code GetSecretValue} per secret,
 * and later batches to the same endpoint go straight to single reads.
 *
 * @author Secret Resolver contributors
 */
final class SecretsManagerFetcher {

	static final int MAX_IDS_PER_CALL = 20;

	private static final String BATCH_ACTION = "BatchGetSecretValue";

	private SecretsManagerFetcher() {
	}

	/**
	 * Fetch the current versions of up to {@value #MAX_IDS_PER_CALL} secrets with one call.
	 * @param client the client for the Region of the batch
	 * @param secrets unpinned references to whole secrets
	 * @return a result for every requested secret
	 */
	static Map<SecretsManagerReference, FetchResult> fetchCurrentBatch(SecretsManagerClient client,
			List<SecretsManagerReference> secrets, Log logger) {
		if (UnsupportedBatches.isRefused(BATCH_ACTION, client)) {
			return fetchEach(client, secrets);
		}
		List<String> ids = secrets.stream().map(SecretsManagerReference::secretId).toList();
		BatchGetSecretValueResponse response;
		try {
			response = client.batchGetSecretValue((request) -> request.secretIdList(ids));
		}
		catch (AwsServiceException ex) {
			if (UnsupportedBatches.rememberIfRefused(BATCH_ACTION, client, ex)) {
				logger.info("Secrets Manager refused BatchGetSecretValue (" + Failures.from(ex).errorCode() + ") at "
						+ Failures.searchedIn(client)
						+ "; reading secrets one at a time with GetSecretValue from now on");
				return fetchEach(client, secrets);
			}
			return failAll(secrets, Failures.from(ex));
		}
		catch (RuntimeException ex) {
			return failAll(secrets, Failures.from(ex));
		}
		Map<SecretsManagerReference, FetchResult> results = new HashMap<>();
		List<SecretsManagerReference> unanswered = new ArrayList<>();
		for (SecretsManagerReference secret : secrets) {
			FetchResult result = findValue(response, secret);
			if (result == null) {
				result = findError(response, secret.secretId());
			}
			if (result != null) {
				results.put(secret, result);
			}
			else {
				unanswered.add(secret);
			}
		}
		results.putAll(fetchEach(client, unanswered));
		return results;
	}

	/**
	 * Fetch one secret version with {@code GetSecretValue}.
	 * @param client the client for the Region of the secret
	 * @param secret the reference to a whole secret, pinned or not
	 * @return the result
	 */
	static FetchResult fetchOne(SecretsManagerClient client, SecretsManagerReference secret) {
		try {
			GetSecretValueResponse response = client.getSecretValue((request) -> request.secretId(secret.secretId())
				.versionStage(secret.versionStage())
				.versionId(secret.versionId()));
			return secretString(response.secretString(), response.versionId());
		}
		catch (RuntimeException ex) {
			return FetchResult.failure(Failures.from(ex));
		}
	}

	private static Map<SecretsManagerReference, FetchResult> fetchEach(SecretsManagerClient client,
			List<SecretsManagerReference> secrets) {
		Map<SecretsManagerReference, FetchResult> results = new HashMap<>();
		secrets.forEach((secret) -> results.put(secret, fetchOne(client, secret)));
		return results;
	}

	private static @Nullable FetchResult findValue(BatchGetSecretValueResponse response,
			SecretsManagerReference secret) {
		for (SecretValueEntry entry : response.secretValues()) {
			if (secret.isAnsweredBy(entry.name(), entry.arn())) {
				return secretString(entry.secretString(), entry.versionId());
			}
		}
		return null;
	}

	private static @Nullable FetchResult findError(BatchGetSecretValueResponse response, String secretId) {
		for (APIErrorType error : response.errors()) {
			if (secretId.equals(error.secretId())) {
				String code = (error.errorCode() != null) ? error.errorCode() : "UnknownError";
				String message = (error.message() != null) ? error.message() : code;
				return FetchResult.failure(Failures.of(code, message));
			}
		}
		return null;
	}

	private static FetchResult secretString(String secretString, String versionId) {
		if (secretString == null) {
			return FetchResult.failure(FetchFailure.error("SecretBinaryNotSupported",
					"The secret holds SecretBinary; only SecretString values can be referenced"));
		}
		return FetchResult.success(secretString, versionId);
	}

	private static Map<SecretsManagerReference, FetchResult> failAll(List<SecretsManagerReference> secrets,
			FetchFailure failure) {
		Map<SecretsManagerReference, FetchResult> results = new HashMap<>();
		secrets.forEach((secret) -> results.put(secret, FetchResult.failure(failure)));
		return results;
	}

}
