package io.github.secretresolver.resolve;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.ReferenceService;
import org.jspecify.annotations.Nullable;
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

	private ParameterStoreFetcher() {
	}

	/**
	 * Fetch one batch of names with a single {@code GetParameters} call.
	 * @param client the client for the Region of the batch
	 * @param namesWithSelectors at most {@value #MAX_NAMES_PER_CALL} distinct names, each with its
	 * optional {@code :version} or {@code :label}
	 * @return a result for every requested name
	 */
	static Map<String, RawParameter> fetchBatch(SsmClient client, List<String> namesWithSelectors) {
		Map<String, RawParameter> results = new HashMap<>();
		GetParametersResponse response;
		try {
			response = client.getParameters((request) -> request.names(namesWithSelectors).withDecryption(true));
		}
		catch (RuntimeException ex) {
			FetchFailure failure = AwsFailures.from(ex);
			if (failure.notFound() && namesWithSelectors.size() > 1) {
				// One name failed the whole call (moto does this for a missing
				// /aws/reference/secretsmanager/ name): ask for each name alone, so that the
				// others are not reported missing.
				namesWithSelectors.forEach((name) -> results.put(name, fetchOne(client, name)));
				return results;
			}
			namesWithSelectors.forEach((name) -> results.put(name, RawParameter.failed(failure)));
			return results;
		}
		Map<String, Parameter> returned = new HashMap<>();
		for (Parameter parameter : response.parameters()) {
			returned.put(parameter.name(), parameter);
			if (parameter.arn() != null) {
				returned.put(parameter.arn(), parameter);
			}
		}
		Set<String> invalid = Set.copyOf(response.invalidParameters());
		for (String name : namesWithSelectors) {
			Parameter parameter = returned.get(parameterName(name));
			if (parameter != null) {
				results.put(name, RawParameter.of(parameter));
			}
			else if (name.startsWith("arn:") || !invalid.contains(name)) {
				results.put(name, fetchOne(client, name));
			}
			else {
				results.put(name, RawParameter.failed(notFound(name)));
			}
		}
		return results;
	}

	/**
	 * Return the parameter a requested name designates, without its selector. A batch holds each
	 * parameter once, so this identifies the returned parameter even where the response carries
	 * no {@code Selector} (as moto's does not).
	 * @param nameWithSelector a name or ARN with an optional {@code :version} or {@code :label}
	 * @return the name or ARN alone
	 */
	static String parameterName(String nameWithSelector) {
		String[] tokens = nameWithSelector.split(":", -1);
		int nameTokens = nameWithSelector.startsWith("arn:") ? 6 : 1;
		return (tokens.length > nameTokens) ? String.join(":", java.util.Arrays.copyOf(tokens, nameTokens))
				: nameWithSelector;
	}

	/**
	 * Fetch one name with {@code GetParameter}: used for ARNs and for names that a batch did not
	 * return, so that the error AWS reports is exact.
	 */
	private static RawParameter fetchOne(SsmClient client, String nameWithSelector) {
		try {
			return RawParameter.of(client
				.getParameter((request) -> request.name(nameWithSelector).withDecryption(true))
				.parameter());
		}
		catch (RuntimeException ex) {
			return RawParameter.failed(AwsFailures.from(ex));
		}
	}

	private static FetchFailure notFound(String nameWithSelector) {
		boolean hasSelector = nameWithSelector.lastIndexOf(':') > 0;
		return hasSelector
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

		@Override
		public String toString() {
			return (this.failure != null) ? "RawParameter[" + this.failure + "]"
					: "RawParameter[" + this.parameter.name() + "]";
		}

	}

}
