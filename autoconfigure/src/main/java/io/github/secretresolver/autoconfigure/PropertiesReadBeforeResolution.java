package io.github.secretresolver.autoconfigure;

import java.util.List;
import java.util.function.Predicate;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * The properties that are read before references are resolved, so that a reference cannot give
 * them their value: the ones Spring Boot reads while it loads the configuration files (profiles,
 * config locations and imports), and the ones the starter itself reads to call AWS
 * ({@code secret-resolver.*} and the {@code spring.cloud.aws.*} settings of its clients).
 *
 * @author Secret Resolver contributors
 */
final class PropertiesReadBeforeResolution implements Predicate<String> {

	private static final List<ConfigurationPropertyName> READ_BY_CONFIG_DATA = names("spring.profiles",
			"spring.config", "spring.main.cloud-platform");

	private static final List<ConfigurationPropertyName> READ_BY_THE_STARTER = names(SecretResolverProperties.PREFIX,
			"spring.cloud.aws.credentials", "spring.cloud.aws.region", "spring.cloud.aws.endpoint",
			"spring.cloud.aws.defaults-mode", "spring.cloud.aws.dualstack-enabled", "spring.cloud.aws.fips-enabled",
			"spring.cloud.aws.parameterstore", "spring.cloud.aws.secretsmanager", "spring.cloud.aws.kms");

	@Override
	public boolean test(String name) {
		return isReadByConfigData(name) || matches(READ_BY_THE_STARTER, name);
	}

	/**
	 * Return whether Spring Boot reads a property while it loads the configuration files.
	 * @param name the property name, in canonical form
	 * @return whether it is read then
	 */
	static boolean isReadByConfigData(String name) {
		return matches(READ_BY_CONFIG_DATA, name);
	}

	private static boolean matches(List<ConfigurationPropertyName> prefixes, String name) {
		if (!ConfigurationPropertyName.isValid(name)) {
			return false;
		}
		ConfigurationPropertyName property = ConfigurationPropertyName.of(name);
		return prefixes.stream().anyMatch((prefix) -> prefix.equals(property) || prefix.isAncestorOf(property));
	}

	private static List<ConfigurationPropertyName> names(String... names) {
		return java.util.Arrays.stream(names).map(ConfigurationPropertyName::of).toList();
	}

}
