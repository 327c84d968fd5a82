package io.github.secretresolver.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link AdaptivePacer}, on a clock the test moves.
 */
class AdaptivePacerTests {

	private long now = TimeUnit.SECONDS.toNanos(100);

	private final AdaptivePacer pacer = new AdaptivePacer(() -> this.now);

	@Test
	void windowStartsSmallAndGrowsByOneWithEveryAnswer() throws InterruptedException {
		assertThat(this.pacer.window()).isEqualTo(AdaptivePacer.INITIAL_WINDOW);
		AdaptivePacer.Call first = enter();
		AdaptivePacer.Call second = enter();
		assertThat(this.pacer.enter(0)).as("a third call waits for an answer").isNull();
		first.answered();
		second.answered();
		assertThat(this.pacer.window()).isEqualTo(4);
		List<AdaptivePacer.Call> calls = new ArrayList<>();
		for (int call = 0; call < 4; call++) {
			calls.add(enter());
		}
		assertThat(this.pacer.enter(0)).isNull();
		calls.forEach(AdaptivePacer.Call::answered);
		assertThat(this.pacer.window()).as("doubles every round trip").isEqualTo(8);
	}

	@Test
	void callsAreNotRatePacedUntilAThrottledAnswer() throws InterruptedException {
		for (int call = 0; call < 100; call++) {
			AdaptivePacer.Call turn = enter();
			assertThat(turn.waitNanos()).isZero();
			turn.answered();
		}
		assertThat(this.pacer.rate()).isInfinite();
	}

	@Test
	void aFailureOtherThanThrottlingChangesNothing() throws InterruptedException {
		enter().failed();
		assertThat(this.pacer.window()).isEqualTo(AdaptivePacer.INITIAL_WINDOW);
		assertThat(this.pacer.rate()).isInfinite();
	}

	@Test
	void firstThrottledAnswerHalvesTheRateCallsWereSentAtAndTheWindow() throws InterruptedException {
		for (int call = 0; call < 20; call++) {
			enter().answered();
		}
		int window = this.pacer.window();
		enter().throttled();
		assertThat(this.pacer.rate()).isEqualTo(10.5);
		assertThat(this.pacer.window()).isEqualTo(window / 2);
	}

	@Test
	void callsAlreadyInFlightAtADecreaseDoNotDecreaseAgain() throws InterruptedException {
		AdaptivePacer.Call first = enter();
		AdaptivePacer.Call second = enter();
		this.now += 1_000;
		first.throttled();
		assertThat(this.pacer.rate()).isEqualTo(1);
		second.throttled();
		assertThat(this.pacer.rate()).as("sent before the decrease").isEqualTo(1);
		assertThat(this.pacer.window()).isEqualTo(1);
	}

	@Test
	void aThrottledCallInTheSameSecondAsTheLastDecreaseDoesNotDecreaseAgain() throws InterruptedException {
		enter().throttled();
		assertThat(this.pacer.rate()).isEqualTo(1);
		this.now += TimeUnit.MILLISECONDS.toNanos(500);
		enter().throttled();
		assertThat(this.pacer.rate()).isCloseTo(1, within(0.1));
	}

	@Test
	void eachThrottledCallSentAfterADecreaseHalvesTheRateDownToAFloor() throws InterruptedException {
		throttleOnce();
		assertThat(this.pacer.rate()).isCloseTo(1, within(0.05));
		throttleOnce();
		assertThat(this.pacer.rate()).isCloseTo(0.5, within(0.05));
		for (int throttled = 0; throttled < 20; throttled++) {
			throttleOnce();
		}
		assertThat(this.pacer.rate()).isCloseTo(0.05, within(0.01));
		assertThat(this.pacer.window()).isEqualTo(1);
	}

	@Test
	void pacedCallsAreSpacedAtTheRate() throws InterruptedException {
		for (int call = 0; call < 7; call++) {
			enter().answered();
		}
		enter().throttled();
		assertThat(this.pacer.rate()).isEqualTo(4);
		AdaptivePacer.Call first = enter();
		first.answered();
		AdaptivePacer.Call second = enter();
		second.answered();
		AdaptivePacer.Call third = enter();
		assertThat(second.waitNanos() - first.waitNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
		assertThat(third.waitNanos() - second.waitNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
	}

	@Test
	void rateGrowsBackWithAnswersAndIsUnlimitedOnceHighEnough() throws InterruptedException {
		throttleOnce();
		this.now += TimeUnit.SECONDS.toNanos(10);
		answerOnce();
		assertThat(this.pacer.rate()).isCloseTo(1.5, within(0.001));
		this.now += TimeUnit.HOURS.toNanos(3);
		answerOnce();
		assertThat(this.pacer.rate()).isInfinite();
		assertThat(enter().waitNanos()).isZero();
	}

	@Test
	void aCallWhoseTurnComesTooLateIsNotReservedAndCostsLaterCallsNothing() throws InterruptedException {
		enter().throttled();
		assertThat(this.pacer.rate()).isEqualTo(1);
		long second = TimeUnit.SECONDS.toNanos(1);
		assertThat(this.pacer.enter(second / 2)).as("its turn comes in 1 s").isNull();
		assertThat(this.pacer.enter(second / 2)).isNull();
		AdaptivePacer.Call call = this.pacer.enter(second);
		assertThat(call).isNotNull();
		assertThat(call.waitNanos()).as("the turn given up by the others").isEqualTo(second);
	}

	@Test
	void rateGrowsBackWithTimeEvenWithoutCalls() throws InterruptedException {
		throttleOnce();
		this.now += TimeUnit.SECONDS.toNanos(20);
		AdaptivePacer.Call call = enter();
		assertThat(this.pacer.rate()).isCloseTo(2, within(0.001));
		assertThat(call.waitNanos()).isZero();
	}

	@Test
	void aCallWaitingForThePlaceOfAnotherEntersWhenItEnds() throws Exception {
		AdaptivePacer.Call first = enter();
		AdaptivePacer.Call second = enter();
		CountDownLatch waiting = new CountDownLatch(1);
		AtomicReference<AdaptivePacer.Call> entered = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			waiting.countDown();
			try {
				entered.set(this.pacer.enter(TimeUnit.SECONDS.toNanos(30)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		thread.start();
		waiting.await();
		first.failed();
		thread.join(TimeUnit.SECONDS.toMillis(30));
		assertThat(entered.get()).isNotNull();
		second.answered();
	}

	/**
	 * Enter with time to wait for a paced turn (on the test's clock), where the window has room.
	 */
	private AdaptivePacer.Call enter() throws InterruptedException {
		AdaptivePacer.Call call = this.pacer.enter(TimeUnit.HOURS.toNanos(1));
		assertThat(call).as("a place in the window").isNotNull();
		return call;
	}

	private void throttleOnce() throws InterruptedException {
		this.now += TimeUnit.SECONDS.toNanos(1);
		enter().throttled();
	}

	private void answerOnce() throws InterruptedException {
		enter().answered();
	}

}
