package io.github.secretresolver.refresh.beans;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.secretresolver.SecretsRefreshedEvent;
import io.github.secretresolver.env.Placeholders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tells which beans a refresh does not reach: constructor-bound {@code @ConfigurationProperties}
 * beans (records, {@code @ConstructorBinding}), which cannot be rebound in place, and
 * {@code @Value} injections, which happen once. The {@code secrets} endpoint lists them per
 * reference, and a refresh that changes a property they read warns, naming them (never values).
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class RefreshReach implements ApplicationListener<SecretsRefreshedEvent>, SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(RefreshReach.class);

	private static final String FIX = "make it a JavaBean @ConfigurationProperties bean (rebound on refresh), a "
			+ "@RefreshScope bean (Spring Cloud Context), or read the property from the Environment when it is needed";

	private final ConfigurableApplicationContext context;

	private final ValueInjections injections;

	private final Function<Set<String>, Set<String>> reachedBy;

	private final Supplier<Set<String>> propertiesWithReferences;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * Create a new instance.
	 * @param context the application context
	 * @param injections the {@code @Value} injections of the context's beans
	 * @param reachedBy the properties a change of the given ones reaches (composed ones included)
	 * @param propertiesWithReferences the properties whose values use references
	 */
	public RefreshReach(ConfigurableApplicationContext context, ValueInjections injections,
			Function<Set<String>, Set<String>> reachedBy, Supplier<Set<String>> propertiesWithReferences) {
		this.context = context;
		this.injections = injections;
		this.reachedBy = reachedBy;
		this.propertiesWithReferences = propertiesWithReferences;
	}

	/**
	 * Say once, at startup, which beans read values from AWS once.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		Map<String, List<String>> notReached = notReached(this.propertiesWithReferences.get());
		if (!notReached.isEmpty()) {
			logger.info("These beans read values from AWS once, so a refresh will not reach them: " + notReached
					+ "; to see refreshed values, " + FIX);
		}
	}

	/**
	 * Return the beans that read one of the given properties (or a property composed from them)
	 * once, so that a refresh does not reach them.
	 * @param properties property names, in canonical form
	 * @return descriptions of the beans, by property
	 */
	public Map<String, List<String>> notReached(Set<String> properties) {
		Set<String> reached = this.reachedBy.apply(properties);
		Map<String, List<String>> notReached = new TreeMap<>();
		if (reached.isEmpty()) {
			// nothing holds a value from AWS (an application without references): no bean to look at
			return notReached;
		}
		notReached.putAll(this.injections.injecting(reached, Placeholders::canonical));
		for (ConfigurationPropertiesBean bean : ConfigurationPropertiesRebinder.beansUsing(this.context, reached)) {
			if (bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT) {
				ConfigurationPropertyName prefix = ConfigurationPropertyName.of(bean.getAnnotation().prefix());
				reached.stream()
					.filter(ConfigurationPropertyName::isValid)
					.filter((property) -> prefix.equals(ConfigurationPropertyName.of(property))
							|| prefix.isAncestorOf(ConfigurationPropertyName.of(property)))
					.forEach((property) -> notReached.computeIfAbsent(property, (name) -> new ArrayList<>())
						.add("bean '" + bean.getName() + "' (constructor-bound @ConfigurationProperties)"));
			}
		}
		return notReached;
	}

	@Override
	public void onApplicationEvent(SecretsRefreshedEvent event) {
		notReached(event.getChangedProperties()).forEach((property, beans) -> beans.forEach((bean) -> {
			if (this.warned.add(property + " " + bean)) {
				logger.warn("'" + property + "' changed, but " + bean
						+ " read it once and keeps the value it had; to see refreshed values, " + FIX);
			}
		}));
	}

}
