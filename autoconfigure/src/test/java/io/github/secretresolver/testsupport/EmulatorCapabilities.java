package io.github.secretresolver.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The Parameter Store features of the {@link AwsTestEnvironment test endpoint} that not every
 * emulator has (Floci lacks all of them), probed once per JVM, so that a test of a reference form
 * the emulator lacks is skipped with a message saying why instead of failing. Against moto and AWS
 * nothing is ever skipped: there a missing feature fails the test.
 *
 * @author Secret Resolver contributors
 */
public final class EmulatorCapabilities {

	private static final String PROBE_VALUE_1 = "probe-v1";

	private static final String PROBE_VALUE_2 = "probe-v2";

	private static final String PROBE_LABEL = "probe-label";

	private static final String PROBE_SECRET_VALUE = "probe-secret";

	private static Map<Feature, String> missingFeatures;

	private static String emulator;

	private EmulatorCapabilities() {
	}

	/**
	 * Skip the calling test unless the test endpoint has every given feature. Against moto or AWS a
	 * missing feature fails the test instead.
	 * @param features the features the test needs
	 */
	public static void assumeSupported(Feature... features) {
		for (Feature feature : features) {
			String reason = missing().get(feature);
			if (reason != null) {
				if (emulator != null) {
					throw new AssertionError(emulator + " should support " + feature.description() + ", but: " + reason);
				}
				Assumptions.abort("The AWS endpoint " + AwsTestEnvironment.endpoint() + " does not support "
						+ feature.description() + " (" + reason + ")");
			}
		}
	}

	/**
	 * Return whether the test endpoint has a feature.
	 * @param feature the feature
	 * @return whether it is supported
	 */
	public static boolean isSupported(Feature feature) {
		return !missing().containsKey(feature);
	}

	private static synchronized Map<Feature, String> missing() {
		if (missingFeatures == null) {
			emulator = neverSkipping(AwsTestEnvironment.endpoint());
			missingFeatures = "AWS".equals(emulator) ? Map.of() : probe();
		}
		return missingFeatures;
	}

	/**
	 * Return the name of the endpoint if it is one where no test may be skipped (moto or AWS).
	 */
	private static String neverSkipping(URI endpoint) {
		String host = (endpoint.getHost() != null) ? endpoint.getHost() : "";
		if (host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn") || host.endsWith(".api.aws")) {
			return "AWS";
		}
		try {
			HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
			connection.setConnectTimeout(2000);
			connection.setReadTimeout(5000);
			if (connection.getResponseCode() == 200) {
				try (InputStream body = connection.getInputStream()) {
					if (new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8).contains("Moto")) {
						return "moto";
					}
				}
			}
		}
		catch (IOException ex) {
			// not moto
		}
		return null;
	}

	private static Map<Feature, String> probe() {
		Map<Feature, String> missing = new EnumMap<>(Feature.class);
		String id = UUID.randomUUID().toString().substring(0, 8);
		String name = "/secret-resolver-probe/" + id;
		String secret = "secret-resolver-probe/" + id;
		try (SsmClient ssm = AwsTestEnvironment.ssm(); SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager()) {
			ssm.putParameter((request) -> request.name(name).value(PROBE_VALUE_1).type(ParameterType.STRING));
			ssm.putParameter((request) -> request.name(name).value(PROBE_VALUE_2).type(ParameterType.STRING).overwrite(true));
			check(missing, Feature.PARAMETER_VERSION_SELECTORS, () -> readInBatch(ssm, name + ":1", PROBE_VALUE_1));
			check(missing, Feature.PARAMETER_LABEL_SELECTORS, () -> {
				ssm.labelParameterVersion((request) -> request.name(name).parameterVersion(1L).labels(PROBE_LABEL));
				return readInBatch(ssm, name + ":" + PROBE_LABEL, PROBE_VALUE_1);
			});
			check(missing, Feature.PARAMETER_ARNS, () -> {
				String arn = ssm.getParameter((request) -> request.name(name)).parameter().arn();
				if (arn == null) {
					return "GetParameter answers carry no ARN";
				}
				return compare(ssm.getParameter((request) -> request.name(arn)).parameter(), PROBE_VALUE_2);
			});
			check(missing, Feature.SECRETS_MANAGER_PASS_THROUGH, () -> {
				secretsManager.createSecret((request) -> request.name(secret).secretString(PROBE_SECRET_VALUE));
				return compare(ssm.getParameter((request) -> request
					.name("/aws/reference/secretsmanager/" + secret)
					.withDecryption(true)).parameter(), PROBE_SECRET_VALUE);
			});
			deleteQuietly(() -> ssm.deleteParameter((request) -> request.name(name)));
			deleteQuietly(() -> secretsManager
				.deleteSecret((request) -> request.secretId(secret).forceDeleteWithoutRecovery(true)));
		}
		return missing;
	}

	/**
	 * Run a probe that returns why the feature is missing, or {@code null}. An AWS error answer
	 * means the feature is missing; any other failure (the endpoint is down) is thrown.
	 */
	private static void check(Map<Feature, String> missing, Feature feature, Supplier<String> probe) {
		String reason;
		try {
			reason = probe.get();
		}
		catch (AwsServiceException ex) {
			reason = "answered " + ((ex.awsErrorDetails() != null) ? ex.awsErrorDetails().errorCode() : null)
					+ " (HTTP " + ex.statusCode() + ")";
		}
		if (reason != null) {
			missing.put(feature, reason);
		}
	}

	private static String readInBatch(SsmClient ssm, String nameWithSelector, String expected) {
		GetParametersResponse response = ssm.getParameters((request) -> request.names(nameWithSelector));
		if (response.parameters().isEmpty()) {
			return "GetParameters answered " + nameWithSelector + " in InvalidParameters";
		}
		return compare(response.parameters().get(0), expected);
	}

	private static String compare(Parameter parameter, String expected) {
		return expected.equals(parameter.value()) ? null : "answered another value";
	}

	private static void deleteQuietly(Runnable delete) {
		try {
			delete.run();
		}
		catch (AwsServiceException ex) {
			// the probe's leftovers are harmless
		}
	}

	/**
	 * Features of Parameter Store that emulators may lack.
	 */
	public enum Feature {

		/**
		 * {@code name:VERSION} in {@code GetParameters}.
		 */
		PARAMETER_VERSION_SELECTORS("Parameter Store version selectors (name:VERSION)"),

		/**
		 * {@code LabelParameterVersion} and {@code name:LABEL} in {@code GetParameters}.
		 */
		PARAMETER_LABEL_SELECTORS("Parameter Store labels (name:LABEL)"),

		/**
		 * A parameter ARN as the name in {@code GetParameter}.
		 */
		PARAMETER_ARNS("parameter ARNs as names"),

		/**
		 * {@code /aws/reference/secretsmanager/SECRET} in {@code GetParameter}.
		 */
		SECRETS_MANAGER_PASS_THROUGH("Secrets Manager secrets through Parameter Store "
				+ "(/aws/reference/secretsmanager/)");

		private final String description;

		Feature(String description) {
			this.description = description;
		}

		String description() {
			return this.description;
		}

	}

}
