package io.github.secretresolver.e2e;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged sample application processed ahead of time ({@code spring-boot:process-aot}
 * at build time) with {@code -Dspring.aot.enabled=true}, as AOT-processed JVM applications and
 * native images run, and checks that every reference form is resolved and the starter's beans
 * (refresh, endpoint, masking) are there.
 */
class SampleApplicationAotIT {

	@Test
	void aheadOfTimeProcessedApplicationResolvesEveryReferenceForm() throws Exception {
		String shop;
		String secrets;
		String log;
		try (SampleApplicationProcess app = SampleApplicationProcess.start(List.of("-Dspring.aot.enabled=true"),
				Map.of())) {
			app.awaitHealthy();
			shop = app.get("/shop").body();
			secrets = app.get("/actuator/secrets").body();
			log = app.output();
		}
		assertThat(log).contains("Starting AOT-processed");
		assertThat(shop).contains("\"allResolved\":true")
			.contains("\"from\":\"kms\",\"resolved\":true")
			.contains("\"from\":\"secretsmanager\",\"resolved\":true")
			.contains("\"from\":\"ssm-secure\",\"resolved\":true")
			.contains("jdbc:postgresql://localhost:5432/shop?ApplicationName=shop");
		assertThat(secrets).contains("<<resolve:ssm:/shop/demo/feature-flags:stable>>")
			.contains("<<resolve:secretsmanager:demo/shop/db:SecretString:password:AWSPREVIOUS>>");
	}

}
