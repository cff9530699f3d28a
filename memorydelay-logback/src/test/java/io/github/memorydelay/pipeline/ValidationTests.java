package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules of the settings, with one set of messages for both front ends: each names the
 * setting as the front end does, the Spring Boot property or the Logback option, in the
 * reason and in the fix.
 */
class ValidationTests {

	private static final Function<String, String> BOOT = (setting) -> "'memorydelay." + setting + "'";

	private static final Function<String, String> LOGBACK = (setting) -> "<" + InvalidSettingException.option(setting)
			+ ">";

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "capacity,capacity", "min-interval,minInterval", "retry.max-interval,retryMaxInterval",
			"quiet-hours.bypass-level,quietHoursBypassLevel", "flush-level,flushLevel", "to,to" })
	void aSettingIsAnOptionInCamelCase(String setting, String option) {
		assertThat(InvalidSettingException.option(setting)).isEqualTo(option);
	}

	@Test
	void capacityMustBePositiveAndTheFixNamesTheSettingForEachFrontEnd() {
		assertThat(Validation.capacity(1)).isOne();
		InvalidSettingException ex = invalid(() -> Validation.capacity(0));
		assertThat(ex.setting()).isEqualTo("capacity");
		assertThat(ex.value()).isEqualTo(0);
		assertThat(ex.reason(BOOT)).isEqualTo("the capacity must be greater than 0");
		assertThat(ex.fix(BOOT)).startsWith("Set 'memorydelay.capacity' to the number of distinct entries")
			.endsWith("or remove it to use the default (128).");
		assertThat(ex.fix(LOGBACK)).startsWith("Set <capacity> to the number of distinct entries");
	}

	@Test
	void durationsMayBeZeroButNotNegative() {
		assertThat(Validation.notNegative("delay", Duration.ZERO)).isZero();
		InvalidSettingException ex = invalid(() -> Validation.notNegative("min-interval", Duration.ofMinutes(-1)));
		assertThat(ex.fix(LOGBACK))
			.isEqualTo("Set <minInterval> to a duration such as 1m (0 sends every digest at once), "
					+ "or remove it to use the default (1m).");
	}

	@Test
	void retryWaitsArePositiveAndTheLongestNotShorterThanTheFirst() {
		invalid(() -> Validation.retryInitialInterval(Duration.ZERO));
		assertThat(Validation.retryMaxInterval(Duration.ofSeconds(30), Duration.ofSeconds(30)))
			.isEqualTo(Duration.ofSeconds(30));
		InvalidSettingException ex = invalid(
				() -> Validation.retryMaxInterval(Duration.ofSeconds(5), Duration.ofSeconds(10)));
		assertThat(ex.setting()).isEqualTo("retry.max-interval");
		assertThat(ex.reason(LOGBACK)).contains("<retryInitialInterval> (PT10S)");
		assertThat(ex.reason(BOOT)).contains("'memorydelay.retry.initial-interval' (PT10S)");
	}

	@Test
	void levelsAreLogbacksAndFatalIsRefused() {
		assertThat(Validation.level("flush-level", " warn ", "ERROR")).isEqualTo(Level.WARN);
		assertThat(Validation.level("flush-level", "OFF", "ERROR")).isEqualTo(Level.OFF);
		assertThat(invalid(() -> Validation.level("flush-level", "FATAL", "ERROR")).reason(BOOT))
			.startsWith("FATAL is not a level of Logback");
		InvalidSettingException ex = invalid(() -> Validation.level("level", "VERBOSE", "WARN"));
		assertThat(ex.fix(LOGBACK)).isEqualTo("Set <level> to one of TRACE, DEBUG, INFO, WARN, ERROR or OFF "
				+ "(for example ERROR), or remove it to use the default (WARN).");
	}

	@Test
	void subjectTemplatesHaveOnlyKnownPlaceholders() {
		assertThat(Validation.subject("[{app}] {counts}")).isEqualTo("[{app}] {counts}");
		invalid(() -> Validation.subject(" "));
		InvalidSettingException ex = invalid(() -> Validation.subject("[{app}] {nope}"));
		assertThat(ex.reason(BOOT)).endsWith("{nope}");
		assertThat(ex.fix(BOOT))
			.startsWith("Set 'memorydelay.subject' to a template with only the placeholders [{app},");
	}

	@Test
	void quietHoursRangesAndZonesAreChecked() {
		assertThat(Validation.quietHoursRanges(List.of("MON-FRI 20:00-08:00"))).hasSize(1);
		InvalidSettingException ranges = invalid(() -> Validation.quietHoursRanges(List.of("MON-FRI 25:00-08:00")));
		assertThat(ranges.reason(BOOT)).contains("MON-FRI 25:00-08:00");
		assertThat(ranges.fix(LOGBACK)).startsWith("Set <quietHoursRanges> to ranges of the form 'DAYS HH:MM-HH:MM'");
		assertThat(Validation.zone(" Europe/Berlin ").getId()).isEqualTo("Europe/Berlin");
		assertThat(invalid(() -> Validation.zone("Mars/Olympus")).fix(BOOT))
			.startsWith("Set 'memorydelay.quiet-hours.zone' to a time zone id");
	}

	private static InvalidSettingException invalid(Runnable rule) {
		return assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(rule::run).actual();
	}

}
