package io.github.secretresolver.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A small web app whose {@code application.yml} refers to AWS Parameter Store and Secrets Manager
 * values with {@code <<resolve:...>>} references. The secret resolver starter replaces them at
 * start-up, before any bean exists; {@code GET /shop} shows what was resolved without showing
 * secrets.
 * <p>
 * Run it against a local emulator with {@code scripts/run-sample.sh}.
 *
 * @author Secret Resolver contributors
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
