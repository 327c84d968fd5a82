package io.github.secretresolver.benchmarks;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Extension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock proxy in front of moto that adds a fixed delay to every response (the round trip to
 * AWS) and records every request, so that calls can be counted exactly per operation (the
 * {@code X-Amz-Target} header of the JSON protocols of SSM, Secrets Manager and KMS).
 */
final class AwsProxy implements AutoCloseable {

	private final WireMockServer server;

	private final String target;

	private final int delayMillis;

	AwsProxy(String target, int delayMillis, Extension... extensions) {
		this.target = target;
		this.delayMillis = delayMillis;
		this.server = new WireMockServer(options().bindAddress("127.0.0.1")
			.dynamicPort()
			.containerThreads(400)
			.jettyAcceptors(4)
			.extensions(extensions));
		this.server.start();
		this.server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(target).withFixedDelay(delayMillis)));
	}

	URI endpoint() {
		return URI.create("http://127.0.0.1:" + this.server.port());
	}

	String target() {
		return this.target;
	}

	int delayMillis() {
		return this.delayMillis;
	}

	void reset() {
		this.server.resetRequests();
	}

	List<ServeEvent> events() {
		return this.server.getAllServeEvents();
	}

	/**
	 * Requests per operation since the last {@link #reset()}, by the operation part of
	 * {@code X-Amz-Target} ({@code AmazonSSM.GetParameters} → {@code GetParameters}).
	 */
	Map<String, Integer> counts() {
		Map<String, Integer> counts = new TreeMap<>();
		for (ServeEvent event : events()) {
			counts.merge(operation(event), 1, Integer::sum);
		}
		return counts;
	}

	int total() {
		return events().size();
	}

	/**
	 * Wall time from the first request received to the last response sent since the last reset.
	 */
	long windowMillis() {
		List<ServeEvent> events = events();
		if (events.isEmpty()) {
			return 0;
		}
		long first = Long.MAX_VALUE;
		long last = Long.MIN_VALUE;
		for (ServeEvent event : events) {
			long received = event.getRequest().getLoggedDate().getTime();
			first = Math.min(first, received);
			Integer total = (event.getTiming() != null) ? event.getTiming().getTotalTime() : null;
			last = Math.max(last, received + ((total != null) ? total : 0));
		}
		return last - first;
	}

	static String operation(ServeEvent event) {
		var request = event.getRequest();
		String header = request.containsHeader("X-Amz-Target") ? request.getHeader("X-Amz-Target") : null;
		if (header == null) {
			return "(no X-Amz-Target) " + request.getMethod() + " " + request.getUrl();
		}
		int dot = header.lastIndexOf('.');
		return (dot >= 0) ? header.substring(dot + 1) : header;
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
