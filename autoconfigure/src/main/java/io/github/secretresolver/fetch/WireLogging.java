package io.github.secretresolver.fetch;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.LogFactory;

/**
 * Tells whether something may print the bodies of AWS responses, which carry secret values. The
 * starter's clients use the JDK's URL connection HTTP client, which logs no body; but the JVM's
 * TLS debugging ({@code javax.net.debug}) prints every decrypted record, and the wire loggers of
 * the Apache HTTP clients print bodies at DEBUG when a client customizer switches a client to
 * Apache. The starter cannot rewrite what they print; it warns.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public final class WireLogging {

	private static final List<String> BODY_LOGGERS = List.of("org.apache.hc.client5.http.wire",
			"org.apache.http.wire");

	private static final String TLS_DEBUG = "javax.net.debug";

	private WireLogging() {
	}

	/**
	 * Return what may print response bodies now: the TLS debug system property when set, and the
	 * wire loggers enabled at DEBUG or TRACE.
	 * @return the names of the settings and loggers, empty when nothing prints bodies
	 */
	public static List<String> bodyPrinters() {
		List<String> printers = new ArrayList<>();
		if (System.getProperty(TLS_DEBUG) != null) {
			printers.add(TLS_DEBUG);
		}
		BODY_LOGGERS.stream().filter((name) -> LogFactory.getLog(name).isDebugEnabled()).forEach(printers::add);
		return printers;
	}

	/**
	 * Return the warning to log when something may print response bodies.
	 * @param printers what {@link #bodyPrinters()} found
	 * @return the warning
	 */
	public static String warning(List<String> printers) {
		return "AWS responses carry secret values, and " + printers + " may print them: turn "
				+ ((printers.size() == 1) ? "it" : "them") + " off where secrets must not reach the logs";
	}

}
