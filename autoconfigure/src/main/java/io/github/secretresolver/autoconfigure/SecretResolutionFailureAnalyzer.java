package io.github.secretresolver.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.secretresolver.SecretResolutionException;
import io.github.secretresolver.fetch.FetchFailure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports every reference that could not be resolved, with a concrete fix for each kind of error.
 *
 * @author Secret Resolver contributors
 */
class SecretResolutionFailureAnalyzer extends AbstractFailureAnalyzer<SecretResolutionException> {

	private static final String NL = System.lineSeparator();

	private static final Map<String, String> FIXES = Map.ofEntries(
			Map.entry("InvalidReference",
					"Correct the reference syntax: <<resolve:ssm:NAME[:VERSION|:LABEL]>>, "
							+ "<<resolve:ssm-secure:NAME[:VERSION|:LABEL]>>, "
							+ "<<resolve:secretsmanager:SECRET-ID[:SecretString[:JSON-KEY[:VERSION-STAGE[:VERSION-ID]]]]>> or "
							+ "<<resolve:kms:CIPHERTEXT[:CONTEXT[:KEY-ID[:ALGORITHM[:FORMAT]]]]>>."),
			Map.entry("UnresolvablePlaceholder", "Define the ${...} placeholder used inside the reference."),
			Map.entry("ParameterNotFound",
					"Create the parameter (aws ssm put-parameter), correct its name or Region, "
							+ "or make the reference optional with '|default=VALUE' before '>>'."),
			Map.entry("ParameterVersionNotFound",
					"Check that the version or label exists (aws ssm get-parameter-history --name NAME)."),
			Map.entry("ResourceNotFoundException",
					"Create the secret, correct its id, ARN or Region, or check that the version stage or id "
							+ "is attached to a version (aws secretsmanager describe-secret --secret-id ID)."),
			Map.entry("JsonKeyNotFound",
					"Correct the JSON key (keys are case-sensitive; nested keys are written a.b.c), "
							+ "or make the reference optional with '|default=VALUE'."),
			Map.entry("SecretNotJson", "Store the secret as a JSON object, or remove the JSON key to use the whole "
					+ "SecretString."),
			Map.entry("SecretNotJsonObject", "Store the secret as a JSON object, or remove the JSON key to use the "
					+ "whole SecretString."),
			Map.entry("SecretBinaryNotSupported", "Store the value as SecretString."),
			Map.entry("SecureStringNotAllowed", "Use <<resolve:ssm-secure:...>> for SecureString parameters."),
			Map.entry("NotASecureString", "Use <<resolve:ssm:...>> for String and StringList parameters."),
			Map.entry("InvalidCiphertextException",
					"Check that the ciphertext is complete and that the encryption context in the reference is exactly "
							+ "the one used to encrypt (keys and values are case-sensitive)."),
			Map.entry("IncorrectKeyException",
					"Remove the key id from the reference or give the key that encrypted the value."),
			Map.entry("DisabledException", "Enable the KMS key (aws kms enable-key --key-id KEY)."),
			Map.entry("KMSInvalidStateException",
					"Check the KMS key's state (aws kms describe-key --key-id KEY): it may be pending deletion or "
							+ "unavailable."),
			Map.entry("NotFoundException", "Check the KMS key id and Region."),
			Map.entry("PlaintextNotUtf8",
					"Add the format segment 'base64' (<<resolve:kms:CIPHERTEXT::::base64>>) to receive binary "
							+ "plaintext base64-encoded."),
			Map.entry("AwsEncryptionSdkMissing",
					"Add the dependency com.amazonaws:aws-encryption-sdk-java to decrypt AWS Encryption SDK messages."),
			Map.entry("EncryptionSdkDecryptFailed",
					"Check the encryption context and key of the AWS Encryption SDK message; for a pinned key give "
							+ "its key ARN."),
			Map.entry("AccessDeniedException",
					"Allow the application's IAM principal ssm:GetParameters and ssm:GetParameter (parameter ARNs, "
							+ "and single reads where GetParameters is refused), with kms:Decrypt for SecureString; "
							+ "secretsmanager:GetSecretValue (and optionally secretsmanager:BatchGetSecretValue); and "
							+ "kms:Decrypt for kms references, on the resources."),
			Map.entry("Timeout",
					"Check network access to the AWS endpoint; if AWS is only slow or busy, raise "
							+ "secret-resolver.attempt-timeout (one call), secret-resolver.startup-timeout (time "
							+ "without any answer) or secret-resolver.startup-max-duration (all of startup)."),
			Map.entry("SdkClientException",
					"Check network access to the endpoint (spring.cloud.aws.endpoint or AWS_ENDPOINT_URL), the "
							+ "Region (spring.cloud.aws.region.static or AWS_REGION) and the credentials settings "
							+ "(a profile that exists)."),
			Map.entry("ThrottlingException",
					"AWS throttled the calls for longer than startup allows: raise "
							+ "secret-resolver.startup-max-duration, enable Parameter Store's higher throughput, or "
							+ "start fewer instances at once (docs/operations.md, 'Fleets that start together')."),
			Map.entry("UnrecognizedClientException",
					"The access key is not known to AWS: check the credentials the application uses (and that "
							+ "they belong to this partition and Region)."),
			Map.entry("InvalidSignatureException",
					"The secret access key does not match the access key, or the clock is far off: check the "
							+ "credentials and the system clock."),
			Map.entry("ExpiredTokenException",
					"The session credentials have expired: renew them (aws sso login, a new session token) or use "
							+ "a role that the SDK refreshes."),
			Map.entry("LocalFileUnreadable",
					"Check the file named by secret-resolver.local-file: it must exist and be valid YAML in the "
							+ "documented layout (docs/troubleshooting.md#localfileunreadable)."),
			Map.entry("NoCredentials",
					"Give the application AWS credentials: an instance, task or pod role in AWS; locally a profile "
							+ "(AWS_PROFILE, spring.cloud.aws.credentials.profile.name) or AWS_ACCESS_KEY_ID and "
							+ "AWS_SECRET_ACCESS_KEY; or register an AwsCredentialsProvider in the BootstrapRegistry."),
			Map.entry("NoRegion",
					"Set the Region: spring.cloud.aws.region.static, the environment variable AWS_REGION, or a "
							+ "profile's region."),
			Map.entry("SecretScheduledForDeletion",
					"Restore the secret (aws secretsmanager restore-secret --secret-id ID), reference another one, or "
							+ "make the reference optional with '|default=VALUE'."),
			Map.entry("ReadBeforeResolution",
					"Write the value of these properties directly: Spring Boot reads them before references are "
							+ "resolved (see 'Where references are resolved' in the README)."),
			Map.entry("ResolutionDisabled",
					"Give these properties values without references, enable the starter, or set "
							+ "secret-resolver.when-disabled=pass-through to hand the reference text to the application."));

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SecretResolutionException cause) {
		String description = cause.getErrors().size() + " AWS reference(s) in the configuration could not be "
				+ "resolved:" + NL + cause.getErrors()
					.stream()
					.map((error) -> NL + "    Property:  " + error.property() + NL
							+ ((error.origin() != null) ? "    Origin:    " + error.origin() + NL : "")
							+ "    Reference: " + error.reference() + NL + "    Error:     " + error.errorCode() + ": "
							+ error.message() + NL
							+ ((error.searched() != null) ? "    Searched:  " + error.searched() + NL : ""))
					.collect(Collectors.joining());
		Set<String> fixes = new LinkedHashSet<>();
		cause.getErrors().forEach((error) -> fixes.add(fix(error.errorCode())));
		String action = fixes.stream().map((fix) -> "- " + fix).collect(Collectors.joining(NL));
		return new FailureAnalysis(description, action, cause);
	}

	private static String fix(String errorCode) {
		String fix = FIXES.get(errorCode);
		if (fix != null) {
			return fix;
		}
		if (errorCode.startsWith("AccessDenied")) {
			return FIXES.get("AccessDeniedException");
		}
		if (FetchFailure.isThrottlingCode(errorCode)) {
			return FIXES.get("ThrottlingException");
		}
		if (errorCode.matches("Http5[0-9][0-9]") || FetchFailure.isTransientCode(errorCode)) {
			return errorCode + ": AWS (or a proxy in between) kept failing for longer than startup allows; check the "
					+ "AWS Health Dashboard and the network path, or name failover Regions (secret-resolver.failover.regions).";
		}
		return errorCode + ": see the error message above; docs/troubleshooting.md explains every error code, its "
				+ "usual causes and fix (linked from the README section 'Troubleshooting').";
	}

}
