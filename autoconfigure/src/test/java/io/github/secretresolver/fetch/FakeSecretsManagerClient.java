package io.github.secretresolver.fetch;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerServiceClientConfiguration;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;

/**
 * {@link SecretsManagerClient} for unit tests: answers {@code BatchGetSecretValue} and
 * {@code GetSecretValue} from the secrets it holds, found by name, full ARN or partial ARN as
 * Secrets Manager finds them, or with answers a test sets, and records every request. By default
 * a batch leaves out the secrets it does not know, as moto does; AWS lists them in
 * {@code Errors}. Each instance has an endpoint of its own, so that what the fetchers remember per
 * endpoint for the life of the JVM (a refused batch action) never leaks from one test into another.
 *
 * @author Secret Resolver contributors
 */
final class FakeSecretsManagerClient implements SecretsManagerClient {

	static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:123456789012:secret:";

	private static final String CURRENT = "AWSCURRENT";

	private final URI endpoint = URI.create("https://secretsmanager." + UUID.randomUUID() + ".test");

	private final Map<String, StoredSecret> secrets = new ConcurrentHashMap<>();

	private final List<BatchGetSecretValueRequest> batchRequests = new CopyOnWriteArrayList<>();

	private final List<GetSecretValueRequest> getSecretValueRequests = new CopyOnWriteArrayList<>();

	private volatile Function<BatchGetSecretValueRequest, BatchGetSecretValueResponse> batchAnswer = this::answerFromStore;

	private volatile Function<GetSecretValueRequest, GetSecretValueResponse> getSecretValueAnswer = this::answerOneFromStore;

	private volatile boolean missingSecretsReported;

	private volatile boolean closed;

	/**
	 * Hold a secret whose current version has a {@code SecretString}.
	 * @param name the name
	 * @param secretString the current value
	 * @return this client
	 */
	FakeSecretsManagerClient withSecret(String name, String secretString) {
		return addVersion(name, UUID.randomUUID().toString(), secretString, null, CURRENT);
	}

	/**
	 * Hold a secret whose current version has a {@code SecretBinary}.
	 * @param name the name
	 * @param binary the current value
	 * @return this client
	 */
	FakeSecretsManagerClient withBinarySecret(String name, byte[] binary) {
		return addVersion(name, UUID.randomUUID().toString(), null, SdkBytes.fromByteArray(binary), CURRENT);
	}

	/**
	 * Add a version to a secret (creating the secret if needed) and move the given stages to it.
	 * @param name the name
	 * @param versionId the version id
	 * @param secretString the value
	 * @param stages the stages of the version
	 * @return this client
	 */
	FakeSecretsManagerClient withVersion(String name, String versionId, String secretString, String... stages) {
		return addVersion(name, versionId, secretString, null, stages);
	}

	private FakeSecretsManagerClient addVersion(String name, String versionId, @Nullable String secretString,
			@Nullable SdkBytes binary, String... stages) {
		StoredSecret secret = this.secrets.computeIfAbsent(name, (key) -> new StoredSecret(name, arnOf(name),
				new CopyOnWriteArrayList<>()));
		List<String> moved = List.of(stages);
		List<StoredVersion> versions = new ArrayList<>();
		for (StoredVersion version : secret.versions()) {
			List<String> kept = new ArrayList<>(version.stages());
			kept.removeAll(moved);
			versions.add(new StoredVersion(version.versionId(), version.secretString(), version.binary(), kept));
		}
		versions.add(new StoredVersion(versionId, secretString, binary, moved));
		secret.versions().clear();
		secret.versions().addAll(versions);
		return this;
	}

	/**
	 * Report unknown secrets of a batch in {@code Errors}, as AWS does.
	 * @return this client
	 */
	FakeSecretsManagerClient reportingMissingSecretsAsErrors() {
		this.missingSecretsReported = true;
		return this;
	}

	FakeSecretsManagerClient answeringBatchGetSecretValue(
			Function<BatchGetSecretValueRequest, BatchGetSecretValueResponse> answer) {
		this.batchAnswer = answer;
		return this;
	}

	FakeSecretsManagerClient answeringGetSecretValue(Function<GetSecretValueRequest, GetSecretValueResponse> answer) {
		this.getSecretValueAnswer = answer;
		return this;
	}

	/**
	 * Return the full ARN of a secret this client holds or will hold: its name followed by
	 * {@code -} and six characters.
	 * @param name the name
	 * @return the ARN
	 */
	static String arnOf(String name) {
		return partialArnOf(name) + "-Ab12Cd";
	}

	static String partialArnOf(String name) {
		return ARN_PREFIX + name;
	}

	String currentVersionId(String name) {
		return this.secrets.get(name).current().versionId();
	}

	List<BatchGetSecretValueRequest> batchRequests() {
		return this.batchRequests;
	}

	/**
	 * Return the ids of every {@code BatchGetSecretValue} call, one list per call.
	 * @return the ids asked for
	 */
	List<List<String>> batchSecretIds() {
		return this.batchRequests.stream().map(BatchGetSecretValueRequest::secretIdList).toList();
	}

	List<GetSecretValueRequest> getSecretValueRequests() {
		return this.getSecretValueRequests;
	}

	/**
	 * Return the secret id of every {@code GetSecretValue} call.
	 * @return the ids asked for
	 */
	List<String> getSecretValueIds() {
		return this.getSecretValueRequests.stream().map(GetSecretValueRequest::secretId).toList();
	}

	int callCount() {
		return this.batchRequests.size() + this.getSecretValueRequests.size();
	}

	boolean isClosed() {
		return this.closed;
	}

	@Override
	public BatchGetSecretValueResponse batchGetSecretValue(BatchGetSecretValueRequest request) {
		this.batchRequests.add(request);
		return this.batchAnswer.apply(request);
	}

	@Override
	public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
		this.getSecretValueRequests.add(request);
		return this.getSecretValueAnswer.apply(request);
	}

	private BatchGetSecretValueResponse answerFromStore(BatchGetSecretValueRequest request) {
		List<SecretValueEntry> values = new ArrayList<>();
		List<APIErrorType> errors = new ArrayList<>();
		for (String id : request.secretIdList()) {
			StoredSecret secret = find(id);
			if (secret != null) {
				StoredVersion current = secret.current();
				values.add(SecretValueEntry.builder()
					.name(secret.name())
					.arn(secret.arn())
					.versionId(current.versionId())
					.versionStages(current.stages())
					.secretString(current.secretString())
					.secretBinary(current.binary())
					.build());
			}
			else if (this.missingSecretsReported) {
				errors.add(APIErrorType.builder()
					.secretId(id)
					.errorCode("ResourceNotFoundException")
					.message("Secrets Manager can't find the specified secret.")
					.build());
			}
		}
		return BatchGetSecretValueResponse.builder().secretValues(values).errors(errors).build();
	}

	private GetSecretValueResponse answerOneFromStore(GetSecretValueRequest request) {
		StoredSecret secret = find(request.secretId());
		StoredVersion version = (secret != null) ? secret.version(request.versionId(), request.versionStage()) : null;
		if (version == null) {
			throw AwsErrors.serviceError(ResourceNotFoundException.builder(), 400, "ResourceNotFoundException",
					"Secrets Manager can't find the specified secret.");
		}
		return GetSecretValueResponse.builder()
			.name(secret.name())
			.arn(secret.arn())
			.versionId(version.versionId())
			.versionStages(version.stages())
			.secretString(version.secretString())
			.secretBinary(version.binary())
			.build();
	}

	private @Nullable StoredSecret find(String id) {
		for (StoredSecret secret : this.secrets.values()) {
			if (secret.name().equals(id) || secret.arn().equals(id)
					|| (id.startsWith(ARN_PREFIX) && secret.arn().equals(id + "-Ab12Cd"))) {
				return secret;
			}
		}
		return null;
	}

	@Override
	public SecretsManagerServiceClientConfiguration serviceClientConfiguration() {
		return SecretsManagerServiceClientConfiguration.builder()
			.region(Region.US_EAST_1)
			.endpointOverride(this.endpoint)
			.build();
	}

	@Override
	public String serviceName() {
		return SERVICE_NAME;
	}

	@Override
	public void close() {
		this.closed = true;
	}

	private record StoredSecret(String name, String arn, List<StoredVersion> versions) {

		StoredVersion current() {
			return version(null, CURRENT);
		}

		@Nullable StoredVersion version(@Nullable String versionId, @Nullable String stage) {
			for (StoredVersion version : this.versions) {
				boolean idMatches = versionId == null || versionId.equals(version.versionId());
				boolean stageMatches = (stage != null) ? version.stages().contains(stage)
						: versionId != null || version.stages().contains(CURRENT);
				if (idMatches && stageMatches) {
					return version;
				}
			}
			return null;
		}

	}

	private record StoredVersion(String versionId, @Nullable String secretString, @Nullable SdkBytes binary,
			List<String> stages) {
	}

}
