package io.github.secretresolver.fetch;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Extracts one key from a JSON {@code SecretString}. A key is first looked up as a top-level key,
 * exactly as CloudFormation does; if no top-level key has that name and the key contains dots,
 * it is read as a path into nested objects ({@code db.primary.password}), where a number selects
 * an array element ({@code hosts.0}). Messages never include the secret's content.
 *
 * @author Secret Resolver contributors
 */
final class JsonKeyExtractor {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private JsonKeyExtractor() {
	}

	static FetchResult extract(FetchResult secret, String jsonKey) {
		if (!secret.isSuccess()) {
			return secret;
		}
		JsonNode root;
		try {
			root = MAPPER.readTree(secret.value());
		}
		catch (JacksonException ex) {
			return FetchResult.failure(FetchFailure.error("SecretNotJson",
					"The SecretString is not valid JSON, so the JSON key '" + jsonKey + "' cannot be read"));
		}
		if (root == null || !root.isObject()) {
			return FetchResult.failure(FetchFailure.error("SecretNotJsonObject",
					"The SecretString is not a JSON object, so the JSON key '" + jsonKey + "' cannot be read"));
		}
		JsonNode node = root.has(jsonKey) ? root.get(jsonKey) : findPath(root, jsonKey);
		if (node == null || node.isMissingNode()) {
			return FetchResult.failure(FetchFailure.notFound("JsonKeyNotFound",
					"The SecretString has no JSON key '" + jsonKey + "'"));
		}
		if (node.isNull()) {
			return FetchResult.failure(FetchFailure.notFound("JsonKeyNotFound",
					"The JSON key '" + jsonKey + "' is null in the SecretString"));
		}
		String value = node.isValueNode() ? node.asString() : MAPPER.writeValueAsString(node);
		return FetchResult.success(value, secret.version());
	}

	private static JsonNode findPath(JsonNode root, String jsonKey) {
		if (!jsonKey.contains(".")) {
			return null;
		}
		JsonNode node = root;
		for (String element : jsonKey.split("\\.", -1)) {
			if (node.isArray() && element.matches("[0-9]{1,9}")) {
				node = node.get(Integer.parseInt(element));
			}
			else if (node.isObject()) {
				node = node.get(element);
			}
			else {
				return null;
			}
			if (node == null) {
				return null;
			}
		}
		return node;
	}

}
