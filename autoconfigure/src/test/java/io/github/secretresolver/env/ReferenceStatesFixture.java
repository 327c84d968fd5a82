package io.github.secretresolver.env;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.reference.ReferenceParser;

/**
 * Hand-filled reference states for the unit tests of the reporting and scheduling classes.
 */
public final class ReferenceStatesFixture {

	private ReferenceStatesFixture() {
	}

	/**
	 * A reference confirmed at {@code at}.
	 * @param body the reference body, for example {@code ssm:/shop/db-host}
	 * @param at when it was last fetched
	 * @param properties the properties that use it
	 * @return the state
	 */
	public static ReferenceState healthy(String body, Instant at, String... properties) {
		return new ReferenceState(ReferenceParser.parse(body), new TreeSet<>(Set.of(properties)), "3", at, at, null,
				null, null, null);
	}

	/**
	 * A reference whose fetches have failed since {@code failingSince}.
	 * @param body the reference body
	 * @param failingSince when the failures began
	 * @param errorCode the last error code
	 * @param properties the properties that use it
	 * @return the state
	 */
	public static ReferenceState failing(String body, Instant failingSince, String errorCode, String... properties) {
		return new ReferenceState(ReferenceParser.parse(body), new TreeSet<>(Set.of(properties)), "3",
				failingSince.minusSeconds(60), failingSince, FetchFailure.error(errorCode, "failed"), failingSince, null,
				null);
	}

	/**
	 * A reference with its own refresh interval.
	 * @param body the reference body
	 * @param at when it was last fetched
	 * @param interval the interval written with {@code |ttl=}
	 * @param properties the properties that use it
	 * @return the state
	 */
	public static ReferenceState withInterval(String body, Instant at, Duration interval, String... properties) {
		return new ReferenceState(ReferenceParser.parse(body), new TreeSet<>(Set.of(properties)), "3", at, at, null,
				null, interval, null);
	}

}
