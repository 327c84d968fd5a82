package io.github.secretresolver.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.github.secretresolver.reference.KmsReference;
import io.github.secretresolver.reference.ParameterReference;
import io.github.secretresolver.reference.ReferenceService;
import io.github.secretresolver.reference.SecretReference;
import io.github.secretresolver.reference.SecretsManagerReference;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;

/**
 * {@link Fetcher} that reads values from a local YAML file instead of AWS, for running an
 * application and its tests without AWS or an emulator. The file is read again on every fetch,
 * so editing it and refreshing rehearses a rotation. Keys are written as in references:
 * <pre class="code">
 * parameters:
 *   /shop/db-host: localhost
 *   /shop/flags:1: checkout=off          # a version (or a label: /shop/flags:stable)
 * secrets:
 *   prod/shop/db:                         # a JSON SecretString, written as YAML
 *     username: shop
 *     password: local-password
 *   prod/shop/db:AWSPREVIOUS:             # a version stage (or a version id)
 *     username: shop
 *     password: old-password
 *   shop/token: plain-token               # a plain SecretString
 * kms:
 *   AQICAHh...==: decrypted-value         # ciphertext: plaintext
 * </pre>
 * A value missing from the file is reported as AWS reports a missing value, so defaults apply and
 * required references fail startup the same way. Parameter types are not checked ({@code ssm} and
 * {@code ssm-secure} both read {@code parameters}), and KMS encryption contexts are not checked.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class LocalFileFetcher implements Fetcher {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Resource file;

	/**
	 * Create a fetcher that reads a file.
	 * @param file the YAML file
	 */
	public LocalFileFetcher(Resource file) {
		this.file = file;
	}

	@Override
	public Map<SecretReference, FetchResult> fetch(Collection<? extends SecretReference> references) {
		Map<SecretReference, FetchResult> results = new HashMap<>();
		if (references.isEmpty()) {
			return results;
		}
		LocalValues values;
		try {
			values = read();
		}
		catch (IOException | RuntimeException ex) {
			FetchFailure failure = FetchFailure.error("LocalFileUnreadable", "The local file " + this.file.getDescription()
					+ " could not be read as YAML (" + ex.getClass().getSimpleName() + ")");
			references.forEach((reference) -> results.put(reference, FetchResult.failure(failure)));
			return results;
		}
		for (SecretReference reference : references) {
			results.put(reference, resultFor(reference, values));
		}
		return results;
	}

	private FetchResult resultFor(SecretReference reference, LocalValues values) {
		if (reference instanceof ParameterReference parameter) {
			return find(values.parameters(), parameter.nameWithSelector(),
					(key) -> new ParameterReference(ReferenceService.SSM, key, null).isNamedBy(parameter.name())
							&& parameter.selector() == null)
				.map((value) -> FetchResult.success(value, null))
				.orElseGet(() -> (parameter.selector() != null)
						? notFound("ParameterVersionNotFound",
								"parameter with this name and version or label (written NAME:SELECTOR under 'parameters')")
						: notFound("ParameterNotFound", "parameter with this name (under 'parameters')"));
		}
		if (reference instanceof KmsReference kms) {
			return find(values.kms(), kms.ciphertext(), (key) -> key.replaceAll("\\s", "").equals(kms.ciphertext()))
				.map((value) -> FetchResult.success(value, null))
				.orElseGet(() -> notFound("InvalidCiphertextException", "value for this ciphertext (under 'kms')"));
		}
		SecretsManagerReference secret = (SecretsManagerReference) reference;
		String selector = (secret.versionStage() != null) ? secret.versionStage() : secret.versionId();
		String id = secret.secretId() + ((selector != null) ? ":" + selector : "");
		FetchResult whole = find(values.secrets(), id,
				(key) -> selector == null && secret.isNamedBy(key))
			.map((value) -> FetchResult.success(value, null))
			.orElseGet(() -> notFound("ResourceNotFoundException", "secret with this id (under 'secrets')"));
		return (secret.jsonKey() != null) ? JsonKeyExtractor.extract(whole, secret.jsonKey()) : whole;
	}

	private static Optional<String> find(Map<String, String> values, String key,
			java.util.function.Predicate<String> alias) {
		String value = values.get(key);
		if (value != null) {
			return Optional.of(value);
		}
		return values.entrySet().stream().filter((entry) -> alias.test(entry.getKey())).map(Map.Entry::getValue).findFirst();
	}

	private FetchResult notFound(String code, String what) {
		return FetchResult.failure(FetchFailure.notFound(code, "The local file has no " + what)
			.searchedIn("local file " + this.file.getDescription()));
	}

	private LocalValues read() throws IOException {
		Object root;
		try (InputStream input = this.file.getInputStream()) {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(input);
		}
		Map<?, ?> sections = (root instanceof Map<?, ?> map) ? map : Map.of();
		return new LocalValues(section(sections.get("parameters")), section(sections.get("secrets")),
				section(sections.get("kms")));
	}

	/**
	 * Read a section: each value as text, objects and lists as JSON (a JSON SecretString).
	 */
	private static Map<String, String> section(@Nullable Object section) {
		Map<String, String> values = new HashMap<>();
		if (section instanceof Map<?, ?> map) {
			map.forEach((key, value) -> {
				if (key != null && value != null) {
					values.put(key.toString(),
							(value instanceof Map<?, ?> || value instanceof Collection<?>) ? JSON.writeValueAsString(value)
									: value.toString());
				}
			});
		}
		return values;
	}

	@Override
	public String toString() {
		return "LocalFileFetcher[" + this.file.getDescription() + "]";
	}

	private record LocalValues(Map<String, String> parameters, Map<String, String> secrets, Map<String, String> kms) {

		@Override
		public String toString() {
			return "LocalValues[" + this.parameters.size() + " parameters, " + this.secrets.size() + " secrets]";
		}

	}

}
