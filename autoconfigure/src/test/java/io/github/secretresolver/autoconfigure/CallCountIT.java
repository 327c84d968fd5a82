package io.github.secretresolver.autoconfigure;

import java.util.Map;

import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.testsupport.AwsCallCounter;
import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls at the API minimum in mixes the plan must see through: a secret referenced by name and by
 * its ARN in the configured Region is read in one batch, at startup and on refresh.
 */
class CallCountIT {

	private static final SecretsManagerClient secretsManager = AwsTestEnvironment.secretsManager();

	private static String name;

	private static String arn;

	@BeforeAll
	static void seed() {
		name = "it" + AwsTestEnvironment.uniquePrefix().substring(3) + "/mixed";
		arn = secretsManager.createSecret((request) -> request.name(name).secretString("{\"a\":\"1\",\"b\":\"2\"}")).arn();
	}

	@AfterAll
	static void closeClients() {
		secretsManager.close();
	}

	@Test
	void secretByNameAndByArnInTheConfiguredRegionIsReadInOneBatch() {
		assertThat(arn).contains(":" + AwsTestEnvironment.region().id() + ":");
		AwsCallCounter.reset();
		try (ConfigurableApplicationContext context = TestApplications.run(Map.of("it.by-name",
				"<<resolve:secretsmanager:" + name + ":SecretString:a>>", "it.by-arn",
				"<<resolve:secretsmanager:" + arn + ":SecretString:b>>"), "--secret-resolver.refresh.enabled=false")) {
			assertThat(context.getEnvironment().getProperty("it.by-name")).isEqualTo("1");
			assertThat(context.getEnvironment().getProperty("it.by-arn")).isEqualTo("2");
			assertThat(AwsCallCounter.snapshot()).containsExactlyEntriesOf(Map.of("BatchGetSecretValue", 1));
			context.getBean(SecretRefresher.class).refreshAll();
			assertThat(AwsCallCounter.snapshot()).containsExactlyEntriesOf(Map.of("BatchGetSecretValue", 2));
		}
	}

}
