package io.github.secretresolver.fetch;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link AwsClients}.
 */
class AwsClientsTests {

	@Test
	void closeWhileAClientIsBeingCreatedClosesThatClientToo() throws Exception {
		FakeSsmClient ssm = new FakeSsmClient();
		CountDownLatch creating = new CountDownLatch(1);
		CountDownLatch mayFinish = new CountDownLatch(1);
		AwsClients clients = new AwsClients(() -> new SlowSsmFactory(ssm, creating, mayFinish));
		AtomicReference<SsmClient> created = new AtomicReference<>();
		Thread creator = new Thread(() -> created.set(clients.ssm(Optional.empty())));
		creator.start();
		assertThat(creating.await(30, TimeUnit.SECONDS)).isTrue();
		Thread closer = new Thread(clients::close);
		closer.start();
		Thread.sleep(100);
		assertThat(closer.isAlive()).as("close waits for the client being created").isTrue();
		mayFinish.countDown();
		creator.join(TimeUnit.SECONDS.toMillis(30));
		closer.join(TimeUnit.SECONDS.toMillis(30));
		assertThat(created.get()).isSameAs(ssm);
		assertThat(ssm.isClosed()).isTrue();
		assertThat(clients.size()).isZero();
	}

	@Test
	void noClientIsCreatedAfterClose() {
		AwsClients clients = new AwsClients(() -> new FakeAwsClientFactory(new FakeSsmClient(),
				new FakeSecretsManagerClient(), new FakeKmsClient(Region.US_EAST_1, java.net.URI.create("https://kms"))));
		clients.close();
		assertThatIllegalStateException().isThrownBy(() -> clients.ssm(Optional.empty()));
	}

	/**
	 * Creates the Parameter Store client slowly: says it started, then waits to be let go.
	 */
	private record SlowSsmFactory(FakeSsmClient ssm, CountDownLatch creating, CountDownLatch mayFinish)
			implements AwsClientFactory {

		@Override
		public SsmClient createSsmClient(@Nullable Region region) {
			this.creating.countDown();
			try {
				this.mayFinish.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.ssm;
		}

		@Override
		public SecretsManagerClient createSecretsManagerClient(@Nullable Region region) {
			throw new UnsupportedOperationException();
		}

		@Override
		public KmsClient createKmsClient(@Nullable Region region) {
			throw new UnsupportedOperationException();
		}

	}

}
