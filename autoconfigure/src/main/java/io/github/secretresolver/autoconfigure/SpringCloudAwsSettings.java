package io.github.secretresolver.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The {@code spring.cloud.aws.*} settings the starter reads, with the meaning Spring Cloud AWS
 * gives them, so that its users configure AWS once. Bound by the starter itself, so that Spring
 * Cloud AWS need not be on the class path.
 *
 * @param endpoint the endpoint of every service, unless a service has its own
 * @param defaultsMode the AWS SDK's defaults mode ({@code standard}, {@code in-region}, ...)
 * @param dualstackEnabled whether to use dual-stack endpoints
 * @param fipsEnabled whether to use FIPS endpoints
 * @param credentials the credentials settings
 * @param region the Region settings
 * @param parameterstore the Parameter Store client settings
 * @param secretsmanager the Secrets Manager client settings
 * @param kms the KMS client settings
 * @param sqs the SQS client settings (rotation events)
 * @param sns the SNS client settings (rotation events)
 * @author Secret Resolver contributors
 */
record SpringCloudAwsSettings(@Nullable URI endpoint, @Nullable String defaultsMode, @Nullable Boolean dualstackEnabled,
		@Nullable Boolean fipsEnabled, @DefaultValue Credentials credentials, @DefaultValue RegionSettings region,
		@DefaultValue Service parameterstore, @DefaultValue Service secretsmanager, @DefaultValue Service kms,
		@DefaultValue Service sqs, @DefaultValue Service sns) {

	static final String PREFIX = "spring.cloud.aws";

	/**
	 * Bind the settings from an environment.
	 * @param binder the binder of the environment
	 * @return the settings, empty where nothing is configured
	 */
	static SpringCloudAwsSettings bind(Binder binder) {
		return binder.bindOrCreate(PREFIX, SpringCloudAwsSettings.class);
	}

	/**
	 * {@code spring.cloud.aws.credentials.*}.
	 *
	 * @param accessKey the access key of static credentials
	 * @param secretKey the secret key of static credentials
	 * @param instanceProfile whether to use the EC2 instance profile's credentials
	 * @param profile the profile of a shared credentials file
	 * @param sts the web identity (STS) settings
	 */
	record Credentials(@Nullable String accessKey, @Nullable String secretKey, boolean instanceProfile,
			@DefaultValue Profile profile, @Nullable Sts sts) {

		@Override
		public String toString() {
			return "Credentials[accessKey=" + ((this.accessKey != null) ? "******" : null) + ", instanceProfile="
					+ this.instanceProfile + ", profile=" + this.profile + ", sts=" + this.sts + "]";
		}

	}

	/**
	 * {@code spring.cloud.aws.region.*}.
	 *
	 * @param staticRegion the Region to use
	 * @param instanceProfile whether to use the EC2 instance's Region
	 * @param profile the profile of a shared config file
	 */
	record RegionSettings(@Name("static") @Nullable String staticRegion,
			boolean instanceProfile, @DefaultValue Profile profile) {
	}

	/**
	 * A profile of a shared AWS file.
	 *
	 * @param name the profile name
	 * @param path the file, or {@code null} for the default one
	 */
	record Profile(@Nullable String name, @Nullable String path) {
	}

	/**
	 * {@code spring.cloud.aws.credentials.sts.*}: web identity credentials (EKS service accounts).
	 *
	 * @param roleArn the role to assume
	 * @param webIdentityTokenFile the token file
	 * @param roleSessionName the session name
	 * @param asyncCredentialsUpdate whether to refresh credentials in the background
	 */
	record Sts(@Nullable String roleArn, @Nullable String webIdentityTokenFile, @Nullable String roleSessionName,
			boolean asyncCredentialsUpdate) {
	}

	/**
	 * {@code spring.cloud.aws.<service>.*}.
	 *
	 * @param endpoint the endpoint of this service
	 * @param region the Region of this service
	 * @param dualstackEnabled whether to use dual-stack endpoints for this service
	 */
	record Service(@Nullable URI endpoint, @Nullable String region, @Nullable Boolean dualstackEnabled) {
	}

}
