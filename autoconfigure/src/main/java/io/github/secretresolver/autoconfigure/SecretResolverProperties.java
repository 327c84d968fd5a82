package io.github.secretresolver.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

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
	 * Maximum number of AWS calls in flight at once while resolving. Each service starts with
	 * two and doubles per round trip up to this, fewer while it throttles.
	 */
	private int maxConcurrency = 16;

	/**
	 * Time startup may go on without any answer from AWS (an outage: every call failing with a
	 * server or network error) before it fails. A throttled answer counts as an answer: AWS is
	 * there and busy. Throttled calls are paced, 5xx, timeouts and network errors retried with
	 * exponential backoff meanwhile. If a duration suffix is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration startupTimeout = Duration.ofSeconds(30);

	/**
	 * Longest time resolving references at startup may take while AWS keeps answering, some calls
	 * throttled (a fleet starting together). If a duration suffix is not specified, seconds will be
	 * used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration startupMaxDuration = Duration.ofMinutes(2);

	/**
	 * Time allowed for a single attempt of an AWS call. If a duration suffix is not specified,
	 * seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration attemptTimeout = Duration.ofSeconds(5);

	/**
	 * Local YAML file to read every referenced value from instead of AWS (for example
	 * 'file:secrets-local.yml' or 'classpath:secrets-test.yml'), for running the application and
	 * its tests without AWS. No AWS client is created then.
	 */
	private @Nullable String localFile;

	/**
	 * What to do when 'enabled' is false and the configuration holds references: fail startup
	 * naming the properties, or hand the reference text to the application.
	 */
	private WhenDisabled whenDisabled = WhenDisabled.FAIL;

	private final Actuator actuator = new Actuator();

	private final Refresh refresh = new Refresh();

	private final Events events = new Events();

	private final Failover failover = new Failover();

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

	public Duration getStartupMaxDuration() {
		return this.startupMaxDuration;
	}

	public void setStartupMaxDuration(Duration startupMaxDuration) {
		this.startupMaxDuration = startupMaxDuration;
	}

	public Duration getAttemptTimeout() {
		return this.attemptTimeout;
	}

	public void setAttemptTimeout(Duration attemptTimeout) {
		this.attemptTimeout = attemptTimeout;
	}

	public @Nullable String getLocalFile() {
		return this.localFile;
	}

	public void setLocalFile(@Nullable String localFile) {
		this.localFile = localFile;
	}

	public WhenDisabled getWhenDisabled() {
		return this.whenDisabled;
	}

	public void setWhenDisabled(WhenDisabled whenDisabled) {
		this.whenDisabled = whenDisabled;
	}

	public Actuator getActuator() {
		return this.actuator;
	}

	public Refresh getRefresh() {
		return this.refresh;
	}

	public Events getEvents() {
		return this.events;
	}

	public Failover getFailover() {
		return this.failover;
	}

	/**
	 * What to do with references when resolution is disabled.
	 */
	public enum WhenDisabled {

		/**
		 * Fail startup, naming the properties that hold references.
		 */
		FAIL,

		/**
		 * Hand the {@code <<resolve:...>>} text to the application, with a warning naming the
		 * properties.
		 */
		PASS_THROUGH

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

	/**
	 * Refresh settings.
	 */
	public static class Refresh {

		/**
		 * Whether to refresh resolved values in the background.
		 */
		private boolean enabled = true;

		/**
		 * Time between refreshes of Parameter Store values. If a duration suffix is not
		 * specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration parameterStoreInterval = Duration.ofMinutes(10);

		/**
		 * Time between refreshes of Secrets Manager values. If a duration suffix is not specified,
		 * seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration secretsManagerInterval = Duration.ofMinutes(10);

		/**
		 * Fraction of the interval by which each refresh moves at random, earlier or later, so
		 * that instances started together do not refresh together. Between 0 and 1.
		 */
		private double jitter = 0.1;

		/**
		 * Delay before retrying after a refresh failed for a transient reason (throttling,
		 * server error, timeout, network). Doubles with each further failure, up to the interval.
		 * If a duration suffix is not specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration initialBackoff = Duration.ofSeconds(5);

		/**
		 * Time a value may go without a successful refresh before the health indicator reports it
		 * as stale. Values are still served. If a duration suffix is not specified, seconds will be
		 * used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration maxStaleness = Duration.ofHours(1);

		/**
		 * Time refreshes stop calling AWS after most recent passes failed for transient reasons.
		 * If a duration suffix is not specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration circuitBreakerWait = Duration.ofMinutes(1);

		/**
		 * Time one refresh may take, retries of throttled and failing calls included; values whose
		 * fetch is still failing then keep their last good value. If a duration suffix is not
		 * specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration timeout = Duration.ofSeconds(10);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getParameterStoreInterval() {
			return this.parameterStoreInterval;
		}

		public void setParameterStoreInterval(Duration parameterStoreInterval) {
			this.parameterStoreInterval = parameterStoreInterval;
		}

		public Duration getSecretsManagerInterval() {
			return this.secretsManagerInterval;
		}

		public void setSecretsManagerInterval(Duration secretsManagerInterval) {
			this.secretsManagerInterval = secretsManagerInterval;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getCircuitBreakerWait() {
			return this.circuitBreakerWait;
		}

		public void setCircuitBreakerWait(Duration circuitBreakerWait) {
			this.circuitBreakerWait = circuitBreakerWait;
		}

		public Duration getMaxStaleness() {
			return this.maxStaleness;
		}

		public void setMaxStaleness(Duration maxStaleness) {
			this.maxStaleness = maxStaleness;
		}

	}

	/**
	 * Failover settings.
	 */
	public static class Failover {

		/**
		 * Regions to fetch from, in order, when the Region of a reference keeps failing for
		 * transient reasons: Secrets Manager replicas and multi-Region KMS keys answer there.
		 */
		private List<String> regions = new ArrayList<>();

		/**
		 * Whether Parameter Store references fail over too. Parameter Store does not replicate:
		 * enable it only where the application copies its parameters to the failover Regions.
		 */
		private boolean parameterStore;

		/**
		 * Transient failures in a row after which a call moves to the next failover Region.
		 */
		private int afterFailures = 3;

		public List<String> getRegions() {
			return this.regions;
		}

		public void setRegions(List<String> regions) {
			this.regions = regions;
		}

		public boolean isParameterStore() {
			return this.parameterStore;
		}

		public void setParameterStore(boolean parameterStore) {
			this.parameterStore = parameterStore;
		}

		public int getAfterFailures() {
			return this.afterFailures;
		}

		public void setAfterFailures(int afterFailures) {
			this.afterFailures = afterFailures;
		}

	}

	/**
	 * Rotation event settings.
	 */
	public static class Events {

		/**
		 * Name or URL of the SQS queue that receives EventBridge change events for parameters and
		 * secrets (directly or through SNS). Events refresh only the references they concern.
		 * Not set: no events are received.
		 */
		private @Nullable String queue;

		/**
		 * Time to wait after an event for more events, so that a burst triggers one refresh. If a
		 * duration suffix is not specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration coalesceDelay = Duration.ofSeconds(1);

		/**
		 * How long one receive call waits for messages (SQS long polling, at most 20 seconds).
		 * Longer means fewer calls while idle; shutdown waits for the call in flight. If a duration
		 * suffix is not specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration pollTimeout = Duration.ofSeconds(10);

		public @Nullable String getQueue() {
			return this.queue;
		}

		public void setQueue(@Nullable String queue) {
			this.queue = queue;
		}

		public Duration getPollTimeout() {
			return this.pollTimeout;
		}

		public void setPollTimeout(Duration pollTimeout) {
			this.pollTimeout = pollTimeout;
		}

		public Duration getCoalesceDelay() {
			return this.coalesceDelay;
		}

		public void setCoalesceDelay(Duration coalesceDelay) {
			this.coalesceDelay = coalesceDelay;
		}

	}

}
