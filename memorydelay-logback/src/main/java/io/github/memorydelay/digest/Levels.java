package io.github.memorydelay.digest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;

/**
 * The levels an event can have, most severe first, and small helpers around them: the one
 * list of levels that counts per level, the store's columns and the metrics follow.
 */
public final class Levels {

	/** The levels an event can have, most severe first. */
	public static final List<Level> EVENT_LEVELS = List.of(Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG,
			Level.TRACE);

	private Levels() {
	}

	/**
	 * The index of a level in {@link #EVENT_LEVELS}.
	 * @param level an event's level
	 * @return the index
	 */
	public static int index(Level level) {
		switch (level.toInt()) {
			case Level.ERROR_INT:
				return 0;
			case Level.WARN_INT:
				return 1;
			case Level.INFO_INT:
				return 2;
			case Level.DEBUG_INT:
				return 3;
			default:
				return 4;
		}
	}

	static Level moreSevere(Level current, Level candidate) {
		return (current == null || candidate.toInt() > current.toInt()) ? candidate : current;
	}

	static Map<Level, Long> sortedCopy(Map<Level, Long> counts) {
		Map<Level, Long> sorted = new LinkedHashMap<>();
		for (Level level : EVENT_LEVELS) {
			Long count = counts.get(level);
			if (count != null && count > 0) {
				sorted.put(level, count);
			}
		}
		return sorted;
	}

	/**
	 * Counts per level index as a map, most severe first, without the zeros.
	 * @param countsByIndex counts, indexed as {@link #EVENT_LEVELS}
	 * @return the map
	 */
	public static Map<Level, Long> toMap(long[] countsByIndex) {
		Map<Level, Long> map = new LinkedHashMap<>();
		for (int i = 0; i < countsByIndex.length; i++) {
			if (countsByIndex[i] > 0) {
				map.put(EVENT_LEVELS.get(i), countsByIndex[i]);
			}
		}
		return map;
	}

}
