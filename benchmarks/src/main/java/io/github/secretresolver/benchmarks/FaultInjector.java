package io.github.secretresolver.benchmarks;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * Injects one kind of fault into the requests a proxy in front of moto receives, and counts every
 * request per operation and every fault injected. Faulty answers come after the same fixed delay
 * as the proxied ones.
 */
final class FaultInjector implements StubRequestFilterV2 {

	enum Kind {

		/** Nothing injected. */
		NONE,

		/** Parameter Store lets {@code rate} requests through in any second; {@code ThrottlingException} (400) above. */
		SSM_THROTTLE,

		/** A fraction of the requests answered HTTP 503 ({@code ServiceUnavailable}). */
		HTTP_503,

		/** A fraction of the requests answered by resetting the connection. */
		CONNECTION_RESET,

		/** Every request answered HTTP 503. */
		OUTAGE

	}

	private final Kind kind;

	private final double fraction;

	private final int rate;

	private final int delayMillis;

	private final Random random;

	private final ArrayDeque<Long> accepted = new ArrayDeque<>();

	private final Map<String, AtomicInteger> requests = new TreeMap<>();

	final AtomicInteger injected = new AtomicInteger();

	FaultInjector(Kind kind, double fraction, int rate, int delayMillis, long seed) {
		this.kind = kind;
		this.fraction = fraction;
		this.rate = rate;
		this.delayMillis = delayMillis;
		this.random = new Random(seed);
	}

	@Override
	public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
		String target = request.containsHeader("X-Amz-Target") ? request.getHeader("X-Amz-Target") : "";
		synchronized (this.requests) {
			this.requests.computeIfAbsent(target.substring(target.lastIndexOf('.') + 1), (k) -> new AtomicInteger())
				.incrementAndGet();
		}
		ResponseDefinition fault = switch (this.kind) {
			case NONE -> null;
			case SSM_THROTTLE -> throttle(target);
			case HTTP_503 -> (chance()) ? unavailable() : null;
			case CONNECTION_RESET -> (chance()) ? responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build() : null;
			case OUTAGE -> unavailable();
		};
		if (fault == null) {
			return RequestFilterAction.continueWith(request);
		}
		this.injected.incrementAndGet();
		return RequestFilterAction.stopWith(fault);
	}

	private boolean chance() {
		synchronized (this.random) {
			return this.random.nextDouble() < this.fraction;
		}
	}

	private ResponseDefinition throttle(String target) {
		if (!target.startsWith("AmazonSSM.")) {
			return null;
		}
		long now = System.nanoTime();
		synchronized (this.accepted) {
			while (!this.accepted.isEmpty() && now - this.accepted.peekFirst() >= 1_000_000_000L) {
				this.accepted.pollFirst();
			}
			if (this.accepted.size() < this.rate) {
				this.accepted.addLast(now);
				return null;
			}
		}
		return error(400, "ThrottlingException", "Rate exceeded");
	}

	private ResponseDefinition unavailable() {
		return error(503, "ServiceUnavailable", "Service is unavailable");
	}

	private ResponseDefinition error(int status, String type, String message) {
		return responseDefinition().withStatus(status)
			.withHeader("Content-Type", "application/x-amz-json-1.1")
			.withBody(Json.write(Map.of("__type", type, "message", message)))
			.withFixedDelay(this.delayMillis)
			.build();
	}

	Map<String, Integer> requests() {
		Map<String, Integer> counts = new TreeMap<>();
		synchronized (this.requests) {
			this.requests.forEach((k, v) -> counts.put(k, v.get()));
		}
		return counts;
	}

	@Override
	public boolean applyToAdmin() {
		return false;
	}

	@Override
	public String getName() {
		return "fault-injector-" + this.kind;
	}

}
