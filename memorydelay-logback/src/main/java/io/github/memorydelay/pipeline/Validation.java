package io.github.memorydelay.pipeline;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.policy.QuietHours;
import io.github.memorydelay.render.DigestLinks;
import io.github.memorydelay.render.SubjectTemplate;

/**
 * The rules a setting's value must meet, once for both front ends: the Spring Boot
 * starter checks its bound properties with them, the Logback appender its options. Each
 * rule returns the value when it can work and otherwise throws an
 * {@link InvalidSettingException} that says what is wrong and how to fix it; the front
 * end names the setting its way. Nothing falls back to a default silently.
 */
public final class Validation {

	/** The levels of Logback, as a message lists them. */
	public static final String LEVELS = "TRACE, DEBUG, INFO, WARN, ERROR or OFF";

	/** Per duration setting: an example, which is its default, and what 0 means. */
	private static final Map<String, String[]> DURATIONS = Map.of("delay",
			new String[] { "60s", "0 disables the delay trigger" }, "min-interval",
			new String[] { "1m", "0 sends every digest at once" }, "shutdown-timeout", new String[] { "10s", null },
			"history", new String[] { "7d", "0 marks every entry new" });

	private Validation() {
	}

	/**
	 * The capacity: more than 0.
	 * @param capacity the value
	 * @return the value
	 */
	public static int capacity(int capacity) {
		if (capacity <= 0) {
			throw new InvalidSettingException("capacity", capacity, (name) -> "the capacity must be greater than 0",
					(name) -> "Set " + name.apply("capacity")
							+ " to the number of distinct entries a digest may hold, for example 128, "
							+ "or remove it to use the default (128).");
		}
		return capacity;
	}

	/**
	 * A duration that may be 0 but not negative: {@code delay}, {@code min-interval},
	 * {@code shutdown-timeout} or {@code history}.
	 * @param setting the setting
	 * @param value the value
	 * @return the value
	 */
	public static Duration notNegative(String setting, Duration value) {
		if (value == null || value.isNegative()) {
			String[] example = DURATIONS.getOrDefault(setting, new String[] { "60s", null });
			throw new InvalidSettingException(setting, value, (name) -> "the duration must not be negative",
					(name) -> "Set " + name.apply(setting) + " to a duration such as " + example[0]
							+ ((example[1] != null) ? " (" + example[1] + ")" : "")
							+ ", or remove it to use the default (" + example[0] + ").");
		}
		return value;
	}

	/**
	 * The first retry wait: more than 0.
	 * @param initial the value
	 * @return the value
	 */
	public static Duration retryInitialInterval(Duration initial) {
		if (initial == null || initial.isNegative() || initial.isZero()) {
			throw new InvalidSettingException("retry.initial-interval", initial,
					(name) -> "the retry interval must be greater than 0",
					(name) -> "Set " + name.apply("retry.initial-interval")
							+ " to a positive duration such as 30s, or remove it to use the default (30s).");
		}
		return initial;
	}

	/**
	 * The longest retry wait: not shorter than the first.
	 * @param max the value
	 * @param initial the first retry wait
	 * @return the value
	 */
	public static Duration retryMaxInterval(Duration max, Duration initial) {
		if (max == null || max.compareTo(initial) < 0) {
			throw new InvalidSettingException("retry.max-interval", max,
					(name) -> "the longest retry wait must not be shorter than " + name.apply("retry.initial-interval")
							+ " (" + initial + ")",
					(name) -> "Set " + name.apply("retry.max-interval") + " to a duration of at least " + initial
							+ ", or remove it to use the default (1h).");
		}
		return max;
	}

	/**
	 * A level, by its name: one of Logback's; {@code FATAL}, which Logback does not have,
	 * is refused rather than taken as {@code ERROR}.
	 * @param setting the setting, such as {@code flush-level}
	 * @param value the level's name
	 * @param defaultLevel the default, for the fix
	 * @return the level
	 */
	public static Level level(String setting, String value, String defaultLevel) {
		String text = (value != null) ? value.trim() : "";
		Level level = text.equalsIgnoreCase("FATAL") ? null : Level.toLevel(text, null);
		if (level == null) {
			throw new InvalidSettingException(setting, value,
					(name) -> (text.equalsIgnoreCase("FATAL") ? "FATAL is not a level of Logback"
							: "it is not a level of Logback")
							+ "; the levels are TRACE, DEBUG, INFO, WARN, ERROR and OFF",
					(name) -> "Set " + name.apply(setting) + " to one of " + LEVELS + " (for example ERROR), "
							+ "or remove it to use the default (" + defaultLevel + ").");
		}
		return level;
	}

	/**
	 * The subject template: not empty, and only with the placeholders there are.
	 * @param template the value
	 * @return the value
	 */
	public static String subject(String template) {
		if (template == null || template.isBlank()) {
			throw new InvalidSettingException("subject", template, (name) -> "the subject template is empty",
					(name) -> "Set " + name.apply("subject") + " to a template such as '" + SubjectTemplate.DEFAULT
							+ "', or remove it to use the default.");
		}
		List<String> unknown = SubjectTemplate.unknownPlaceholders(template);
		if (!unknown.isEmpty()) {
			throw new InvalidSettingException("subject", template,
					(name) -> "the subject template has an unknown placeholder " + String.join(", ", unknown),
					(name) -> "Set " + name.apply("subject") + " to a template with only the placeholders "
							+ SubjectTemplate.PLACEHOLDERS.stream()
								.map((placeholder) -> "{" + placeholder + "}")
								.collect(Collectors.joining(", ", "[", "]"))
							+ ", for example '" + SubjectTemplate.DEFAULT + "', or remove it to use the default.");
		}
		return template;
	}

	/**
	 * A link template, {@code links.trace} or {@code links.source}: an absolute
	 * {@code http} or {@code https} URL with only the placeholders of its kind.
	 * @param setting {@code links.trace} or {@code links.source}
	 * @param template the value, {@code null} or empty for no link
	 * @return the value, {@code null} for no link
	 */
	public static String link(String setting, String template) {
		if (template == null || template.isBlank()) {
			return null;
		}
		boolean trace = setting.equals("links.trace");
		Set<String> placeholders = trace ? DigestLinks.TRACE_PLACEHOLDERS : DigestLinks.SOURCE_PLACEHOLDERS;
		String problem = DigestLinks.problem(template, placeholders);
		if (problem != null) {
			String example = trace ? "https://tempo.example.com/trace/{traceId}"
					: "https://github.com/acme/shop/blob/{commit}/src/main/java/{path}#L{line}";
			throw new InvalidSettingException(setting, template, (name) -> problem,
					(name) -> "Set " + name.apply(setting) + " to an absolute http or https URL with the placeholders "
							+ placeholders.stream()
								.sorted()
								.map((placeholder) -> "{" + placeholder + "}")
								.collect(Collectors.joining(", ", "[", "]"))
							+ ", such as '" + example + "', or remove it for no link.");
		}
		return template.trim();
	}

	/**
	 * Quiet-hours ranges, each of the form {@code DAYS HH:MM-HH:MM}.
	 * @param ranges the ranges
	 * @return the ranges
	 */
	public static List<String> quietHoursRanges(List<String> ranges) {
		try {
			QuietHours.of(ranges, ZoneOffset.UTC, Level.ERROR);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException("quiet-hours.ranges", String.join(", ", ranges),
					(name) -> ex.getMessage(),
					(name) -> "Set " + name.apply("quiet-hours.ranges")
							+ " to ranges of the form 'DAYS HH:MM-HH:MM', DAYS a day or days such as MON "
							+ "or MON-FRI and times from 00:00 to 24:00, for example '" + QuietHours.EXAMPLE
							+ "' or 'SAT-SUN 00:00-24:00' (a range may cross midnight), or remove it to have no "
							+ "quiet hours.");
		}
		return ranges;
	}

	/**
	 * The time zone of the quiet hours.
	 * @param zone its id
	 * @return the zone
	 */
	public static ZoneId zone(String zone) {
		try {
			return ZoneId.of((zone != null) ? zone.trim() : "");
		}
		catch (DateTimeException ex) {
			throw new InvalidSettingException("quiet-hours.zone", zone,
					(name) -> "it is not a time zone id (" + ex.getMessage() + ")",
					(name) -> "Set " + name.apply("quiet-hours.zone")
							+ " to a time zone id such as Europe/Berlin or UTC, or remove it to use the system's zone ("
							+ ZoneId.systemDefault() + ").");
		}
	}

}
