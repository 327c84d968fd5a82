package io.github.secretresolver.refresh.beans;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.secretresolver.SecretsRefreshedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindingPostProcessor;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Rebinds, with Spring Boot's own binding, the {@code @ConfigurationProperties} beans whose
 * properties a refresh changed, and only those: a bean unrelated to the change is never touched.
 * A bean is first bound into a fresh instance of its class, so that a value its validation refuses
 * leaves the bean as it was; then the bean itself is rebound in place, one property after the
 * other: a reader on another thread may see some properties new and others old for that moment.
 * Constructor-bound beans (records, {@code @ConstructorBinding}) cannot be rebound in place and
 * are left alone (see {@link RefreshReach}).
 * <p>
 * When Spring Cloud Context rebinds beans itself (its {@code configurationPropertiesRebinder}
 * bean exists), this does nothing, so that nothing is rebound twice.
 *
 * @author Secret Resolver contributors
 * @since 0.1.0
 */
public class ConfigurationPropertiesRebinder implements ApplicationListener<SecretsRefreshedEvent> {

	private static final Log logger = LogFactory.getLog(ConfigurationPropertiesRebinder.class);

	/**
	 * Name of Spring Cloud Context's rebinder, which rebinds every bean on a change.
	 */
	static final String SPRING_CLOUD_REBINDER = "configurationPropertiesRebinder";

	private final ConfigurableApplicationContext context;

	private final AtomicInteger rebound = new AtomicInteger();

	/**
	 * Create a new instance.
	 * @param context the application context whose beans are rebound
	 */
	public ConfigurationPropertiesRebinder(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public void onApplicationEvent(SecretsRefreshedEvent event) {
		if (this.context.containsBean(SPRING_CLOUD_REBINDER) || !this.context.isActive()) {
			return;
		}
		ConfigurationPropertiesBindingPostProcessor binding = this.context
			.getBean(ConfigurationPropertiesBindingPostProcessor.class);
		for (ConfigurationPropertiesBean bean : beansUsing(this.context, event.getChangedProperties())) {
			if (bean.asBindTarget().getBindMethod() != BindMethod.VALUE_OBJECT) {
				rebind(binding, bean);
			}
		}
	}

	private void rebind(ConfigurationPropertiesBindingPostProcessor binding, ConfigurationPropertiesBean bean) {
		Object target = AopProxyUtils.getSingletonTarget(bean.getInstance());
		Object instance = (target != null) ? target : bean.getInstance();
		Class<?> type = ClassUtils.getUserClass(instance);
		try {
			if (ClassUtils.hasConstructor(type)) {
				binding.postProcessBeforeInitialization(BeanUtils.instantiateClass(type), bean.getName());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Bean '" + bean.getName() + "' keeps its values: its refreshed properties could not be bound ("
					+ ex.getClass().getSimpleName() + ")");
			return;
		}
		binding.postProcessBeforeInitialization(instance, bean.getName());
		this.rebound.incrementAndGet();
		logger.debug("Rebound bean '" + bean.getName() + "' to refreshed values");
	}

	/**
	 * Return how many times a bean was rebound.
	 * @return the number of rebinds
	 */
	public int reboundCount() {
		return this.rebound.get();
	}

	/**
	 * Return the {@code @ConfigurationProperties} beans created so far whose prefix covers one of
	 * the given properties, or is covered by one of them.
	 * @param context the application context
	 * @param properties property names, in canonical form
	 * @return the beans
	 */
	static List<ConfigurationPropertiesBean> beansUsing(ApplicationContext context, Collection<String> properties) {
		List<ConfigurationPropertyName> names = properties.stream()
			.filter(ConfigurationPropertyName::isValid)
			.map(ConfigurationPropertyName::of)
			.toList();
		List<ConfigurationPropertiesBean> beans = new ArrayList<>();
		if (!(context instanceof ConfigurableApplicationContext configurable)) {
			return beans;
		}
		for (String name : context.getBeanNamesForAnnotation(ConfigurationProperties.class)) {
			if (!configurable.getBeanFactory().containsSingleton(name)) {
				// not created yet: it will bind the current values when it is
				continue;
			}
			ConfigurationPropertiesBean bean = get(context, name);
			if (bean != null && uses(bean, names)) {
				beans.add(bean);
			}
		}
		return beans;
	}

	private static @Nullable ConfigurationPropertiesBean get(ApplicationContext context, String name) {
		try {
			return ConfigurationPropertiesBean.get(context, context.getBean(name), name);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean uses(ConfigurationPropertiesBean bean, List<ConfigurationPropertyName> properties) {
		String prefix = bean.getAnnotation().prefix();
		if (!ConfigurationPropertyName.isValid(prefix)) {
			return false;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(prefix);
		return properties.stream()
			.anyMatch((property) -> name.equals(property) || name.isAncestorOf(property) || property.isAncestorOf(name));
	}

}
