package io.github.secretresolver.env;

import java.time.Duration;
import java.time.Instant;

import io.github.secretresolver.reference.ReferenceParser;
import io.github.secretresolver.fetch.FetchFailure;
import io.github.secretresolver.fetch.FetchResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceStatusTests {

	private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

	private final ReferenceStatus status = new ReferenceStatus(ReferenceParser.parse("ssm:/shop/db-password"));

	@Test
	void recordWhenFirstSuccessIsNotAChange() {
		assertThat(this.status.record(FetchResult.success("s3cret-1", "1"), START)).isFalse();
		assertThat(this.status.lastGood().value()).isEqualTo("s3cret-1");
		assertThat(this.status.lastSuccess()).isEqualTo(START);
	}

	@Test
	void recordWhenValueChangesReportsAChange() {
		this.status.record(FetchResult.success("s3cret-1", "1"), START);
		assertThat(this.status.record(FetchResult.success("s3cret-1", "1"), START.plusSeconds(60))).isFalse();
		assertThat(this.status.record(FetchResult.success("s3cret-2", "2"), START.plusSeconds(120))).isTrue();
	}

	@Test
	void recordWhenFailureKeepsLastGoodValueAndMeasuresStaleness() {
		this.status.record(FetchResult.success("s3cret-1", "1"), START);
		FetchFailure throttled = FetchFailure.error("ThrottlingException", "Rate exceeded");
		this.status.record(FetchResult.failure(throttled), START.plusSeconds(60));
		this.status.record(FetchResult.failure(throttled), START.plusSeconds(120));
		assertThat(this.status.lastGood().value()).isEqualTo("s3cret-1");
		assertThat(this.status.lastFailure()).isEqualTo(throttled);
		assertThat(this.status.lastAttempt()).isEqualTo(START.plusSeconds(120));
		assertThat(this.status.staleness(START.plusSeconds(300))).isEqualTo(Duration.ofSeconds(240));
	}

	@Test
	void recordWhenSuccessAfterFailuresClearsStaleness() {
		this.status.record(FetchResult.success("s3cret-1", "1"), START);
		this.status.record(FetchResult.failure(FetchFailure.error("Timeout", "slow")), START.plusSeconds(60));
		this.status.record(FetchResult.success("s3cret-1", "1"), START.plusSeconds(90));
		assertThat(this.status.lastFailure()).isNull();
		assertThat(this.status.staleness(START.plusSeconds(300))).isZero();
	}

	@Test
	void toStringNeverShowsTheValue() {
		this.status.record(FetchResult.success("s3cret-1", "1"), START);
		assertThat(this.status.toString()).contains("/shop/db-password").doesNotContain("s3cret-1");
	}

}
