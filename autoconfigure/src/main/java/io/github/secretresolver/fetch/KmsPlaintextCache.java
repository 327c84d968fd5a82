package io.github.secretresolver.fetch;

import java.net.URI;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.secretresolver.reference.KmsReference;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * JVM-wide cache of KMS plaintexts, shared by every application context in the JVM (several
 * contexts in a test run, devtools restarts, context restarts). A ciphertext is immutable, so an
 * entry never expires; the cache is bounded by the size of its plaintexts. Keyed by the reference
 * (ciphertext, encryption context, key, algorithm, format) and by the Region and endpoint of the
 * client, so the same ciphertext against another KMS is decrypted there.
 *
 * @author Secret Resolver contributors
 */
final class KmsPlaintextCache {

	/**
	 * Upper bound of the characters held (plaintexts and the ciphertexts that key them), about
	 * 64 MB.
	 */
	private static final long MAX_CHARACTERS = 32L * 1024 * 1024;

	private static final Cache<Key, String> PLAINTEXTS = Caffeine.newBuilder()
		.maximumWeight(MAX_CHARACTERS)
		.weigher((Key key, String plaintext) -> key.reference().ciphertext().length() + plaintext.length())
		.build();

	private KmsPlaintextCache() {
	}

	/**
	 * Return the cached plaintext for a reference, decrypting it on first use. Concurrent requests
	 * for the same key wait for one decryption.
	 * @param client the KMS client the reference is decrypted with
	 * @param reference the reference
	 * @param decrypt decrypts the reference; returns {@code null} on failure, which is not cached
	 * @return the plaintext, or {@code null} if decryption failed
	 */
	static @Nullable String get(KmsClient client, KmsReference reference, Supplier<@Nullable String> decrypt) {
		return PLAINTEXTS.get(new Key(scopeOf(client), reference), (key) -> decrypt.get());
	}

	private static String scopeOf(KmsClient client) {
		var configuration = client.serviceClientConfiguration();
		return configuration.region() + "|" + configuration.endpointOverride().map(URI::toString).orElse("");
	}

	/**
	 * Cache key: the KMS a reference is decrypted against, and the reference.
	 *
	 * @param scope the Region and endpoint of the client
	 * @param reference the reference
	 */
	private record Key(String scope, KmsReference reference) {
	}

}
