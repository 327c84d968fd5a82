package io.github.secretresolver.refresh.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An EventBridge event saying that a parameter or secret changed, read from an SQS message body
 * (as EventBridge delivers it, or wrapped in an SNS notification). Recognised events:
 * <ul>
 * <li>{@code aws.ssm} / {@code Parameter Store Change}: the parameter in {@code detail.name} and
 * {@code resources};</li>
 * <li>{@code aws.secretsmanager} / {@code AWS API Call via CloudTrail} for {@code PutSecretValue},
 * {@code UpdateSecret}, {@code RotateSecret} and {@code UpdateSecretVersionStage}: the secret in
 * {@code detail.requestParameters.secretId} and {@code detail.responseElements.arn} (or
 * {@code aRN});</li>
 * <li>{@code aws.secretsmanager} / {@code AWS Service Event via CloudTrail} for
 * {@code RotationSucceeded}: the secret in {@code detail.additionalEventData.SecretId};</li>
 * <li>{@code aws.secretsmanager} / {@code Secret Label Updated}: the secret in {@code detail.name}
 * and {@code resources}.</li>
 * </ul>
 * Messages are untrusted input: anything else is not an event, and nothing of a message's content
 * is kept beyond the names and ARNs it carries.
 *
 * @param service {@code ssm} for Parameter Store, {@code secretsmanager} for Secrets Manager
 * @param identifiers the names and ARNs the event names
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public record RotationEvent(String service, Set<String> identifiers) {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Set<String> SECRET_CHANGING_CALLS = Set.of("PutSecretValue", "UpdateSecret", "RotateSecret",
			"UpdateSecretVersionStage");

	/**
	 * Read an event from an SQS message body.
	 * @param body the message body
	 * @return the event, or empty if the body is not a change event this project handles
	 */
	public static Optional<RotationEvent> parse(String body) {
		JsonNode root;
		try {
			root = MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			return Optional.empty();
		}
		if (root != null && "Notification".equals(text(root, "Type")) && root.path("Message").isString()) {
			return parse(root.path("Message").asString());
		}
		if (root == null || !root.isObject()) {
			return Optional.empty();
		}
		String source = text(root, "source");
		String detailType = text(root, "detail-type");
		JsonNode detail = root.path("detail");
		List<String> identifiers = new ArrayList<>();
		if ("aws.ssm".equals(source) && "Parameter Store Change".equals(detailType)) {
			identifiers.add(text(detail, "name"));
			root.path("resources").forEach((resource) -> identifiers.add(resource.asString()));
			return event("ssm", identifiers);
		}
		if (!"aws.secretsmanager".equals(source)) {
			return Optional.empty();
		}
		if ("AWS API Call via CloudTrail".equals(detailType)
				&& SECRET_CHANGING_CALLS.contains(text(detail, "eventName"))) {
			identifiers.add(text(detail.path("requestParameters"), "secretId"));
			identifiers.add(text(detail.path("responseElements"), "arn"));
			identifiers.add(text(detail.path("responseElements"), "aRN"));
		}
		else if ("AWS Service Event via CloudTrail".equals(detailType)
				&& "RotationSucceeded".equals(text(detail, "eventName"))) {
			identifiers.add(text(detail.path("additionalEventData"), "SecretId"));
		}
		else if ("Secret Label Updated".equals(detailType)) {
			identifiers.add(text(detail, "name"));
			root.path("resources").forEach((resource) -> identifiers.add(resource.asString()));
		}
		return event("secretsmanager", identifiers);
	}

	private static Optional<RotationEvent> event(String service, List<String> identifiers) {
		Set<String> named = new java.util.LinkedHashSet<>();
		identifiers.stream().filter((identifier) -> identifier != null && !identifier.isEmpty()).forEach(named::add);
		return named.isEmpty() ? Optional.empty() : Optional.of(new RotationEvent(service, Set.copyOf(named)));
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	/**
	 * Return whether the event concerns a reference: the same parameter or secret, named by name
	 * or ARN. A Parameter Store reference to {@code /aws/reference/secretsmanager/NAME} is concerned
	 * by events about the secret.
	 * @param reference the reference
	 * @return whether the reference should be refreshed
	 */
	public boolean concerns(SecretReference reference) {
		if (reference instanceof ParameterReference parameter) {
			if (this.service.equals("ssm")) {
				return this.identifiers.stream().anyMatch(parameter::isNamedBy);
			}
			return parameter.passThroughSecret().map(this::concernsSecret).orElse(false);
		}
		return reference instanceof SecretsManagerReference secret && concernsSecret(secret);
	}

	private boolean concernsSecret(SecretsManagerReference secret) {
		return this.service.equals("secretsmanager") && this.identifiers.stream().anyMatch(secret::isNamedBy);
	}

}
