package io.github.memorydelay.pipeline;

import java.util.function.Function;

/**
 * A setting whose value cannot work: what is wrong and how to fix it, in words that both
 * front ends share, the Spring Boot starter (property {@code memorydelay.min-interval})
 * and the Logback appender (option {@code <minInterval>}). A setting is named as its
 * property below {@code memorydelay.}; each front end renders that name its way, in the
 * reason and in the fix. The message is the Logback appender's wording.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String setting;

	private final transient Object value;

	private final transient Function<Function<String, String>, String> reason;

	private final transient Function<Function<String, String>, String> fix;

	/**
	 * @param setting the setting, as its property below {@code memorydelay.}
	 * @param value the value found, {@code null} when missing
	 * @param reason what is wrong, given how settings are named
	 * @param fix what to do, given how settings are named
	 */
	public InvalidSettingException(String setting, Object value, Function<Function<String, String>, String> reason,
			Function<Function<String, String>, String> fix) {
		super(describe(setting, value, reason, fix));
		this.setting = setting;
		this.value = value;
		this.reason = reason;
		this.fix = fix;
	}

	/**
	 * The setting, as its property below {@code memorydelay.}.
	 * @return the setting, such as {@code retry.max-interval}
	 */
	public String setting() {
		return this.setting;
	}

	/**
	 * The value found.
	 * @return the value, {@code null} when missing
	 */
	public Object value() {
		return this.value;
	}

	/**
	 * What is wrong with the value.
	 * @param name how a setting is named, given its property below {@code memorydelay.}
	 * @return the reason
	 */
	public String reason(Function<String, String> name) {
		return this.reason.apply(name);
	}

	/**
	 * What to do about it.
	 * @param name how a setting is named, given its property below {@code memorydelay.}
	 * @return the fix
	 */
	public String fix(Function<String, String> name) {
		return this.fix.apply(name);
	}

	/**
	 * What is wrong and what to do, in the words of {@code logback.xml}, with the value
	 * as it was written: this exception's message carries it for the value found.
	 * @param value the value as written
	 * @return the description, such as {@code option <capacity> has [0]: ...}
	 */
	public String describeOption(Object value) {
		return describe(this.setting, value, this.reason, this.fix);
	}

	private static String describe(String setting, Object value, Function<Function<String, String>, String> reason,
			Function<Function<String, String>, String> fix) {
		Function<String, String> name = (named) -> "<" + option(named) + ">";
		return "option " + name.apply(setting) + " has [" + value + "]: " + reason.apply(name) + ". " + fix.apply(name);
	}

	/**
	 * The name of a setting as an option of the Logback appender: the property in camel
	 * case.
	 * @param setting the property below {@code memorydelay.}, such as
	 * {@code retry.max-interval}
	 * @return the option, such as {@code retryMaxInterval}
	 */
	public static String option(String setting) {
		StringBuilder option = new StringBuilder(setting.length());
		boolean upper = false;
		for (char c : setting.toCharArray()) {
			if (c == '.' || c == '-') {
				upper = true;
			}
			else {
				option.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
				upper = false;
			}
		}
		return option.toString();
	}

}
