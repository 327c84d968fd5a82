package io.github.secretresolver.fetch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.secretresolver.fetch.FetchPlan.ParameterRead;
import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.ReferenceService;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Fetches Parameter Store parameters with {@code GetParameters}, at most
 * {@value #MAX_NAMES_PER_CALL} names per call, always with decryption so that {@code ssm} and
 * {@code ssm-secure} references to the same name share one read.
 *
 * @author Secret Resolver contributors
 */
final class ParameterStoreFetcher {

	static final int MAX_NAMES_PER_CALL = 10;

	private static final String BATCH_ACTION = "GetParameters";

	private ParameterStoreFetcher() {
	}

	/**
	 * Fetch one batch with a single {@code GetParameters} call.
	 * @param client the client for the Region of the batch
	 * @param reads at most {@value #MAX_NAMES_PER_CALL} reads, at most one per parameter
	 * @return a result for every read
	 */
	static Map<ParameterRead, RawParameter> fetchBatch(SsmClient client, List<ParameterRead> reads, Log logger) {
		Map<ParameterRead, RawParameter> results = new HashMap<>();
		if (UnsupportedBatches.isRefused(BATCH_ACTION, client)) {
			reads.forEach((read) -> results.put(read, fetchOne(client, read)));
			return results;
		}
		List<String> names = reads.stream().map(ParameterRead::nameWithSelector).toList();
		GetParametersResponse response;
		try {
			response = client.getParameters((request) -> request.names(names).withDecryption(true));
		}
		catch (AwsServiceException ex) {
			if (UnsupportedBatches.rememberIfRefused(BATCH_ACTION, client, ex)) {
				logger.info("Parameter Store refused GetParameters (" + Failures.from(ex).errorCode() + ") at "
						+ Failures.searchedIn(client) + "; reading parameters one at a time with GetParameter from now on");
				reads.forEach((read) -> results.put(read, fetchOne(client, read)));
				return results;
			}
			return failAll(client, reads, ex, results);
		}
		catch (RuntimeException ex) {
			return failAll(client, reads, ex, results);
		}
		Map<String, Parameter> returned = new HashMap<>();
		for (Parameter parameter : response.parameters()) {
			returned.put(parameter.name(), parameter);
			if (parameter.arn() != null) {
				returned.put(parameter.arn(), parameter);
			}
		}
		Set<String> invalid = Set.copyOf(response.invalidParameters());
		for (ParameterRead read : reads) {
			// A batch holds each parameter once, so the name identifies the returned parameter even
			// where the answer carries no Selector (as moto's does not).
			Parameter parameter = returned.get(read.name());
			if (parameter != null) {
				results.put(read, RawParameter.of(parameter));
			}
			else if (read.arn() || !invalid.contains(read.nameWithSelector())) {
				results.put(read, fetchOne(client, read));
			}
			else {
				results.put(read, RawParameter.failed(notFound(read)));
			}
		}
		return results;
	}

	private static Map<ParameterRead, RawParameter> failAll(SsmClient client, List<ParameterRead> reads,
			RuntimeException ex, Map<ParameterRead, RawParameter> results) {
		FetchFailure failure = Failures.from(ex);
		if (failure.notFound() && reads.size() > 1) {
			// One name failed the whole call (moto does this for a missing
			// /aws/reference/secretsmanager/ name): ask for each name alone, so that the
			// others are not reported missing.
			reads.forEach((read) -> results.put(read, fetchOne(client, read)));
			return results;
		}
		reads.forEach((read) -> results.put(read, RawParameter.failed(failure)));
		return results;
	}

	/**
	 * Fetch one parameter with {@code GetParameter}: used for ARNs and for names that a batch did
	 * not return, so that the error AWS reports is exact.
	 */
	private static RawParameter fetchOne(SsmClient client, ParameterRead read) {
		try {
			return RawParameter.of(client
				.getParameter((request) -> request.name(read.nameWithSelector()).withDecryption(true))
				.parameter());
		}
		catch (RuntimeException ex) {
			return RawParameter.failed(Failures.from(ex));
		}
	}

	private static FetchFailure notFound(ParameterRead read) {
		return (read.selector() != null)
				? FetchFailure.notFound("ParameterVersionNotFound",
						"Parameter Store has no parameter with this name and version or label")
				: FetchFailure.notFound("ParameterNotFound", "Parameter Store has no parameter with this name");
	}

	/**
	 * Check the type of a fetched parameter against the service named in the reference and
	 * return the result for that reference.
	 * @param reference the reference
	 * @param raw the fetched parameter
	 * @return the result for the reference
	 */
	static FetchResult resultFor(ParameterReference reference, RawParameter raw) {
		if (raw.failure() != null) {
			return FetchResult.failure(raw.failure());
		}
		Parameter parameter = raw.parameter();
		boolean secure = parameter.type() == ParameterType.SECURE_STRING;
		if (!reference.isSecretsManagerPassThrough()) {
			if (secure && reference.service() == ReferenceService.SSM) {
				return FetchResult.failure(FetchFailure.error("SecureStringNotAllowed",
						"The parameter is a SecureString; use <<resolve:ssm-secure:...>> for it"));
			}
			if (!secure && reference.service() == ReferenceService.SSM_SECURE) {
				return FetchResult.failure(FetchFailure.error("NotASecureString",
						"The parameter is a " + parameter.typeAsString() + "; use <<resolve:ssm:...>> for it"));
			}
		}
		return FetchResult.success(parameter.value(), String.valueOf(parameter.version()));
	}

	/**
	 * A parameter as {@code GetParameters} returned it, or the failure to fetch it.
	 *
	 * @param parameter the parameter, or {@code null} on failure
	 * @param failure the failure, or {@code null} on success
	 */
	record RawParameter(@Nullable Parameter parameter, @Nullable FetchFailure failure) {

		static RawParameter of(Parameter parameter) {
			return new RawParameter(parameter, null);
		}

		static RawParameter failed(FetchFailure failure) {
			return new RawParameter(null, failure);
		}

		/**
		 * Return this result, with where the parameter was looked for when it does not exist.
		 */
		RawParameter searchedIn(String searched) {
			return (this.failure != null && this.failure.notFound()) ? failed(this.failure.searchedIn(searched)) : this;
		}

		@Override
		public String toString() {
			return (this.failure != null) ? "RawParameter[" + this.failure + "]"
					: "RawParameter[" + this.parameter.name() + "]";
		}

	}

}
