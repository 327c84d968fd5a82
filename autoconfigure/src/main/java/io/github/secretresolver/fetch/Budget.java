package io.github.secretresolver.fetch;

import java.time.Duration;

/**
 * How long fetching may go on while calls fail for transient reasons (throttling, server errors,
 * timeouts, network errors), retries included: it stops when AWS has given no answer at all for
 * {@code withoutAnswer}, and in any case after {@code total}. A fleet that keeps getting answers,
 * some of them throttled, so keeps going; an outage ends after {@code withoutAnswer}.
 *
 * @param withoutAnswer how long fetching may go on without any answer from AWS
 * @param total how long fetching may go on at most
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record Budget(Duration withoutAnswer, Duration total) {

	/**
	 * Create a budget.
	 * @param withoutAnswer how long fetching may go on without any answer from AWS
	 * @param total how long fetching may go on at most
	 */
	public Budget {
		if (withoutAnswer.isNegative() || total.isNegative()) {
			throw new IllegalArgumentException("budgets must not be negative");
		}
	}

	/**
	 * Create a budget whose two limits are the same.
	 * @param limit how long fetching may go on
	 * @return the budget
	 */
	public static Budget of(Duration limit) {
		return new Budget(limit, limit);
	}

}
