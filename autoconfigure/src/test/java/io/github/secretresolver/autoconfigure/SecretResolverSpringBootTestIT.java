package io.github.secretresolver.autoconfigure;

import io.github.secretresolver.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that references in property sources added by the Spring TestContext framework
 * ({@code @TestPropertySource}, {@code @DynamicPropertySource}) are resolved.
 * <p>
 * {@code @TestPropertySource} properties are resolved with the configuration files, when the
 * environment is prepared, so the AWS settings must be known by then: here they are given as
 * inlined test properties, as a user would for a fixed endpoint. References registered through
 * {@code @DynamicPropertySource} are resolved later, once the context starts.
 */
@SpringBootTest(classes = SecretResolverSpringBootTestIT.TestConfiguration.class)
@TestPropertySource(properties = "inlined.value=<<resolve:ssm:/it-fixed/test-property-source>>",
		locations = "classpath:it/aws-test-endpoint.properties")
class SecretResolverSpringBootTestIT {

	static {
		AwsTestEnvironment.writeSpringProperties("it/aws-test-endpoint.properties");
		try (SsmClient ssm = AwsTestEnvironment.ssm()) {
			ssm.putParameter((request) -> request.name("/it-fixed/test-property-source")
				.value("from-test-property-source")
				.type(ParameterType.STRING)
				.overwrite(true));
			ssm.putParameter((request) -> request.name("/it-fixed/dynamic")
				.value("from-dynamic-property-source")
				.type(ParameterType.SECURE_STRING)
				.overwrite(true));
		}
	}

	@DynamicPropertySource
	static void awsProperties(DynamicPropertyRegistry registry) {
		registry.add("dynamic.value", () -> "<<resolve:ssm-secure:/it-fixed/dynamic>>");
	}

	@Autowired
	private Environment environment;

	@Value("${dynamic.value}")
	private String dynamicValue;

	@Value("${inlined.value}")
	private String inlinedValue;

	@Test
	void testPropertySourceReferenceIsResolved() {
		assertThat(this.environment.getProperty("inlined.value")).isEqualTo("from-test-property-source");
		assertThat(this.inlinedValue).isEqualTo("from-test-property-source");
	}

	@Test
	void dynamicPropertySourceReferenceIsResolved() {
		assertThat(this.environment.getProperty("dynamic.value")).isEqualTo("from-dynamic-property-source");
		assertThat(this.dynamicValue).isEqualTo("from-dynamic-property-source");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, SecretResolverAutoConfiguration.class })
	static class TestConfiguration {

	}

}
