package io.github.secretresolver.fetch;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmServiceClientConfiguration;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

/**
 * {@link SsmClient} for unit tests: answers {@code GetParameters} and {@code GetParameter} from
 * the parameters it holds, the way moto does (answers carry no {@code Selector}, missing names are
 * listed in {@code InvalidParameters}), or with answers a test sets, and records every request.
 * Each instance has an endpoint of its own, so that what the fetchers remember per endpoint for the
 * life of the JVM (a refused batch action) never leaks from one test into another.
 *
 * @author Secret Resolver contributors
 */
final class FakeSsmClient implements SsmClient {

	static final String ARN_PREFIX = "arn:aws:ssm:us-east-1:123456789012:parameter";

	private final URI endpoint = URI.create("https://ssm." + UUID.randomUUID() + ".test");

	private final Map<String, Parameter> parameters = new ConcurrentHashMap<>();

	private final List<GetParametersRequest> getParametersRequests = new CopyOnWriteArrayList<>();

	private final List<GetParameterRequest> getParameterRequests = new CopyOnWriteArrayList<>();

	private volatile Function<GetParametersRequest, GetParametersResponse> getParametersAnswer = this::answerFromStore;

	private volatile Function<GetParameterRequest, GetParameterResponse> getParameterAnswer = this::answerOneFromStore;

	private volatile boolean arnsRejectedInBatches;

	private volatile boolean closed;

	/**
	 * Hold a parameter, readable by its name, its ARN, and the extra names given (such as
	 * {@code /a:1} or {@code /a:stable} for a version or label).
	 * @param name the name
	 * @param type the type
	 * @param value the value
	 * @param version the version
	 * @param selectedBy more names with a selector that read this version
	 * @return this client
	 */
	FakeSsmClient withParameter(String name, ParameterType type, String value, long version, String... selectedBy) {
		Parameter parameter = Parameter.builder()
			.name(name)
			.type(type)
			.value(value)
			.version(version)
			.arn(arnOf(name))
			.build();
		this.parameters.put(name, parameter);
		this.parameters.put(arnOf(name), parameter);
		for (String selected : selectedBy) {
			this.parameters.put(selected, parameter);
			this.parameters.put(arnOf(selected), parameter);
		}
		return this;
	}

	/**
	 * Put every ARN asked for with {@code GetParameters} in {@code InvalidParameters}, as moto does.
	 * @return this client
	 */
	FakeSsmClient rejectingArnsInBatches() {
		this.arnsRejectedInBatches = true;
		return this;
	}

	FakeSsmClient answeringGetParameters(Function<GetParametersRequest, GetParametersResponse> answer) {
		this.getParametersAnswer = answer;
		return this;
	}

	/**
	 * Answer {@code GetParameters} from the stored parameters again.
	 * @return this client
	 */
	FakeSsmClient answeringGetParametersFromStore() {
		this.getParametersAnswer = this::answerFromStore;
		return this;
	}

	FakeSsmClient answeringGetParameter(Function<GetParameterRequest, GetParameterResponse> answer) {
		this.getParameterAnswer = answer;
		return this;
	}

	static String arnOf(String name) {
		return ARN_PREFIX + name;
	}

	List<GetParametersRequest> getParametersRequests() {
		return this.getParametersRequests;
	}

	List<GetParameterRequest> getParameterRequests() {
		return this.getParameterRequests;
	}

	/**
	 * Return the names of every {@code GetParameters} call, one list per call.
	 * @return the names asked for
	 */
	List<List<String>> getParametersNames() {
		return this.getParametersRequests.stream().map(GetParametersRequest::names).toList();
	}

	/**
	 * Return the name of every {@code GetParameter} call.
	 * @return the names asked for
	 */
	List<String> getParameterNames() {
		return this.getParameterRequests.stream().map(GetParameterRequest::name).toList();
	}

	int callCount() {
		return this.getParametersRequests.size() + this.getParameterRequests.size();
	}

	boolean isClosed() {
		return this.closed;
	}

	@Override
	public GetParametersResponse getParameters(GetParametersRequest request) {
		this.getParametersRequests.add(request);
		return this.getParametersAnswer.apply(request);
	}

	@Override
	public GetParameterResponse getParameter(GetParameterRequest request) {
		this.getParameterRequests.add(request);
		return this.getParameterAnswer.apply(request);
	}

	private GetParametersResponse answerFromStore(GetParametersRequest request) {
		List<Parameter> found = new ArrayList<>();
		List<String> invalid = new ArrayList<>();
		for (String name : request.names()) {
			Parameter parameter = this.parameters.get(name);
			if (parameter != null && !(this.arnsRejectedInBatches && name.startsWith("arn:"))) {
				found.add(parameter);
			}
			else {
				invalid.add(name);
			}
		}
		return GetParametersResponse.builder().parameters(found).invalidParameters(invalid).build();
	}

	private GetParameterResponse answerOneFromStore(GetParameterRequest request) {
		Parameter parameter = this.parameters.get(request.name());
		if (parameter == null) {
			String name = request.name().startsWith("arn:")
					? request.name().substring(request.name().indexOf(":parameter") + ":parameter".length())
					: request.name();
			throw name.contains(":")
					? AwsErrors.serviceError(ParameterVersionNotFoundException.builder(), 400,
							"ParameterVersionNotFound", "Version of the parameter not found")
					: AwsErrors.serviceError(ParameterNotFoundException.builder(), 400, "ParameterNotFound",
							"Parameter not found");
		}
		return GetParameterResponse.builder().parameter(parameter).build();
	}

	@Override
	public SsmServiceClientConfiguration serviceClientConfiguration() {
		return SsmServiceClientConfiguration.builder().region(Region.US_EAST_1).endpointOverride(this.endpoint).build();
	}

	@Override
	public String serviceName() {
		return SERVICE_NAME;
	}

	@Override
	public void close() {
		this.closed = true;
	}

}
