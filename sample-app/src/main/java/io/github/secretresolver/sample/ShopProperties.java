package io.github.secretresolver.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code shop.*} settings. In {@code application.yml} every one of them is an AWS reference;
 * by the time they are bound here they hold the resolved values.
 *
 * @param db database settings
 * @param paymentsKey an API key kept as an SSM SecureString
 * @param apiToken a token kept as a plain-string Secrets Manager secret
 * @param legacyToken a token written in the configuration as a KMS ciphertext
 * @param featureFlags one String parameter read at several versions
 * @param optionalSetting a reference to a parameter that does not exist, with a default
 * @author Secret Resolver contributors
 */
@ConfigurationProperties("shop")
public record ShopProperties(Db db, String paymentsKey, String apiToken, String legacyToken, FeatureFlags featureFlags,
		String optionalSetting) {

	/**
	 * Database settings.
	 *
	 * @param host host name, from Parameter Store
	 * @param name database name, from Parameter Store
	 * @param jdbcUrl a URL built from two references and literal text
	 * @param username a key of the JSON secret
	 * @param password a key of the JSON secret
	 * @param previousPassword the same key in the secret's {@code AWSPREVIOUS} version
	 * @param poolMax a nested key ({@code pool.max}) of the JSON secret, converted to an int
	 */
	public record Db(String host, String name, String jdbcUrl, String username, String password,
			String previousPassword, int poolMax) {
	}

	/**
	 * One parameter read three ways.
	 *
	 * @param latest no version: the latest version
	 * @param version1 pinned to version 1
	 * @param stable the version labelled {@code stable}
	 */
	public record FeatureFlags(String latest, String version1, String stable) {
	}

}
