package io.github.secretresolver.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes chosen AWS operations fail in every AWS SDK client of the test JVM, as if the network had
 * gone, for example to stop an application without letting it clean up. Inert until
 * {@link #fail(String...)}. Registered as a global SDK interceptor through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}.
 */
public class FailingCalls implements ExecutionInterceptor {

	private static final Set<String> FAILING = ConcurrentHashMap.newKeySet();

	@Override
	public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
		String operation = executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
		if (FAILING.contains(operation)) {
			throw SdkClientException.create("Test: " + operation + " made to fail");
		}
	}

	/**
	 * Make operations fail until {@link #reset()}.
	 * @param operations the operation names, such as {@code DeleteQueue}
	 */
	public static void fail(String... operations) {
		FAILING.addAll(Set.of(operations));
	}

	/**
	 * Let every operation through again.
	 */
	public static void reset() {
		FAILING.clear();
	}

}
