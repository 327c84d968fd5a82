package io.github.secretresolver.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /shop}: which settings were resolved from AWS, shown safely. Values that are not
 * secret (host and database names, flags) are shown in full, user names as a short preview, and
 * secrets (passwords, keys, tokens) only by their length. The settings are bound from the
 * environment on every request, so a refreshed value shows at once. {@code GET /shop/db}: whether
 * the database accepts a query, with the credentials read from Secrets Manager.
 *
 * @author Secret Resolver contributors
 */
@RestController
public class ShopController {

	private static final String REFERENCE_PREFIX = "<<resolve:";

	/** The default written in application.yml for {@code shop.optional-setting}. */
	private static final String OPTIONAL_SETTING_DEFAULT = "fallback";

	private final Environment environment;

	private final JdbcTemplate jdbcTemplate;

	private final String appEnv;

	public ShopController(Environment environment, JdbcTemplate jdbcTemplate, @Value("${APP_ENV:demo}") String appEnv) {
		this.environment = environment;
		this.jdbcTemplate = jdbcTemplate;
		this.appEnv = appEnv;
	}

	@GetMapping("/shop/db")
	public ResponseEntity<Map<String, Object>> database() {
		Map<String, Object> body = new LinkedHashMap<>();
		try {
			body.put("connected", true);
			body.put("user", this.jdbcTemplate.queryForObject("SELECT CURRENT_USER()", String.class));
			return ResponseEntity.ok(body);
		}
		catch (DataAccessException ex) {
			body.put("connected", false);
			body.put("error", ex.getClass().getSimpleName());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
		}
	}

	@GetMapping("/shop")
	public Map<String, Object> shop() {
		ShopProperties shop = Binder.get(this.environment).bindOrCreate("shop", ShopProperties.class);
		ShopProperties.Db db = shop.db();
		ShopProperties.FeatureFlags flags = shop.featureFlags();
		List<Map<String, Object>> properties = new ArrayList<>();
		properties.add(describe("shop.db.host", "ssm", Exposure.FULL, db.host()));
		properties.add(describe("shop.db.name", "ssm", Exposure.FULL, db.name()));
		properties.add(describe("shop.db.jdbc-url", "ssm", Exposure.FULL, db.jdbcUrl()));
		properties.add(describe("shop.db.username", "secretsmanager", Exposure.PREVIEW, db.username()));
		properties.add(describe("shop.db.password", "secretsmanager", Exposure.LENGTH_ONLY, db.password()));
		properties.add(describe("shop.db.previous-password", "secretsmanager", Exposure.LENGTH_ONLY,
				db.previousPassword()));
		properties.add(describe("shop.db.pool-max", "secretsmanager", Exposure.FULL, String.valueOf(db.poolMax())));
		properties.add(describe("shop.payments-key", "ssm-secure", Exposure.LENGTH_ONLY, shop.paymentsKey()));
		properties.add(describe("shop.api-token", "secretsmanager", Exposure.LENGTH_ONLY, shop.apiToken()));
		properties.add(describe("shop.legacy-token", "kms", Exposure.LENGTH_ONLY, shop.legacyToken()));
		properties.add(describe("shop.feature-flags.latest", "ssm", Exposure.FULL, flags.latest()));
		properties.add(describe("shop.feature-flags.version1", "ssm", Exposure.FULL, flags.version1()));
		properties.add(describe("shop.feature-flags.stable", "ssm", Exposure.FULL, flags.stable()));
		Map<String, Object> optional = describe("shop.optional-setting", "ssm", Exposure.FULL,
				shop.optionalSetting());
		// The parameter does not exist, so the reference's "|default=fallback" applies.
		optional.put("usedDefault", OPTIONAL_SETTING_DEFAULT.equals(shop.optionalSetting()));
		properties.add(optional);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("appEnv", this.appEnv);
		body.put("allResolved",
				properties.stream().allMatch((property) -> Boolean.TRUE.equals(property.get("resolved"))));
		body.put("properties", properties);
		return body;
	}

	private static Map<String, Object> describe(String name, String from, Exposure exposure, String value) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("name", name);
		description.put("from", from);
		description.put("resolved", value != null && !value.contains(REFERENCE_PREFIX));
		description.put("length", (value != null) ? value.length() : 0);
		if (value != null) {
			switch (exposure) {
				case FULL -> description.put("value", value);
				case PREVIEW -> description.put("preview", preview(value));
				case LENGTH_ONLY -> description.put("secret", true);
			}
		}
		return description;
	}

	private static String preview(String value) {
		return value.substring(0, Math.min(2, value.length())) + "****";
	}

	private enum Exposure {

		/** Not secret: show the value. */
		FULL,

		/** Not secret but not for display either: show the first two characters. */
		PREVIEW,

		/** Secret: show nothing but the length. */
		LENGTH_ONLY

	}

}
