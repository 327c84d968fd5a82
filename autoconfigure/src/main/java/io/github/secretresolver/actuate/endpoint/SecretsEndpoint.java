package io.github.secretresolver.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.secretresolver.env.RefreshResult;
import io.github.secretresolver.env.ReferenceState;
import io.github.secretresolver.env.ReferenceStates;
import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.refresh.RefreshScheduler;
import io.github.secretresolver.refresh.SecretRefresher;
import io.github.secretresolver.refresh.beans.RefreshReach;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@link Endpoint @Endpoint} to list the AWS references of the application and refresh them. It
 * never returns a value: only the references, the properties that use them, versions, times and
 * error codes.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
@Endpoint(id = "secrets")
public class SecretsEndpoint {

	private final ReferenceStates states;

	private final SecretRefresher refresher;

	private final @Nullable RefreshScheduler scheduler;

	private final @Nullable RefreshReach reach;

	private final Duration maxStaleness;

	private final Clock clock;

	/**
	 * Create a new endpoint.
	 * @param states the references and their states
	 * @param refresher refreshes on request
	 * @param scheduler the background refresh, or {@code null} if it is disabled
	 * @param maxStaleness how long a value may go unconfirmed before it is reported stale
	 * @param clock the clock
	 */
	public SecretsEndpoint(ReferenceStates states, SecretRefresher refresher, @Nullable RefreshScheduler scheduler,
			Duration maxStaleness, Clock clock) {
		this(states, refresher, scheduler, null, maxStaleness, clock);
	}

	/**
	 * Create a new endpoint.
	 * @param states the references and their states
	 * @param refresher refreshes on request
	 * @param scheduler the background refresh, or {@code null} if it is disabled
	 * @param reach tells which beans a refresh does not reach, or {@code null} if unknown
	 * @param maxStaleness how long a value may go unconfirmed before it is reported stale
	 * @param clock the clock
	 */
	public SecretsEndpoint(ReferenceStates states, SecretRefresher refresher, @Nullable RefreshScheduler scheduler,
			@Nullable RefreshReach reach, Duration maxStaleness, Clock clock) {
		this.states = states;
		this.refresher = refresher;
		this.scheduler = scheduler;
		this.reach = reach;
		this.maxStaleness = maxStaleness;
		this.clock = clock;
	}

	/**
	 * List every reference.
	 * @return the references
	 */
	@ReadOperation
	public SecretsDescriptor secrets() {
		Instant now = this.clock.instant();
		List<ReferenceDescriptor> references = this.states.current()
			.stream()
			.map((state) -> describe(state, now))
			.toList();
		return new SecretsDescriptor(this.refresher.isCallingAws(), references);
	}

	/**
	 * List the references one property uses.
	 * @param property the property name, for example {@code spring.datasource.password}
	 * @return the references, or {@code null} if the property uses none
	 */
	@ReadOperation
	public @Nullable SecretsDescriptor property(@Selector String property) {
		Instant now = this.clock.instant();
		List<ReferenceDescriptor> references = this.states.current()
			.stream()
			.filter((state) -> state.properties().contains(property))
			.map((state) -> describe(state, now))
			.toList();
		return references.isEmpty() ? null : new SecretsDescriptor(this.refresher.isCallingAws(), references);
	}

	/**
	 * Refresh every reference now.
	 * @return what changed and what failed
	 */
	@WriteOperation
	public RefreshDescriptor refresh() {
		return describe(this.refresher.refreshAll());
	}

	/**
	 * Refresh the references one property uses, now.
	 * @param property the property name
	 * @return what changed and what failed
	 */
	@WriteOperation
	public RefreshDescriptor refreshProperty(@Selector String property) {
		Set<SecretReference> used = this.states.current()
			.stream()
			.filter((state) -> state.properties().contains(property))
			.map(ReferenceState::reference)
			.collect(Collectors.toSet());
		return describe(this.refresher.refresh(used::contains));
	}

	private ReferenceDescriptor describe(ReferenceState state, Instant now) {
		SecretReference reference = state.reference();
		FetchFailure failure = state.lastFailure();
		Duration staleness = state.staleness(now);
		Instant nextRefresh = (this.scheduler != null) ? this.scheduler.nextRefresh(reference) : null;
		return new ReferenceDescriptor(reference.text(), reference.service().id(), state.properties(),
				state.version(), state.lastSuccess(), state.lastAttempt(), nextRefresh,
				(failure != null) ? failure.errorCode() : null, staleness.toSeconds(),
				staleness.compareTo(this.maxStaleness) > 0, state.failoverRegion(), notRefreshed(state));
	}

	private List<String> notRefreshed(ReferenceState state) {
		if (this.reach == null) {
			return List.of();
		}
		List<String> notRefreshed = new ArrayList<>();
		this.reach.notReached(state.properties())
			.forEach((property, beans) -> beans.forEach((bean) -> notRefreshed.add(property + ": " + bean)));
		return notRefreshed;
	}

	private RefreshDescriptor describe(RefreshResult result) {
		List<String> failed = result.failed()
			.stream()
			.map((state) -> state.reference().text() + " (" + state.lastFailure().errorCode() + ")")
			.toList();
		return new RefreshDescriptor(this.refresher.isCallingAws(), result.references(), result.changedProperties(),
				failed);
	}

	/**
	 * The references of the application.
	 *
	 * @param callingAws whether refreshes call AWS (false while the circuit breaker is open after
	 * repeated transient failures)
	 * @param references the references
	 */
	public record SecretsDescriptor(boolean callingAws, List<ReferenceDescriptor> references)
			implements OperationResponseBody {
	}

	/**
	 * One reference. Holds no value.
	 *
	 * @param reference the reference text
	 * @param service the service ({@code ssm}, {@code ssm-secure}, {@code secretsmanager},
	 * {@code kms})
	 * @param properties the properties that use it
	 * @param version the parameter version or secret version id of the value served
	 * @param lastRefresh when the value was last fetched successfully
	 * @param lastAttempt when a fetch was last attempted
	 * @param nextRefresh when the next background refresh is due
	 * @param lastError the error code of the last fetch, if it failed
	 * @param stalenessSeconds for how long fetches have failed, in seconds
	 * @param stale whether that exceeds {@code secret-resolver.refresh.max-staleness}
	 * @param failoverRegion the failover Region that served the value, or {@code null} when the
	 * reference's own Region served it
	 * @param notRefreshed the beans that read the value (or a value composed from it) once, so that
	 * a refresh does not reach them: constructor-bound {@code @ConfigurationProperties} beans and
	 * {@code @Value} injections, as {@code property: bean 'name' (how)}
	 */
	public record ReferenceDescriptor(String reference, String service, Set<String> properties,
			@Nullable String version, @Nullable Instant lastRefresh, @Nullable Instant lastAttempt,
			@Nullable Instant nextRefresh, @Nullable String lastError, long stalenessSeconds, boolean stale,
			@Nullable String failoverRegion, List<String> notRefreshed) {
	}

	/**
	 * The outcome of a refresh. Holds no value.
	 *
	 * @param callingAws whether refreshes call AWS; {@code false} means nothing was fetched because
	 * the circuit breaker is open
	 * @param references how many references were fetched
	 * @param changedProperties the properties whose values changed
	 * @param failedReferences the references whose fetch failed, with the error code; they keep
	 * their last good value
	 */
	public record RefreshDescriptor(boolean callingAws, int references, Set<String> changedProperties,
			List<String> failedReferences) implements OperationResponseBody {
	}

}
