package io.github.secretresolver.reference;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the duration of a {@code |ttl=} option: a number with a unit ({@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}, {@code 1d}, as in Spring Boot properties) or an ISO-8601 duration
 * ({@code PT30S}).
 *
 * @author Secret Resolver contributors
 */
final class RefreshIntervals {

	private static final Pattern SIMPLE = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

	private static final Duration MINIMUM = Duration.ofSeconds(1);

	private RefreshIntervals() {
	}

	static Duration parse(String text) {
		Duration duration = toDuration(text);
		if (duration.compareTo(MINIMUM) < 0) {
			throw new InvalidReferenceException("refresh interval '" + text + "' is shorter than 1s");
		}
		return duration;
	}

	private static Duration toDuration(String text) {
		Matcher matcher = SIMPLE.matcher(text);
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			return switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				default -> Duration.ofDays(amount);
			};
		}
		try {
			return Duration.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidReferenceException("refresh interval '" + text
					+ "' is not a duration such as 30s, 5m, 1h or PT30S");
		}
	}

}
