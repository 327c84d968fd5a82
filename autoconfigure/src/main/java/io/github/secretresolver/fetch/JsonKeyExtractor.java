package io.github.secretresolver.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.thirdparty.jackson.core.JsonFactory;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;

/**
 * Extracts one key from a JSON {@code SecretString}. A key is first looked up as a top-level key,
 * exactly as CloudFormation does; if no top-level key has that name and the key contains dots,
 * it is read as a path into nested objects ({@code db.primary.password}), where a number selects
 * an array element ({@code hosts.0}). Strings are delivered as they are, numbers as written,
 * booleans as {@code true}/{@code false}, objects and arrays as compact JSON. Messages never
 * include the secret's content.
 * <p>
 * Parsed with the AWS SDK's own JSON reader, which the SDK has already loaded to read the
 * services' answers, so that a JSON key costs no extra library at startup.
 *
 * @author Secret Resolver contributors
 */
final class JsonKeyExtractor {

	/**
	 * Strict JSON (no comments), and parse errors without the location's source text: the source
	 * is the secret.
	 */
	private static final JsonFactory JSON = new JsonFactory();

	private static final JsonNodeParser PARSER = JsonNodeParser.builder()
		.jsonFactory(JSON)
		.removeErrorLocations(true)
		.build();

	private JsonKeyExtractor() {
	}

	static FetchResult extract(FetchResult secret, String jsonKey) {
		if (!secret.isSuccess()) {
			return secret;
		}
		JsonNode root;
		try {
			root = PARSER.parse(secret.value());
			requireNothingAfterFirstValue(secret.value());
		}
		catch (RuntimeException | IOException ex) {
			return FetchResult.failure(FetchFailure.error("SecretNotJson",
					"The SecretString is not valid JSON, so the JSON key '" + jsonKey + "' cannot be read"));
		}
		if (root == null || !root.isObject()) {
			return FetchResult.failure(FetchFailure.error("SecretNotJsonObject",
					"The SecretString is not a JSON object, so the JSON key '" + jsonKey + "' cannot be read"));
		}
		Map<String, JsonNode> fields = root.asObject();
		JsonNode node = fields.containsKey(jsonKey) ? fields.get(jsonKey) : findPath(root, jsonKey);
		if (node == null) {
			return FetchResult.failure(FetchFailure.notFound("JsonKeyNotFound",
					"The SecretString has no JSON key '" + jsonKey + "'"));
		}
		if (node.isNull()) {
			return FetchResult.failure(FetchFailure.notFound("JsonKeyNotFound",
					"The JSON key '" + jsonKey + "' is null in the SecretString"));
		}
		return FetchResult.success(text(node), secret.version());
	}

	/**
	 * The SDK's reader stops after the first JSON value; a SecretString with more after it (two
	 * objects, a stray bracket) is not JSON.
	 */
	private static void requireNothingAfterFirstValue(String json) throws IOException {
		try (JsonParser parser = JSON.createParser(json)) {
			parser.nextToken();
			parser.skipChildren();
			if (parser.nextToken() != null) {
				throw new IOException("Content after the JSON value");
			}
		}
	}

	private static @Nullable JsonNode findPath(JsonNode root, String jsonKey) {
		if (!jsonKey.contains(".")) {
			return null;
		}
		JsonNode node = root;
		for (String element : jsonKey.split("\\.", -1)) {
			if (node.isArray() && element.matches("[0-9]{1,9}")) {
				List<JsonNode> elements = node.asArray();
				int index = Integer.parseInt(element);
				node = (index < elements.size()) ? elements.get(index) : null;
			}
			else if (node.isObject()) {
				node = node.asObject().get(element);
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

	private static String text(JsonNode node) {
		if (node.isString()) {
			return node.asString();
		}
		if (node.isNumber()) {
			return node.asNumber();
		}
		if (node.isBoolean()) {
			return String.valueOf(node.asBoolean());
		}
		JsonWriter writer = JsonWriter.create();
		write(node, writer);
		return new String(writer.getBytes(), StandardCharsets.UTF_8);
	}

	private static void write(JsonNode node, JsonWriter writer) {
		if (node.isObject()) {
			writer.writeStartObject();
			node.asObject().forEach((name, value) -> {
				writer.writeFieldName(name);
				write(value, writer);
			});
			writer.writeEndObject();
		}
		else if (node.isArray()) {
			writer.writeStartArray();
			node.asArray().forEach((element) -> write(element, writer));
			writer.writeEndArray();
		}
		else if (node.isString()) {
			writer.writeValue(node.asString());
		}
		else if (node.isNumber()) {
			writer.writeNumber(node.asNumber());
		}
		else if (node.isBoolean()) {
			writer.writeValue(node.asBoolean());
		}
		else {
			writer.writeNull();
		}
	}

}
