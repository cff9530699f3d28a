package io.github.memorydelay.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.DigestFleet;
import io.github.memorydelay.digest.Levels;
import io.github.memorydelay.digest.Timeline;
import io.github.memorydelay.digest.Trigger;

/**
 * Wording and formats shared by the text and HTML renderings, so that both say the same
 * thing.
 */
public final class DigestFormat {

	/** Instances named in a digest, per entry and in all: the others are counted. */
	private static final int MAX_INSTANCES = 8;

	private static final int MAX_INSTANCE_LENGTH = 64;

	private final DateTimeFormatter timeFormat;

	DigestFormat(ZoneId zone) {
		this.timeFormat = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx").withZone(zone);
	}

	String time(Instant instant) {
		return (instant != null) ? this.timeFormat.format(instant) : "";
	}

	static String duration(Duration duration) {
		long seconds = duration.getSeconds();
		if (seconds < 60) {
			return (seconds == 0 && duration.getNano() > 0) ? duration.toMillis() + " ms" : seconds + " s";
		}
		long hours = seconds / 3600;
		long minutes = (seconds % 3600) / 60;
		long rest = seconds % 60;
		return (hours > 0) ? hours + " h " + minutes + " min" : minutes + " min " + rest + " s";
	}

	static String reason(Trigger trigger) {
		switch (trigger) {
			case CAPACITY:
				return "the buffer reached its capacity of distinct entries";
			case LEVEL:
				return "an event at or above the flush level was logged";
			case DELAY:
				return "the delay after the first buffered event passed";
			case MANUAL:
				return "a flush was requested";
			default:
				return "the application is shutting down";
		}
	}

	/**
	 * What a digest that was held back says about it.
	 * @param digest the digest
	 * @return the sentence, {@code null} when the digest was not held back
	 */
	String held(Digest digest) {
		if (!digest.wasHeld()) {
			return null;
		}
		return "Held back since " + time(digest.heldSince()) + " because digests could not be delivered ("
				+ oneLine(digest.heldReason()) + "); everything logged meanwhile is in this digest.";
	}

	/**
	 * What the digest says about the fleet, {@code null} outside fleet mode.
	 */
	String fleet(Digest digest) {
		DigestFleet fleet = digest.fleet();
		if (fleet == null) {
			return null;
		}
		if (fleet.isAlone()) {
			return "The fleet store was unavailable since " + time(fleet.unavailableSince()) + " ("
					+ oneLine(fleet.unavailableReason()) + "); this digest holds the events of "
					+ oneLine(String.join(", ", fleet.instances())) + " only.";
		}
		List<String> instances = fleet.instances();
		StringBuilder line = new StringBuilder(counted(instances.size(), "instance", "instances"));
		for (int i = 0; i < instances.size() && i < MAX_INSTANCES; i++) {
			line.append((i == 0) ? ": " : ", ").append(oneLine(cap(instances.get(i))));
		}
		if (instances.size() > MAX_INSTANCES) {
			line.append(" and ").append(instances.size() - MAX_INSTANCES).append(" more");
		}
		return line.toString();
	}

	/**
	 * An entry's events per instance, {@code null} outside fleet mode.
	 */
	static String instances(Digest digest, DigestEntry entry) {
		DigestFleet fleet = digest.fleet();
		if (fleet == null || fleet.isAlone()) {
			return null;
		}
		Map<String, Long> counts = fleet.byEntry().get(entry.id());
		if (counts == null || counts.isEmpty()) {
			return null;
		}
		StringBuilder line = new StringBuilder();
		int shown = 0;
		for (Map.Entry<String, Long> count : new java.util.TreeMap<>(counts).entrySet()) {
			if (shown == MAX_INSTANCES) {
				line.append(" and ").append(counts.size() - MAX_INSTANCES).append(" more");
				break;
			}
			line.append((shown++ == 0) ? "" : ", ")
				.append(oneLine(cap(count.getKey())))
				.append(" x")
				.append(count.getValue());
		}
		return line.toString();
	}

	private static String cap(String instance) {
		return (instance.length() > MAX_INSTANCE_LENGTH) ? instance.substring(0, MAX_INSTANCE_LENGTH) + "..."
				: instance;
	}

	private static String oneLine(String text) {
		return text.replaceAll("\\p{Cntrl}|\u2028|\u2029", " ");
	}

	static String title(Digest digest) {
		return "Log digest #" + digest.sequence() + " from " + digest.application() + " on " + digest.host();
	}

	/**
	 * The digest's events in one line that adds up: {@code 6 events in 3 entries}, or,
	 * when some are not shown or silenced, {@code 306 events: 6 in 3 entries, 300
	 * silenced}; then per level.
	 */
	static String summary(Digest digest) {
		StringBuilder summary = new StringBuilder();
		summary.append(digest.events()).append(plural(digest.events(), " event", " events"));
		int entries = digest.entries().size();
		if (digest.notShownEvents() == 0 && digest.silenced() == 0) {
			summary.append(" in ").append(entries).append(plural(entries, " entry", " entries"));
		}
		else {
			StringJoiner parts = new StringJoiner(", ", ": ", "");
			if (entries > 0) {
				parts.add(digest.shownEvents() + " in " + entries + plural(entries, " entry", " entries"));
			}
			if (digest.notShownEvents() > 0) {
				parts.add(digest.notShownEvents() + " not shown");
			}
			if (digest.silenced() > 0) {
				parts.add(digest.silenced() + " silenced");
			}
			summary.append(parts);
		}
		StringJoiner perLevel = new StringJoiner(", ", " (", ")");
		perLevel.setEmptyValue("");
		for (Level level : Levels.EVENT_LEVELS) {
			long count = digest.events(level);
			if (count > 0) {
				perLevel.add(count + " " + level);
			}
		}
		summary.append(perLevel);
		return summary.toString();
	}

	static String silenced(Digest digest) {
		long silenced = digest.silenced();
		return silenced + plural(silenced, " silenced event is", " silenced events are") + " counted but not shown.";
	}

	static String notShown(Digest digest) {
		StringJoiner perLevel = new StringJoiner(", ");
		for (Map.Entry<Level, Long> entry : digest.notShown().entrySet()) {
			perLevel.add(entry.getValue() + " " + entry.getKey());
		}
		long total = digest.notShownEvents();
		return total + plural(total, " more event", " more events") + " (" + perLevel
				+ ") arrived while the buffer was full; they are counted but not shown.";
	}

	/**
	 * Entries in the order a digest shows them: most severe first, then new before
	 * recurring, then in the order they were first seen, so that the error a reader is
	 * looking for comes first.
	 */
	public static List<DigestEntry> inDigestOrder(List<DigestEntry> entries) {
		List<DigestEntry> sorted = new ArrayList<>(entries);
		sorted.sort(DIGEST_ORDER);
		return sorted;
	}

	static final Comparator<DigestEntry> DIGEST_ORDER = Comparator
		.comparingInt((DigestEntry entry) -> -entry.level().toInt())
		.thenComparing((DigestEntry entry) -> !entry.isNew())
		.thenComparing(DigestEntry::firstSeen);

	/**
	 * Errors and warnings in words, then less severe levels:
	 * {@code 2 errors, 1 warning, 4 info}.
	 */
	static String counts(Digest digest) {
		StringJoiner counts = new StringJoiner(", ");
		for (Level level : Levels.EVENT_LEVELS) {
			long count = digest.events(level);
			if (count == 0) {
				continue;
			}
			switch (level.toInt()) {
				case Level.ERROR_INT:
					counts.add(count + plural(count, " error", " errors"));
					break;
				case Level.WARN_INT:
					counts.add(count + plural(count, " warning", " warnings"));
					break;
				default:
					counts.add(count + " " + level.toString().toLowerCase(Locale.ROOT));
			}
		}
		if (counts.length() == 0) {
			return digest.events() + plural(digest.events(), " event", " events");
		}
		return counts.toString();
	}

	/** How many entries are new and how many recurring: {@code 1 new, 2 recurring}. */
	static String novelty(Digest digest) {
		int fresh = digest.newEntries();
		int recurring = digest.entries().size() - fresh;
		if (recurring == 0) {
			return (fresh == 1) ? "new" : "all " + fresh + " new";
		}
		if (fresh == 0) {
			return (recurring == 1) ? "recurring" : "all " + recurring + " recurring";
		}
		return fresh + " new, " + recurring + " recurring";
	}

	/**
	 * How many distinct messages an entry's events had, when they had more than one.
	 * @param entry the entry
	 * @return {@code 12 distinct messages, the last:}, {@code null} for one message
	 */
	static String messages(DigestEntry entry) {
		if (entry.messages() <= 1) {
			return null;
		}
		return entry.messagesText() + " distinct messages, the last:";
	}

	static String newOrRecurring(DigestEntry entry) {
		return entry.isNew() ? "new" : "recurring";
	}

	/**
	 * An entry's first line for a summary: one line (control characters and line
	 * separators become spaces), at most {@code max} characters.
	 */
	static String summaryLine(DigestEntry entry, int max) {
		return cut(SubjectTemplate.oneLine(firstLine(entry.message(), max + 1)), max);
	}

	/** The first line of a message, at most about {@code max} characters of it. */
	private static String firstLine(String message, int max) {
		int end = 0;
		int limit = Math.min(message.length(), max + 16);
		while (end < limit && message.charAt(end) != '\n' && message.charAt(end) != '\r') {
			end++;
		}
		return message.substring(0, end);
	}

	/** A line cut to {@code max} characters, an ellipsis marking the cut. */
	static String cut(String line, int max) {
		if (line.length() <= max) {
			return line;
		}
		int end = max - 1;
		if (Character.isHighSurrogate(line.charAt(end - 1))) {
			end--;
		}
		return line.substring(0, end) + "\u2026";
	}

	public static String strip(DigestEntry entry, Digest digest) {
		return entry.timeline().strip(digest.windowStart(), digest.windowEnd());
	}

	/** What one bar of the strip stands for: {@code each bar 11 s}. */
	static String barLength(Digest digest) {
		long millis = Math.max(1, digest.window().toMillis() + 1);
		return "each bar " + duration(Duration.ofMillis(Math.max(1, millis / Timeline.BARS)));
	}

	static String mdc(Map<String, String> mdc) {
		StringJoiner joiner = new StringJoiner(", ");
		mdc.forEach((key, value) -> joiner.add(key + "=" + value));
		return joiner.toString();
	}

	/**
	 * A count with its noun, as a person writes it: {@code 1 event}, {@code 2 events}.
	 * @param count the count
	 * @param one the noun for one
	 * @param many the noun for any other count
	 * @return the count and the noun
	 */
	public static String counted(long count, String one, String many) {
		return count + " " + plural(count, one, many);
	}

	static String plural(long count, String one, String many) {
		return (count == 1) ? one : many;
	}

}
