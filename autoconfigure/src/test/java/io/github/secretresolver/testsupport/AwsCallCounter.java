package io.github.secretresolver.testsupport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests every AWS SDK client in the test JVM sends, per operation. Registered
 * as a global SDK interceptor through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}, so it also sees the
 * clients the starter creates itself.
 */
public class AwsCallCounter implements ExecutionInterceptor {

	private static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

	@Override
	public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
		String operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		COUNTS.computeIfAbsent(operation, (key) -> new AtomicInteger()).incrementAndGet();
	}

	public static void reset() {
		COUNTS.clear();
	}

	public static int count(String operation) {
		AtomicInteger count = COUNTS.get(operation);
		return (count != null) ? count.get() : 0;
	}

	public static int total() {
		return COUNTS.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	public static Map<String, Integer> snapshot() {
		Map<String, Integer> snapshot = new TreeMap<>();
		COUNTS.forEach((operation, count) -> snapshot.put(operation, count.get()));
		return snapshot;
	}

}
