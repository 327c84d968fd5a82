package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * {@link ConfigurationProperties @ConfigurationProperties} for resolving AWS references. Region,
 * credentials and endpoints come from Spring Cloud AWS's {@code spring.cloud.aws.*} properties.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@ConfigurationProperties(SecretResolverProperties.PREFIX)
public class SecretResolverProperties {

	/**
	 * Prefix of the properties.
	 */
	public static final String PREFIX = "secret-resolver";

	/**
	 * Whether to resolve '<<resolve:...>>' references in configuration.
	 */
	private boolean enabled = true;

	/**
	 * Maximum number of AWS calls in flight at once while resolving.
	 */
	private int maxConcurrency = 8;

	/**
	 * Time allowed for resolving all references at startup, retries included. If a duration
	 * suffix is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration startupTimeout = Duration.ofSeconds(30);

	/**
	 * Maximum attempts per AWS call, the first included. Throttling, 5xx and connection errors
	 * are retried with the AWS SDK's standard backoff.
	 */
	private int maxAttempts = 3;

	/**
	 * Time allowed for a single attempt of an AWS call. If a duration suffix is not specified,
	 * seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration attemptTimeout = Duration.ofSeconds(5);

	private final Actuator actuator = new Actuator();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxConcurrency() {
		return this.maxConcurrency;
	}

	public void setMaxConcurrency(int maxConcurrency) {
		this.maxConcurrency = maxConcurrency;
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getAttemptTimeout() {
		return this.attemptTimeout;
	}

	public void setAttemptTimeout(Duration attemptTimeout) {
		this.attemptTimeout = attemptTimeout;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	/**
	 * Actuator settings.
	 */
	public static class Actuator {

		/**
		 * Whether actuator endpoints such as 'env' and 'configprops' may show values resolved from
		 * AWS when their own 'show-values' setting allows it. Otherwise such values are always
		 * masked.
		 */
		private boolean showResolvedValues;

		public boolean isShowResolvedValues() {
			return this.showResolvedValues;
		}

		public void setShowResolvedValues(boolean showResolvedValues) {
			this.showResolvedValues = showResolvedValues;
		}

	}

}
