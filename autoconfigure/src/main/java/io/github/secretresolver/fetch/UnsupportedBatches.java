package io.github.secretresolver.fetch;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.awscore.AwsClient;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Remembers, for the life of the JVM, the batch actions ({@code GetParameters},
 * {@code BatchGetSecretValue}) that a service endpoint refused: an organisation policy may deny a
 * batch action while allowing single reads, and an endpoint (an emulator, a proxy) may not implement
 * it. After the first refusal, values are read one at a time there, and later fetches and refreshes
 * do not pay the failed call again. Thread-safe.
 *
 * @author Secret Resolver contributors
 */
final class UnsupportedBatches {

	private static final Set<String> UNSUPPORTED = ConcurrentHashMap.newKeySet();

	private static final Set<String> REFUSAL_CODES = Set.of("UnknownOperationException", "InvalidAction",
			"NotImplemented", "UnsupportedOperation", "UnsupportedOperationException", "Http501");

	private UnsupportedBatches() {
	}

	/**
	 * Return whether an endpoint refused a batch action before.
	 * @param action the batch action
	 * @param client the client of the endpoint
	 * @return whether to read one at a time
	 */
	static boolean isRefused(String action, AwsClient client) {
		return UNSUPPORTED.contains(key(action, client));
	}

	/**
	 * Remember that an endpoint refuses a batch action, if the exception says so.
	 * @param action the batch action
	 * @param client the client of the endpoint
	 * @param ex what the call threw
	 * @return whether the exception is such a refusal, remembered from now on
	 */
	static boolean rememberIfRefused(String action, AwsClient client, AwsServiceException ex) {
		String code = (ex.awsErrorDetails() != null && ex.awsErrorDetails().errorCode() != null)
				? ex.awsErrorDetails().errorCode() : "Http" + ex.statusCode();
		String message = (ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorMessage() : null;
		// access denied counts only when it names the batch action: a 403 from a proxy, expired
		// credentials or a wrong signature says nothing about the action
		boolean denied = code.startsWith("AccessDenied") && message != null && message.contains(action);
		boolean refused = denied || REFUSAL_CODES.contains(code);
		if (refused) {
			UNSUPPORTED.add(key(action, client));
		}
		return refused;
	}

	private static String key(String action, AwsClient client) {
		var configuration = client.serviceClientConfiguration();
		return action + "|" + configuration.region() + "|"
				+ configuration.endpointOverride().map(URI::toString).orElse("");
	}

}
