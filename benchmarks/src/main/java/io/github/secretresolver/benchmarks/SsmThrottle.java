package io.github.secretresolver.benchmarks;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * Lets at most {@code limit} SSM requests through in any one second (a sliding window) and
 * answers the others with {@code ThrottlingException}, as Parameter Store does above its
 * throughput quota. Counts every request per operation, accepted or throttled.
 */
final class SsmThrottle implements StubRequestFilterV2 {

	private final int limit;

	private final int delayMillis;

	private final ArrayDeque<Long> accepted = new ArrayDeque<>();

	final AtomicInteger throttled = new AtomicInteger();

	private final Map<String, AtomicInteger> requests = new TreeMap<>();

	SsmThrottle(int limit, int delayMillis) {
		this.limit = limit;
		this.delayMillis = delayMillis;
	}

	@Override
	public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
		String target = request.containsHeader("X-Amz-Target") ? request.getHeader("X-Amz-Target") : "";
		synchronized (this) {
			this.requests.computeIfAbsent(target.substring(target.lastIndexOf('.') + 1), (k) -> new AtomicInteger())
				.incrementAndGet();
		}
		if (!target.startsWith("AmazonSSM.")) {
			return RequestFilterAction.continueWith(request);
		}
		long now = System.nanoTime();
		synchronized (this.accepted) {
			while (!this.accepted.isEmpty() && now - this.accepted.peekFirst() >= 1_000_000_000L) {
				this.accepted.pollFirst();
			}
			if (this.accepted.size() < this.limit) {
				this.accepted.addLast(now);
				return RequestFilterAction.continueWith(request);
			}
		}
		this.throttled.incrementAndGet();
		ResponseDefinition throttling = responseDefinition().withStatus(400)
			.withHeader("Content-Type", "application/x-amz-json-1.1")
			.withBody(Json.write(Map.of("__type", "ThrottlingException", "message", "Rate exceeded")))
			.withFixedDelay(this.delayMillis)
			.build();
		return RequestFilterAction.stopWith(throttling);
	}

	synchronized Map<String, Integer> requests() {
		Map<String, Integer> counts = new TreeMap<>();
		this.requests.forEach((k, v) -> counts.put(k, v.get()));
		return counts;
	}

	@Override
	public boolean applyToAdmin() {
		return false;
	}

	@Override
	public String getName() {
		return "ssm-throttle";
	}

}
