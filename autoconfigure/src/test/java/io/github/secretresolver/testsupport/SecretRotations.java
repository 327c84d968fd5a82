package io.github.secretresolver.testsupport;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Steps of a Secrets Manager rotation, as a rotation function performs them.
 */
public final class SecretRotations {

	private SecretRotations() {
	}

	/**
	 * Stage a new version as {@code AWSPENDING} ({@code createSecret}).
	 * @param secretsManager the client
	 * @param secretId the secret
	 * @param versionId the version id to create (the rotation's client request token)
	 * @param secretString the new value
	 */
	public static void createPending(SecretsManagerClient secretsManager, String secretId, String versionId,
			String secretString) {
		secretsManager.putSecretValue((request) -> request.secretId(secretId)
			.clientRequestToken(versionId)
			.secretString(secretString)
			.versionStages("AWSPENDING"));
	}

	/**
	 * Move {@code AWSCURRENT} to the pending version and remove {@code AWSPENDING}
	 * ({@code finishSecret}). moto 5.2 moves the labels but keeps answering reads of
	 * {@code AWSCURRENT} from the version it left; there the new value is then put as a new current
	 * version, which is what readers of {@code AWSCURRENT} see on AWS.
	 * @param secretsManager the client
	 * @param secretId the secret
	 * @param currentVersionId the version {@code AWSCURRENT} leaves
	 * @param pendingVersionId the version {@code AWSCURRENT} moves to
	 */
	public static void finish(SecretsManagerClient secretsManager, String secretId, String currentVersionId,
			String pendingVersionId) {
		String pending = secretsManager
			.getSecretValue((request) -> request.secretId(secretId).versionId(pendingVersionId))
			.secretString();
		secretsManager.updateSecretVersionStage((request) -> request.secretId(secretId)
			.versionStage("AWSCURRENT")
			.moveToVersionId(pendingVersionId)
			.removeFromVersionId(currentVersionId));
		secretsManager.updateSecretVersionStage(
				(request) -> request.secretId(secretId).versionStage("AWSPENDING").removeFromVersionId(pendingVersionId));
		if (!pending.equals(secretsManager.getSecretValue((request) -> request.secretId(secretId)).secretString())) {
			secretsManager.putSecretValue((request) -> request.secretId(secretId).secretString(pending));
		}
	}

}
