package io.github.memorydelay.logback;

import java.nio.charset.Charset;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.memorydelay.pipeline.Validation;
import io.github.memorydelay.policy.QuietHours;
import io.github.memorydelay.render.SubjectTemplate;

/**
 * Strict parsing of the text of the appender's options: a value that does not parse is an
 * error, never a default. Each method throws {@link IllegalArgumentException} with a
 * message that says what was expected. The rules a parsed value must meet are
 * {@link Validation}'s, shared with the Spring Boot starter.
 */
final class OptionParser {

	/**
	 * Spring Boot's simple form ({@code 500ms}, {@code 60s}, {@code 5m}); a bare number
	 * is milliseconds.
	 */
	private static final Pattern SIMPLE_DURATION = Pattern.compile("([-+]?\\d+)(ns|us|ms|s|m|h|d)?",
			Pattern.CASE_INSENSITIVE);

	/** A Logback conversion word: {@code %m}, {@code %-5level}, {@code %logger{20}}. */
	private static final Pattern LOGBACK_CONVERSION = Pattern.compile("%-?\\d*(\\.\\d+)?[a-zA-Z]");

	private static final String DURATION_FORMS = "a duration such as '60 seconds', '500 milliseconds', "
			+ "'5 minutes', '60s' or 'PT60S'";

	private OptionParser() {
	}

	/**
	 * A duration in Logback's forms, ISO-8601 or Spring Boot's simple form; whether it
	 * may be negative or zero is the setting's rule ({@link Validation}).
	 * @param value the text
	 * @return the duration
	 */
	static Duration duration(String value) {
		return parseDuration(text(value));
	}

	private static Duration parseDuration(String text) {
		char first = text.charAt(0);
		if (first == 'P' || first == 'p' || ((first == '-' || first == '+') && text.length() > 1
				&& Character.toUpperCase(text.charAt(1)) == 'P')) {
			try {
				return Duration.parse(text);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("not " + DURATION_FORMS);
			}
		}
		Matcher simple = SIMPLE_DURATION.matcher(text);
		if (simple.matches()) {
			try {
				long amount = Long.parseLong(simple.group(1));
				String unit = (simple.group(2) != null) ? simple.group(2).toLowerCase(Locale.ROOT) : "ms";
				return switch (unit) {
					case "ns" -> Duration.ofNanos(amount);
					case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofDays(amount);
				};
			}
			catch (ArithmeticException | NumberFormatException ex) {
				throw new IllegalArgumentException("the duration is too long");
			}
		}
		try {
			return Duration.ofMillis(ch.qos.logback.core.util.Duration.valueOf(text).getMilliseconds());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("not " + DURATION_FORMS);
		}
	}

	static int port(String value) {
		int number = integer(value);
		if (number < 1 || number > 65535) {
			throw new IllegalArgumentException("not a port number (1 to 65535)");
		}
		return number;
	}

	static int integer(String value) {
		try {
			return Integer.parseInt(text(value));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("not a whole number");
		}
	}

	static boolean bool(String value) {
		String text = text(value);
		if (text.equalsIgnoreCase("true")) {
			return true;
		}
		if (text.equalsIgnoreCase("false")) {
			return false;
		}
		throw new IllegalArgumentException("use true or false");
	}

	static Charset charset(String value) {
		String text = text(value);
		try {
			return Charset.forName(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("not a character set known to this JVM, such as UTF-8");
		}
	}

	/**
	 * Quiet-hours ranges: one, or several separated by commas.
	 * @param value the text
	 * @return the ranges, each checked
	 */
	/**
	 * A list: one element, or several separated by commas, none empty.
	 * @param value the option's text
	 * @return the elements
	 */
	static List<String> list(String value) {
		List<String> elements = new ArrayList<>();
		for (String element : text(value).split(",", -1)) {
			if (element.isBlank()) {
				throw new IllegalArgumentException("an element is empty; separate elements with one comma");
			}
			elements.add(element.strip());
		}
		return elements;
	}

	static List<String> quietHoursRanges(String value) {
		List<String> ranges = new ArrayList<>();
		for (String range : text(value).split(",", -1)) {
			if (range.isBlank()) {
				throw new IllegalArgumentException("a range is empty; separate ranges with one comma, as in '"
						+ QuietHours.EXAMPLE + ", SAT-SUN 00:00-24:00'");
			}
			ranges.add(range.strip());
		}
		return Validation.quietHoursRanges(ranges);
	}

	/**
	 * A subject template. A Logback conversion pattern, as {@code SMTPAppender}'s subject
	 * is, would be sent as it stands: it is refused, so that a migrated configuration
	 * says so instead of sending {@code %logger - %m}.
	 * @param value the template
	 * @return the template
	 */
	static String subject(String value) {
		String text = text(value);
		if (LOGBACK_CONVERSION.matcher(text).find()) {
			throw new IllegalArgumentException("a Logback pattern, but the subject is a template with the "
					+ "placeholders {app}, {host}, {events}, {entries}, {errors}, {warnings}, {level}, {trigger}, {first} "
					+ "and {counts}, such as '" + SubjectTemplate.DEFAULT + "'");
		}
		return Validation.subject(text);
	}

	/**
	 * The trimmed value.
	 * @param value the text
	 * @return the text without surrounding blanks, never empty
	 */
	static String text(String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("the value is empty");
		}
		return value.trim();
	}

}
