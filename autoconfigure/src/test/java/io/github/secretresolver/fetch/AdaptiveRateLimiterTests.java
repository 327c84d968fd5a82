package io.github.secretresolver.fetch;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link AdaptiveRateLimiter}, on a clock the test moves.
 */
class AdaptiveRateLimiterTests {

	private long now = TimeUnit.SECONDS.toNanos(100);

	private final AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(() -> this.now);

	@Test
	void callsAreNotPacedUntilAThrottledAnswer() {
		for (int call = 0; call < 100; call++) {
			assertThat(this.limiter.reserve()).isZero();
		}
		assertThat(this.limiter.rate()).isInfinite();
	}

	@Test
	void firstThrottledAnswerHalvesTheRateCallsWereSentAt() {
		for (int call = 0; call < 20; call++) {
			this.limiter.reserve();
		}
		this.limiter.throttled();
		assertThat(this.limiter.rate()).isEqualTo(10);
	}

	@Test
	void eachThrottledAnswerHalvesTheRateDownToAFloor() {
		this.limiter.reserve();
		this.limiter.throttled();
		assertThat(this.limiter.rate()).isEqualTo(1);
		this.limiter.throttled();
		assertThat(this.limiter.rate()).isEqualTo(0.5);
		for (int throttled = 0; throttled < 20; throttled++) {
			this.limiter.throttled();
		}
		assertThat(this.limiter.rate()).isEqualTo(0.05);
	}

	@Test
	void pacedCallsAreSpacedAtTheRate() {
		for (int call = 0; call < 8; call++) {
			this.limiter.reserve();
		}
		this.limiter.throttled();
		assertThat(this.limiter.rate()).isEqualTo(4);
		long first = this.limiter.reserve();
		long second = this.limiter.reserve();
		long third = this.limiter.reserve();
		assertThat(second - first).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
		assertThat(third - second).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
	}

	@Test
	void rateGrowsBackWithAnswersAndIsUnlimitedOnceHighEnough() {
		this.limiter.reserve();
		this.limiter.throttled();
		this.now += TimeUnit.SECONDS.toNanos(10);
		this.limiter.answered();
		assertThat(this.limiter.rate()).isCloseTo(1.5, within(0.001));
		this.now += TimeUnit.HOURS.toNanos(3);
		this.limiter.answered();
		assertThat(this.limiter.rate()).isInfinite();
		assertThat(this.limiter.reserve()).isZero();
	}

}
