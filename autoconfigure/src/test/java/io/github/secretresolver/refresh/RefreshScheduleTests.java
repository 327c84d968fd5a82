package io.github.secretresolver.refresh;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RefreshScheduleTests {

	private static final Duration INTERVAL = Duration.ofMinutes(10);

	@Test
	void nextDelayWithoutJitterIsTheInterval() {
		RefreshSchedule schedule = new RefreshSchedule(INTERVAL, 0, Duration.ofSeconds(5), 2, () -> 0.9);
		assertThat(schedule.nextDelay(0)).isEqualTo(INTERVAL);
	}

	@ParameterizedTest
	@ValueSource(doubles = { 0.0, 0.25, 0.5, 0.75, 0.999999 })
	void nextDelayWithJitterStaysWithinTheJitterAroundTheInterval(double random) {
		RefreshSchedule schedule = new RefreshSchedule(INTERVAL, 0.1, Duration.ofSeconds(5), 2, () -> random);
		assertThat(schedule.nextDelay(0)).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(11));
	}

	@Test
	void nextDelayWithJitterSpreadsInstances() {
		RefreshSchedule early = new RefreshSchedule(INTERVAL, 0.1, Duration.ofSeconds(5), 2, () -> 0.0);
		RefreshSchedule late = new RefreshSchedule(INTERVAL, 0.1, Duration.ofSeconds(5), 2, () -> 0.999999);
		assertThat(early.nextDelay(0)).isEqualTo(Duration.ofMinutes(9));
		assertThat(late.nextDelay(0)).isCloseTo(Duration.ofMinutes(11), Duration.ofMillis(5));
	}

	@Test
	void nextDelayAfterFailuresBacksOffExponentiallyWithinRandomBounds() {
		RefreshSchedule schedule = new RefreshSchedule(INTERVAL, 0.1, Duration.ofSeconds(5), 2, () -> 0.5);
		// Resilience4j's exponential random backoff: initial * multiplier^(n-1), randomized by 50 %
		assertThat(schedule.nextDelay(1)).isBetween(Duration.ofMillis(2500), Duration.ofMillis(7500));
		assertThat(schedule.nextDelay(2)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(15));
		assertThat(schedule.nextDelay(4)).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(60));
	}

	@Test
	void nextDelayAfterManyFailuresNeverExceedsTheInterval() {
		RefreshSchedule schedule = new RefreshSchedule(INTERVAL, 0.1, Duration.ofSeconds(5), 2, () -> 0.5);
		for (int failures = 1; failures < 40; failures++) {
			assertThat(schedule.nextDelay(failures)).isLessThanOrEqualTo(INTERVAL);
		}
	}

	@Test
	void createWhenJitterOutOfRangeThrowsException() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RefreshSchedule(INTERVAL, 1.5, Duration.ofSeconds(5), 2, () -> 0.5))
			.withMessage("'jitter' must be between 0 and 1");
	}

}
