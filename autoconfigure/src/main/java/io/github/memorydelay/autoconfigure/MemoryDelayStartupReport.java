package io.github.memorydelay.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import io.github.memorydelay.pipeline.MemoryDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Tells at start what a user who set {@code memorydelay.*} properties needs to know when
 * the starter is not what they expect: a property under {@code memorydelay.} that the
 * starter does not know (with the closest one it does know), and why the starter stays
 * off although such properties are set.
 */
public class MemoryDelayStartupReport implements ApplicationListener<ApplicationStartedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(MemoryDelayStartupReport.class);

	private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName
		.of(MemoryDelayPropertiesMapper.PREFIX);

	/** Every property the starter binds, as {@code memorydelay.flush-level}. */
	static final Set<String> KNOWN = known(MemoryDelayProperties.class, MemoryDelayPropertiesMapper.PREFIX);

	@Override
	public void onApplicationEvent(ApplicationStartedEvent event) {
		ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
		String missingActuator = missingActuator(environment, event.getApplicationContext().getClassLoader());
		if (missingActuator != null) {
			logger.warn(missingActuator);
		}
		Set<String> set = propertiesSet(environment);
		if (set.isEmpty()) {
			return;
		}
		for (String name : set) {
			if (!isKnown(name)) {
				String closest = closest(name);
				if (closest != null) {
					logger.warn("Unknown property '{}' is ignored; did you mean '{}'?", name, closest);
				}
				else {
					logger.warn("Unknown property '{}' is ignored; the README's property table lists those there are.",
							name);
				}
			}
		}
		if (event.getApplicationContext().getBeanNamesForType(MemoryDelay.class, false, false).length == 0) {
			logger.warn("memorydelay is off: {}", whyOff(environment, event.getApplicationContext().getClassLoader()));
		}
	}

	/**
	 * What to say when the endpoint is exposed and there is no actuator to serve it.
	 * @param environment the environment
	 * @param classLoader the application's class loader
	 * @return the warning, {@code null} when there is nothing to say
	 */
	static String missingActuator(ConfigurableEnvironment environment, ClassLoader classLoader) {
		if (!exposesEndpoint(environment)
				|| ClassUtils.isPresent("org.springframework.boot.actuate.endpoint.annotation.Endpoint", classLoader)) {
			return null;
		}
		return "'management.endpoints.web.exposure.include' exposes memorydelay, but there is no actuator on the "
				+ "class path, so there is no endpoint: add spring-boot-starter-actuator.";
	}

	/** Whether the web exposure names the endpoint, by its id or by {@code *}. */
	private static boolean exposesEndpoint(ConfigurableEnvironment environment) {
		return Binder.get(environment)
			.bind("management.endpoints.web.exposure.include", Bindable.setOf(String.class))
			.map((include) -> include.contains("memorydelay") || include.contains("*"))
			.orElse(false);
	}

	/**
	 * Whether the starter binds a property, in any form the binder accepts
	 * ({@code memorydelay.flushLevel}, {@code MEMORYDELAY_FLUSHLEVEL},
	 * {@code memorydelay.flush-level}).
	 */
	private static boolean isKnown(String name) {
		ConfigurationPropertyName adapted = ConfigurationPropertyName.adapt(name, '.');
		for (String known : KNOWN) {
			if (ConfigurationPropertyName.of(known).equals(adapted)) {
				return true;
			}
		}
		return false;
	}

	/** Names of the {@code memorydelay.*} properties set, without list indexes. */
	static Set<String> propertiesSet(ConfigurableEnvironment environment) {
		Set<String> names = new TreeSet<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				iterable.filter(ROOT::isAncestorOf).forEach((name) -> names.add(withoutIndexes(name)));
			}
		}
		return names;
	}

	private static String withoutIndexes(ConfigurationPropertyName name) {
		StringBuilder result = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			if (name.isNumericIndex(i)) {
				continue;
			}
			if (result.length() > 0) {
				result.append('.');
			}
			result.append(name.getElement(i, ConfigurationPropertyName.Form.DASHED));
		}
		return result.toString();
	}

	private static String whyOff(ConfigurableEnvironment environment, ClassLoader classLoader) {
		if (!Binder.get(environment)
			.bind(MemoryDelayPropertiesMapper.PREFIX + ".enabled", Boolean.class)
			.orElse(true)) {
			return "memorydelay.enabled is false";
		}
		if (!ClassUtils.isPresent("org.springframework.mail.javamail.JavaMailSender", classLoader)
				|| !ClassUtils.isPresent("jakarta.mail.internet.MimeMessage", classLoader)) {
			return "there is no Spring mail support on the class path; add spring-boot-starter-mail";
		}
		// by name: this listener also runs where Logback is not on the class path
		if (!LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
			return "Logback is not the logging system (" + LoggerFactory.getILoggerFactory().getClass().getName() + ")";
		}
		if (!MemoryDelayPropertiesMapper.hasRecipients(environment)) {
			return "memorydelay.to is not set; set it to the addresses that should receive the digests";
		}
		return "a condition of MemoryDelayAutoConfiguration did not match (run with --debug to see which)";
	}

	/**
	 * The known property a mistyped name most likely meant: the closest by edit distance
	 * among those within a few edits of it, else one that shares a word of it
	 * ({@code memorydelay.quiet.zone} for {@code memorydelay.quiet-hours.zone}).
	 * @param name the unknown name
	 * @return the known name, {@code null} when none is close (a suggestion that is not
	 * close misleads more than none)
	 */
	static String closest(String name) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : KNOWN) {
			int distance = distance(name, candidate);
			if (distance < bestDistance && distance <= Math.max(2, candidate.length() / 8)) {
				best = candidate;
				bestDistance = distance;
			}
		}
		if (best != null) {
			return best;
		}
		Set<String> words = words(name);
		for (String candidate : KNOWN) {
			int distance = distance(name, candidate);
			if (distance < bestDistance && words(candidate).stream().anyMatch(words::contains)) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return best;
	}

	/** The words of a name after the prefix, of four letters or more. */
	private static Set<String> words(String name) {
		Set<String> words = new TreeSet<>();
		String rest = name.substring(Math.min(name.length(), MemoryDelayPropertiesMapper.PREFIX.length() + 1));
		for (String word : rest.toLowerCase(java.util.Locale.ROOT).split("[.\\-_]")) {
			if (word.length() >= 4) {
				words.add(word);
			}
		}
		return words;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	/**
	 * The property names of a properties class, nested groups (its own nested classes)
	 * included.
	 */
	private static Set<String> known(Class<?> type, String prefix) {
		Set<String> names = new TreeSet<>();
		List<Class<?>> nested = new ArrayList<>(List.of(MemoryDelayProperties.class.getDeclaredClasses()));
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String name = prefix + "." + dashed(field.getName());
			if (nested.contains(field.getType())) {
				names.addAll(known(field.getType(), name));
			}
			else {
				names.add(name);
			}
		}
		return names;
	}

	private static String dashed(String camelCase) {
		return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

}
