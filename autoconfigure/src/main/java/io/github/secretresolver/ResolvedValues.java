package io.github.secretresolver;

import java.util.function.Supplier;

/**
 * The values resolved from AWS, as the application's property sources serve them. Available as a
 * bean when the configuration holds references.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public interface ResolvedValues {

	/**
	 * Run reads that must see values from one resolution, such as a user name and its password:
	 * while they run, property reads on this thread are not affected by a concurrent refresh.
	 * Covers values written in configuration files, system properties, command-line arguments and
	 * property sources added later; references written in environment variables are read through
	 * Spring Boot's own copy of the environment and are not covered.
	 * @param <T> the type of the result
	 * @param reads the reads, for example {@code () -> new Credentials(env.getProperty("db.user"),
	 * env.getProperty("db.password"))}
	 * @return the result of the reads
	 */
	<T> T readConsistently(Supplier<T> reads);

}
