package io.github.memorydelay.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;

/**
 * When digests wait: ranges such as {@code MON-FRI 20:00-08:00} in a time zone. A range
 * that ends at or before its start crosses midnight: the part after midnight belongs to
 * the next day. Times are local times of the zone, so a range keeps its hours across a
 * daylight-saving change. During a range only an event at or above the bypass level
 * triggers a digest; the other triggers wait for its end.
 */
public final class QuietHours {

	/** No quiet hours. */
	public static final QuietHours NONE = new QuietHours(List.of(), ZoneId.of("UTC"), Level.ERROR, List.of());

	/** An example of the form of a range, for error messages. */
	public static final String EXAMPLE = "MON-FRI 20:00-08:00";

	private static final Pattern RANGE = Pattern
		.compile("([A-Za-z]{3})(?:-([A-Za-z]{3}))?\\s+(\\d{2}):(\\d{2})-(\\d{2}):(\\d{2})");

	private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

	private final List<Range> ranges;

	private final ZoneId zone;

	private final Level bypassLevel;

	private final List<String> texts;

	private QuietHours(List<Range> ranges, ZoneId zone, Level bypassLevel, List<String> texts) {
		this.ranges = ranges;
		this.zone = zone;
		this.bypassLevel = bypassLevel;
		this.texts = texts;
	}

	/**
	 * Parses ranges.
	 * @param ranges ranges of the form {@code DAYS HH:MM-HH:MM}, DAYS a day ({@code MON})
	 * or days ({@code MON-FRI}, {@code FRI-MON}), times from 00:00 to 24:00
	 * @param zone the zone of the ranges
	 * @param bypassLevel least level that triggers a digest during a range, {@code OFF}
	 * for none
	 * @return the quiet hours
	 * @throws IllegalArgumentException naming the range that is wrong
	 */
	public static QuietHours of(List<String> ranges, ZoneId zone, Level bypassLevel) {
		Objects.requireNonNull(zone, "zone");
		Objects.requireNonNull(bypassLevel, "bypassLevel");
		List<Range> parsed = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		for (String range : ranges) {
			parsed.add(parse(range));
			texts.add(range.strip());
		}
		return new QuietHours(List.copyOf(parsed), zone, bypassLevel, List.copyOf(texts));
	}

	private static Range parse(String text) {
		Matcher matcher = (text != null) ? RANGE.matcher(text.strip()) : null;
		if (matcher == null || !matcher.matches()) {
			throw new IllegalArgumentException("'" + text + "' is not of the form DAYS HH:MM-HH:MM");
		}
		int from = day(matcher.group(1), text);
		int to = (matcher.group(2) != null) ? day(matcher.group(2), text) : from;
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		for (int day = from;; day = (day + 1) % 7) {
			days.add(DayOfWeek.of(day + 1));
			if (day == to) {
				break;
			}
		}
		int start = minutes(matcher.group(3), matcher.group(4), text);
		int end = minutes(matcher.group(5), matcher.group(6), text);
		if (start == 24 * 60) {
			throw new IllegalArgumentException("'" + text + "' starts at 24:00; a range starts at 00:00 to 23:59");
		}
		if (start == end) {
			throw new IllegalArgumentException("'" + text + "' starts and ends at the same time");
		}
		return new Range(days, start, end);
	}

	private static int day(String name, String text) {
		int index = DAYS.indexOf(name.toUpperCase(Locale.ROOT));
		if (index < 0) {
			throw new IllegalArgumentException(
					"'" + text + "' has no day '" + name + "'; the days are MON, TUE, WED, THU, FRI, SAT and SUN");
		}
		return index;
	}

	private static int minutes(String hours, String minutes, String text) {
		int h = Integer.parseInt(hours);
		int m = Integer.parseInt(minutes);
		if (h > 24 || m > 59 || (h == 24 && m != 0)) {
			throw new IllegalArgumentException("'" + text + "' has a time that is not between 00:00 and 24:00");
		}
		return h * 60 + m;
	}

	/**
	 * Whether there is any range.
	 * @return {@code true} when digests may wait
	 */
	public boolean isOn() {
		return !this.ranges.isEmpty();
	}

	public ZoneId zone() {
		return this.zone;
	}

	public Level bypassLevel() {
		return this.bypassLevel;
	}

	/**
	 * The ranges as configured.
	 * @return the ranges
	 */
	public List<String> ranges() {
		return this.texts;
	}

	/**
	 * Whether an event of a level triggers a digest during a range.
	 * @param level the level of the event
	 * @return {@code true} at or above the bypass level
	 */
	public boolean bypasses(Level level) {
		return this.bypassLevel.levelInt != Level.OFF_INT && level.levelInt >= this.bypassLevel.levelInt;
	}

	/**
	 * When the quiet hours around a time end, ranges that follow one another without a
	 * gap taken as one.
	 * @param time the time
	 * @return the end, {@code null} when the time is not in a range
	 */
	public Instant quietUntil(Instant time) {
		Instant end = endOfRangeAt(time);
		if (end == null) {
			return null;
		}
		// ranges that follow one another, at most a fortnight of them
		for (int i = 0; i < 64; i++) {
			Instant next = endOfRangeAt(end);
			if (next == null || !next.isAfter(end)) {
				return end;
			}
			end = next;
		}
		return end;
	}

	private Instant endOfRangeAt(Instant time) {
		if (this.ranges.isEmpty()) {
			return null;
		}
		LocalDate today = time.atZone(this.zone).toLocalDate();
		Instant latest = null;
		for (LocalDate date = today.minusDays(1); !date.isAfter(today); date = date.plusDays(1)) {
			for (Range range : this.ranges) {
				if (!range.days.contains(date.getDayOfWeek())) {
					continue;
				}
				Instant start = at(date, range.start);
				Instant end = (range.end > range.start) ? at(date, range.end) : at(date.plusDays(1), range.end);
				if (!time.isBefore(start) && time.isBefore(end) && (latest == null || end.isAfter(latest))) {
					latest = end;
				}
			}
		}
		return latest;
	}

	/**
	 * A local time of a day in the zone; in a daylight-saving gap, the end of the gap.
	 */
	private Instant at(LocalDate date, int minutes) {
		if (minutes == 24 * 60) {
			return date.plusDays(1).atStartOfDay(this.zone).toInstant();
		}
		LocalDateTime local = LocalDateTime.of(date, LocalTime.of(minutes / 60, minutes % 60));
		ZoneOffsetTransition transition = this.zone.getRules().getTransition(local);
		if (transition != null && transition.isGap()) {
			return transition.getInstant();
		}
		return ZonedDateTime.of(local, this.zone).toInstant();
	}

	/**
	 * The quiet hours as start-up lines name them:
	 * {@code MON-FRI 20:00-08:00, SAT-SUN 00:00-24:00 (Europe/Berlin), bypass ERROR}.
	 * @return the description
	 */
	public String describe() {
		return String.join(", ", this.texts) + " (" + this.zone + "), bypass "
				+ (this.bypassLevel.equals(Level.OFF) ? "off" : this.bypassLevel);
	}

	@Override
	public String toString() {
		return "QuietHours[" + this.texts + ", " + this.zone + ", bypass " + this.bypassLevel + "]";
	}

	private record Range(Set<DayOfWeek> days, int start, int end) {
	}

}
