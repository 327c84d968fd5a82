package io.github.secretresolver.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.secretresolver.autoconfigure.SpringCloudAwsSettings.Credentials;
import io.github.secretresolver.autoconfigure.SpringCloudAwsSettings.Profile;
import io.github.secretresolver.autoconfigure.SpringCloudAwsSettings.RegionSettings;
import io.github.secretresolver.autoconfigure.SpringCloudAwsSettings.Sts;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Creates the credentials and Region providers from {@code spring.cloud.aws.credentials.*} and
 * {@code spring.cloud.aws.region.*} as Spring Cloud AWS does: every configured source in a fixed
 * order (a chain when there are several), and the AWS SDK's default chain when none is configured.
 *
 * @author Secret Resolver contributors
 */
final class AwsProviders {

	private static final String WEB_IDENTITY_PROVIDER = "software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider";

	private AwsProviders() {
	}

	static AwsRegionProvider regionProvider(RegionSettings settings) {
		List<AwsRegionProvider> providers = new ArrayList<>();
		if (StringUtils.hasText(settings.staticRegion())) {
			Region region = Region.of(settings.staticRegion().trim());
			providers.add(() -> region);
		}
		if (settings.instanceProfile()) {
			providers.add(new InstanceProfileRegionProvider());
		}
		Profile profile = settings.profile();
		if (profile.name() != null) {
			ProfileFile file = profileFile(profile, ProfileFile.Type.CONFIGURATION);
			providers.add(new AwsProfileRegionProvider(() -> file, profile.name()));
		}
		if (providers.isEmpty()) {
			return DefaultAwsRegionProviderChain.builder().build();
		}
		return (providers.size() == 1) ? providers.get(0)
				: new AwsRegionProviderChain(providers.toArray(AwsRegionProvider[]::new));
	}

	static AwsCredentialsProvider credentialsProvider(Credentials settings, AwsRegionProvider regionProvider) {
		List<AwsCredentialsProvider> providers = new ArrayList<>();
		if (StringUtils.hasText(settings.accessKey()) && StringUtils.hasText(settings.secretKey())) {
			providers.add(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
		}
		if (settings.instanceProfile()) {
			providers.add(InstanceProfileCredentialsProvider.create());
		}
		Profile profile = settings.profile();
		if (profile.name() != null) {
			providers.add(ProfileCredentialsProvider.builder()
				.profileName(profile.name())
				.profileFile(profileFile(profile, ProfileFile.Type.CREDENTIALS))
				.build());
		}
		if (isWebIdentityConfigured(settings.sts()) && ClassUtils.isPresent(WEB_IDENTITY_PROVIDER, null)) {
			providers.add(WebIdentity.credentialsProvider(settings.sts(), regionProvider));
		}
		if (providers.isEmpty()) {
			return DefaultCredentialsProvider.builder().build();
		}
		return (providers.size() == 1) ? providers.get(0)
				: AwsCredentialsProviderChain.builder().credentialsProviders(providers).build();
	}

	private static boolean isWebIdentityConfigured(@Nullable Sts sts) {
		return SdkSystemSetting.AWS_WEB_IDENTITY_TOKEN_FILE.getStringValue().isPresent()
				|| (sts != null && sts.webIdentityTokenFile() != null);
	}

	private static ProfileFile profileFile(Profile profile, ProfileFile.Type type) {
		return (profile.path() != null) ? ProfileFile.builder().type(type).content(Path.of(profile.path())).build()
				: ProfileFile.defaultProfileFile();
	}

	/**
	 * Web identity credentials (EKS service accounts), in a class of its own so that the optional
	 * {@code software.amazon.awssdk:sts} is loaded only when present.
	 */
	private static final class WebIdentity {

		static AwsCredentialsProvider credentialsProvider(@Nullable Sts sts, AwsRegionProvider regionProvider) {
			StsWebIdentityTokenFileCredentialsProvider.Builder builder = StsWebIdentityTokenFileCredentialsProvider
				.builder()
				.stsClient(StsClient.builder()
					.credentialsProvider(AnonymousCredentialsProvider.create())
					.region(regionProvider.getRegion())
					.httpClientBuilder(UrlConnectionHttpClient.builder())
					.build());
			if (sts != null) {
				builder.asyncCredentialUpdateEnabled(sts.asyncCredentialsUpdate());
				if (sts.roleArn() != null) {
					builder.roleArn(sts.roleArn());
				}
				if (sts.webIdentityTokenFile() != null) {
					builder.webIdentityTokenFile(Path.of(sts.webIdentityTokenFile()));
				}
				if (sts.roleSessionName() != null) {
					builder.roleSessionName(sts.roleSessionName());
				}
			}
			return builder.build();
		}

	}

}
