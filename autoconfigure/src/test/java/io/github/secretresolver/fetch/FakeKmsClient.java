package io.github.secretresolver.fetch;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsServiceClientConfiguration;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;

/**
 * {@link KmsClient} for unit tests: answers {@code Decrypt} as a test says, records every request,
 * and reports the Region and endpoint that {@link KmsPlaintextCache} keys plaintexts by.
 *
 * @author Secret Resolver contributors
 */
final class FakeKmsClient implements KmsClient {

	private final Region region;

	private final URI endpoint;

	private final List<DecryptRequest> decryptRequests = new CopyOnWriteArrayList<>();

	private volatile Function<DecryptRequest, DecryptResponse> decryptAnswer = (request) -> {
		throw new UnsupportedOperationException("No Decrypt answer set");
	};

	private volatile boolean closed;

	/**
	 * Create a client for a Region and an endpoint.
	 * @param region the Region
	 * @param endpoint the endpoint
	 */
	FakeKmsClient(Region region, URI endpoint) {
		this.region = region;
		this.endpoint = endpoint;
	}

	/**
	 * Answer every {@code Decrypt} with the given plaintext.
	 * @param plaintext the plaintext
	 * @return this client
	 */
	FakeKmsClient decryptingTo(byte[] plaintext) {
		return answeringDecrypt((request) -> DecryptResponse.builder()
			.plaintext(SdkBytes.fromByteArray(plaintext))
			.keyId("arn:aws:kms:" + this.region.id() + ":123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")
			.build());
	}

	FakeKmsClient answeringDecrypt(Function<DecryptRequest, DecryptResponse> answer) {
		this.decryptAnswer = answer;
		return this;
	}

	List<DecryptRequest> decryptRequests() {
		return this.decryptRequests;
	}

	boolean isClosed() {
		return this.closed;
	}

	@Override
	public DecryptResponse decrypt(DecryptRequest request) {
		this.decryptRequests.add(request);
		return this.decryptAnswer.apply(request);
	}

	@Override
	public KmsServiceClientConfiguration serviceClientConfiguration() {
		return KmsServiceClientConfiguration.builder().region(this.region).endpointOverride(this.endpoint).build();
	}

	@Override
	public String serviceName() {
		return SERVICE_NAME;
	}

	@Override
	public void close() {
		this.closed = true;
	}

}
