package io.github.secretresolver.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A concurrent AWS stand-in: answers from moto recorded once ({@link #record}), keyed by
 * {@code X-Amz-Target} and the request body (JSON with keys and string lists sorted, so that the
 * order of names in a batch does not matter), served by WireMock's thread pool with a fixed delay.
 * moto answers one request at a time; this stand-in answers as many at once as WireMock has
 * threads. A request that was not recorded goes on to moto (the proxy's stub) and is counted as a
 * miss.
 */
final class Replay implements StubRequestFilterV2 {

	private record Answer(int status, String contentType, String body) {
	}

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final int delayMillis;

	final AtomicInteger hits = new AtomicInteger();

	final AtomicInteger misses = new AtomicInteger();

	Replay(int delayMillis) {
		this.delayMillis = delayMillis;
	}

	/** Keep the answers of these serve events (of a proxy in front of moto). */
	void record(List<ServeEvent> events) {
		for (ServeEvent event : events) {
			var response = event.getResponse();
			if (response == null || response.getStatus() != 200) {
				continue;
			}
			String contentType = response.getHeaders().getContentTypeHeader().isPresent()
					? response.getHeaders().getContentTypeHeader().firstValue() : "application/x-amz-json-1.1";
			this.answers.put(key(event.getRequest()), new Answer(response.getStatus(), contentType, response.getBodyAsString()));
		}
	}

	int size() {
		return this.answers.size();
	}

	@Override
	public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
		Answer answer = this.answers.get(key(request));
		if (answer == null) {
			this.misses.incrementAndGet();
			return RequestFilterAction.continueWith(request);
		}
		this.hits.incrementAndGet();
		ResponseDefinition response = responseDefinition().withStatus(answer.status())
			.withHeader("Content-Type", answer.contentType())
			.withBody(answer.body())
			.withFixedDelay(this.delayMillis)
			.build();
		return RequestFilterAction.stopWith(response);
	}

	private static String key(Request request) {
		String target = request.containsHeader("X-Amz-Target") ? request.getHeader("X-Amz-Target") : request.getUrl();
		String body = request.getBodyAsString();
		try {
			return target + " " + Json.write(canonical(Json.read(body, Object.class)));
		}
		catch (RuntimeException ex) {
			return target + " " + body;
		}
	}

	@SuppressWarnings("unchecked")
	private static Object canonical(Object json) {
		if (json instanceof Map<?, ?> map) {
			Map<String, Object> sorted = new TreeMap<>();
			map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
			return sorted;
		}
		if (json instanceof List<?> list) {
			List<Object> items = new ArrayList<>();
			list.forEach((item) -> items.add(canonical(item)));
			if (items.stream().allMatch(String.class::isInstance)) {
				((List<String>) (List<?>) items).sort(null);
			}
			return items;
		}
		return json;
	}

	@Override
	public boolean applyToAdmin() {
		return false;
	}

	@Override
	public String getName() {
		return "replay";
	}

}
