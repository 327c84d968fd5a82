package com.example.startup;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The application's configuration: every {@code bench.values.*} property.
 *
 * @author Secret Resolver contributors
 */
@ConfigurationProperties("bench")
public class BenchValues {

	private Map<String, String> values = new LinkedHashMap<>();

	public Map<String, String> getValues() {
		return this.values;
	}

	public void setValues(Map<String, String> values) {
		this.values = values;
	}

}
