package io.github.memorydelay.render;

import java.time.Duration;

/**
 * Durations as a person writes them, and as Spring Boot reads them: {@code 500ms},
 * {@code 30s}, {@code 1m}, {@code 1h 30m}, {@code 7d}.
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Formats a duration with its two largest units at most.
	 * @param duration the duration
	 * @return the text, {@code 0s} for zero
	 */
	public static String format(Duration duration) {
		if (duration.isNegative()) {
			return "-" + format(duration.negated());
		}
		if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
			return (duration.isZero()) ? "0s" : duration.toMillis() + "ms";
		}
		long[] amounts = { duration.toDays(), duration.toHoursPart(), duration.toMinutesPart(),
				duration.toSecondsPart() };
		String[] units = { "d", "h", "m", "s" };
		StringBuilder text = new StringBuilder();
		int shown = 0;
		for (int i = 0; i < amounts.length && shown < 2; i++) {
			if (amounts[i] > 0) {
				text.append((text.length() > 0) ? " " : "").append(amounts[i]).append(units[i]);
				shown++;
			}
			else if (shown > 0) {
				break;
			}
		}
		return text.toString();
	}

}
