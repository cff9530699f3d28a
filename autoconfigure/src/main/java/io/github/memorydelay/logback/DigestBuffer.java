package io.github.memorydelay.logback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Distinct entries of the current digest, at most {@code capacity} of them. Duplicates are counted
 * into their entry; distinct events that find the buffer full are counted per level as not shown.
 * Not thread-safe: {@link DigestEngine} guards it.
 */
final class DigestBuffer {

	private final DigestSettings settings;

	private final Map<Fingerprint, BufferedEntry> entries;

	private final List<BufferedEntry> order;

	private final long[] notShown = new long[Levels.EVENT_LEVELS.size()];

	private long events;

	/** Time of the first event, epoch milliseconds: where the digest's window and its entries' timelines start. */
	private long windowStart;

	DigestBuffer(DigestSettings settings) {
		this.settings = settings;
		this.entries = new HashMap<>(Math.min(settings.capacity(), 1024) * 2);
		this.order = new ArrayList<>(Math.min(settings.capacity(), 1024));
	}

	static final int NEW_ENTRY = 0;

	static final int DUPLICATE = 1;

	static final int NOT_SHOWN = 2;

	/**
	 * Adds an event.
	 * @param fingerprint the event's fingerprint
	 * @param event the event
	 * @return {@link #NEW_ENTRY}, {@link #DUPLICATE} or {@link #NOT_SHOWN}
	 */
	int add(Fingerprint fingerprint, ILoggingEvent event) {
		if (this.events++ == 0) {
			this.windowStart = event.getTimeStamp();
		}
		BufferedEntry entry = this.entries.get(fingerprint);
		if (entry != null) {
			entry.count(event);
			return DUPLICATE;
		}
		if (this.order.size() < this.settings.capacity()) {
			entry = BufferedEntry.capture(event, fingerprint, this.windowStart, this.settings);
			this.entries.put(fingerprint, entry);
			this.order.add(entry);
			return NEW_ENTRY;
		}
		this.notShown[Levels.index(event.getLevel())]++;
		return NOT_SHOWN;
	}

	boolean isEmpty() {
		return this.events == 0;
	}

	boolean isFull() {
		return this.order.size() >= this.settings.capacity();
	}

	long events() {
		return this.events;
	}

	int entries() {
		return this.order.size();
	}

	long notShown() {
		long sum = 0;
		for (long count : this.notShown) {
			sum += count;
		}
		return sum;
	}

	List<DigestEntry> digestEntries() {
		List<DigestEntry> result = new ArrayList<>(this.order.size());
		for (BufferedEntry entry : this.order) {
			result.add(entry.toDigestEntry());
		}
		return result;
	}

	Map<Level, Long> notShownByLevel() {
		return Levels.toMap(this.notShown);
	}

}
