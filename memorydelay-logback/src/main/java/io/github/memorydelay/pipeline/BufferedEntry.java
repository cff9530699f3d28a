package io.github.memorydelay.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Timeline;

/**
 * An entry while it is in the buffer: the first occurrence captured once, then counted,
 * by any number of threads at once and without a lock.
 */
final class BufferedEntry {

	private static final VarHandle LAST_SEEN;

	private static final VarHandle TIMELINE;

	private static final VarHandle VARIANTS;

	/** The class of the maps {@link Collections#unmodifiableMap} returns. */
	private static final Class<?> UNMODIFIABLE_MAP = Collections.unmodifiableMap(new HashMap<>()).getClass();

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			LAST_SEEN = lookup.findVarHandle(BufferedEntry.class, "lastSeen", long.class);
			TIMELINE = lookup.findVarHandle(BufferedEntry.class, "timeline", TimelineRecorder.class);
			VARIANTS = lookup.findVarHandle(BufferedEntry.class, "variants", MessageVariants.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final long firstSeen;

	private final String thread;

	/**
	 * The message, formatted; {@code null} until {@link #message()} formats the
	 * {@link #pattern} with the {@link #arguments}. Not volatile, so that a new entry
	 * costs its logging thread no fence: a thread that does not see another's text
	 * formats the same text again, and a string is safe to share without one.
	 */
	private String message;

	/**
	 * The arguments of a message formatted when first read, see {@link DeferredMessage};
	 * {@code null} when it was formatted at once.
	 */
	private final Object[] arguments;

	/**
	 * The unformatted message of the first event, to format with the {@link #arguments};
	 * {@code null} when it was formatted at once.
	 */
	private final String pattern;

	/** The hash of the first event's message, see {@link MessageVariants#hash}. */
	private final int firstMessage;

	/**
	 * The distinct messages, made by the first event whose message differs from the first
	 * one's; {@code null} while all are the same.
	 */
	private volatile MessageVariants variants;

	/** The longest message kept, which a message formatted when first read is cut to. */
	private final int maxMessageLength;

	private final Map<String, String> mdc;

	private final String stackTrace;

	/** Time of the last event, epoch milliseconds; only grows. */
	private volatile long lastSeen;

	private final Fingerprint fingerprint;

	/** Where the entry's timeline starts, epoch milliseconds. */
	private final long origin;

	/**
	 * When the events came, and how many: the entry's count is its total. {@code null}
	 * while the entry has only the event it was captured with: made with its first
	 * duplicate, so that a new entry costs its logging thread one object less, and most
	 * entries of a digest that lists many distinct events have one event each.
	 */
	private volatile TimelineRecorder timeline;

	/** Order of arrival in the buffer. */
	private long index;

	/** The id, computed at most a few times (by threads that race), then kept. */
	private volatile String id;

	/**
	 * Whether the entry is silenced: it is not shown, its events were counted as
	 * silenced, and it stays in the buffer only so that later events of its fingerprint
	 * are counted without an id being computed for them. Changed only while no event is
	 * added to the buffer.
	 */
	private volatile boolean muted;

	/** When the silence of a muted entry ends, epoch milliseconds. */
	private volatile long mutedUntil;

	private BufferedEntry(Fingerprint fingerprint, long firstSeen, String thread, String message, String pattern,
			Object[] arguments, int firstMessage, int maxMessageLength, Map<String, String> mdc, String stackTrace,
			long origin, TimelineRecorder timeline) {
		this.fingerprint = fingerprint;
		this.pattern = pattern;
		this.firstMessage = firstMessage;
		this.firstSeen = firstSeen;
		// a plain write, without the fence of a volatile one: the entry reaches other
		// threads through the buffer's map, which publishes it safely
		LAST_SEEN.set(this, firstSeen);
		this.thread = thread;
		this.message = message;
		this.arguments = arguments;
		this.maxMessageLength = maxMessageLength;
		this.mdc = mdc;
		this.stackTrace = stackTrace;
		this.origin = origin;
		// plain, as lastSeen
		TIMELINE.set(this, timeline);
	}

	/**
	 * An entry read back from the held buffer of an earlier run, see {@link HeldBuffer}.
	 * Its timeline is spread evenly between first and last seen: the held buffer keeps
	 * counts, not times.
	 * @param fingerprint the entry's fingerprint, which gives it its level and logger
	 * @param entry the entry as it was read back
	 * @return the entry
	 */
	static BufferedEntry restore(Fingerprint fingerprint, DigestEntry entry) {
		Timeline timeline = Timeline.between(entry.firstSeen(), entry.lastSeen(), entry.count());
		BufferedEntry restored = new BufferedEntry(fingerprint, entry.firstSeen().toEpochMilli(), entry.thread(),
				entry.message(), null, null, entry.message().hashCode() | 1, 0, entry.mdc(), entry.stackTrace(),
				timeline.origin(), TimelineRecorder.of(timeline));
		restored.lastSeen = Math.max(restored.firstSeen, entry.lastSeen().toEpochMilli());
		return restored;
	}

	/**
	 * Counts the events of another entry of the same fingerprint into this one.
	 * @param other the other entry
	 */
	void absorb(BufferedEntry other) {
		seenAt(other.lastSeen);
		timeline().addAll(other.timeline());
		MessageVariants theirs = other.variants;
		if (theirs != null) {
			variants().addAll(theirs);
		}
		else if (other.firstMessage != this.firstMessage) {
			variants().add(other.firstMessage, other.message());
		}
	}

	/**
	 * The entry's recorder, made with the event the entry was captured with if it has
	 * none yet (by threads that race, the first to set it).
	 */
	private TimelineRecorder timeline() {
		TimelineRecorder recorder = this.timeline;
		if (recorder == null) {
			TimelineRecorder made = new TimelineRecorder(this.origin, this.firstSeen);
			recorder = (TimelineRecorder) TIMELINE.compareAndExchange(this, null, made);
			if (recorder == null) {
				recorder = made;
			}
		}
		return recorder;
	}

	Level level() {
		return this.fingerprint.level();
	}

	long firstSeen() {
		return this.firstSeen;
	}

	Fingerprint fingerprint() {
		return this.fingerprint;
	}

	/**
	 * Captures the first occurrence of an entry: what only the logging thread can tell
	 * (its name, its MDC) and what may change later (the text of mutable arguments) is
	 * taken now; the message is formatted when it is first read where it can be, see
	 * {@link DeferredMessage}.
	 * @param event the event
	 * @param fingerprint its fingerprint
	 * @param windowStart time of the first event of the buffer, where the entry's
	 * timeline starts
	 * @param settings the caps of message and stack trace
	 * @return the entry
	 */
	static BufferedEntry capture(ILoggingEvent event, Fingerprint fingerprint, long windowStart,
			DigestSettings settings) {
		String thread = event.getThreadName();
		Map<String, String> mdc = mdc(event);
		int maxMessageLength = settings.maxMessageLength();
		Object[] arguments = DeferredMessage.arguments(event, maxMessageLength);
		String message = (arguments != null) ? null
				: DeferredMessage.truncate(event.getFormattedMessage(), maxMessageLength);
		String stackTrace = StackTraces.render(event.getThrowableProxy(), settings.maxStackTraceLines(),
				settings.maxStackTraceLength());
		// no timeline recorder until the first duplicate
		return new BufferedEntry(fingerprint, event.getTimeStamp(), thread, message,
				(arguments != null) ? event.getMessage() : null, arguments, MessageVariants.hash(event),
				maxMessageLength, mdc, stackTrace, windowStart, null);
	}

	/**
	 * The event's MDC, sorted by key. One key (a trace id, say) is the most common case
	 * and needs no sorted map: Logback's own event's map of one key is kept as it is, as
	 * Logback's {@code AsyncAppender} keeps it, for it is unmodifiable and no one changes
	 * what it holds (Logback's MDC adapter makes a new one when the MDC changes, any
	 * other adapter a copy). Any other map is copied.
	 */
	private static Map<String, String> mdc(ILoggingEvent event) {
		Map<String, String> eventMdc = event.getMDCPropertyMap();
		if (eventMdc == null || eventMdc.isEmpty()) {
			return Collections.emptyMap();
		}
		if (eventMdc.size() == 1) {
			if (eventMdc.getClass() == UNMODIFIABLE_MAP && event.getClass() == LoggingEvent.class) {
				return eventMdc;
			}
			Map.Entry<String, String> only = eventMdc.entrySet().iterator().next();
			return Collections.singletonMap(only.getKey(), only.getValue());
		}
		return Collections.unmodifiableMap(new TreeMap<>(eventMdc));
	}

	/**
	 * Counts a duplicate. Safe on any number of threads at once.
	 * @param event the event
	 */
	void count(ILoggingEvent event) {
		long timestamp = event.getTimeStamp();
		timeline().add(timestamp);
		seenAt(timestamp);
		int message = MessageVariants.hash(event);
		MessageVariants counted = this.variants;
		if (counted != null) {
			counted.add(message, event, this.maxMessageLength);
		}
		else if (message != this.firstMessage) {
			variants().add(message, event, this.maxMessageLength);
		}
	}

	/**
	 * The entry's variants, made if it has none yet (by threads that race, the first to
	 * set them).
	 */
	private MessageVariants variants() {
		MessageVariants counted = this.variants;
		if (counted == null) {
			MessageVariants made = new MessageVariants(this.firstMessage);
			counted = (MessageVariants) VARIANTS.compareAndExchange(this, null, made);
			if (counted == null) {
				counted = made;
			}
		}
		return counted;
	}

	/**
	 * How many distinct messages the entry's events had.
	 * @return the number, more than {@value MessageVariants#MAX} for more than can be
	 * counted
	 */
	long messages() {
		MessageVariants counted = this.variants;
		return (counted != null) ? counted.count() : 1;
	}

	/**
	 * The message of the entry's last event whose message differed from the one before.
	 * @return the text, {@code null} while all messages are the first one
	 */
	String lastMessage() {
		MessageVariants counted = this.variants;
		return (counted != null) ? counted.last() : null;
	}

	private void seenAt(long timestamp) {
		// read first: duplicates of one millisecond do not write
		long last = this.lastSeen;
		while (timestamp > last && !LAST_SEEN.weakCompareAndSet(this, last, timestamp)) {
			last = this.lastSeen;
		}
	}

	long count() {
		return count(this.timeline);
	}

	/** The count of an entry with this recorder: without one, its captured event. */
	private static long count(TimelineRecorder recorder) {
		return (recorder != null) ? recorder.total() : 1;
	}

	long index() {
		return this.index;
	}

	void index(long index) {
		this.index = index;
	}

	/**
	 * The entry's id, computed once, when it is first asked for: never on the logging
	 * path.
	 * @return the id
	 */
	String id() {
		return id(null);
	}

	/**
	 * The entry's id, as {@link #id()}, taken from the ids of earlier digests when they
	 * have it.
	 * @param ids the ids known, {@code null} for none
	 * @return the id
	 */
	String id(KnownIds ids) {
		String known = this.id;
		if (known == null) {
			known = (ids != null) ? ids.id(this.fingerprint) : this.fingerprint.id();
			this.id = known;
		}
		return known;
	}

	/**
	 * A muted entry for a fingerprint whose first event came while it was silenced: only
	 * what names it is kept.
	 */
	static BufferedEntry muted(Fingerprint fingerprint, String id, long until, long time, long windowStart) {
		BufferedEntry entry = new BufferedEntry(fingerprint, time, "", "", null, null, 1, 0, Collections.emptyMap(), "",
				windowStart, new TimelineRecorder(windowStart));
		entry.id = id;
		entry.mute(until);
		return entry;
	}

	/**
	 * The id, when it is known already: that of a muted entry this one takes over from.
	 */
	void knownId(String known) {
		if (this.id == null) {
			this.id = known;
		}
	}

	boolean isMuted() {
		return this.muted;
	}

	long mutedUntil() {
		return this.mutedUntil;
	}

	void mute(long until) {
		this.muted = true;
		this.mutedUntil = until;
	}

	String logger() {
		return this.fingerprint.logger();
	}

	/**
	 * The message, formatted the first time it is read if it was not when captured (by
	 * threads that race, the same text more than once).
	 * @return the message
	 */
	String message() {
		String message = this.message;
		if (message == null) {
			message = DeferredMessage.format(this.pattern, this.arguments, this.maxMessageLength);
			this.message = message;
		}
		return message;
	}

	String thread() {
		return this.thread;
	}

	Map<String, String> mdc() {
		return this.mdc;
	}

	String stackTrace() {
		return this.stackTrace;
	}

	long lastSeen() {
		return this.lastSeen;
	}

	/**
	 * The entry as a digest shows it, now.
	 * @param ids the ids of earlier digests' entries, {@code null} for none
	 * @return the digest entry
	 */
	DigestEntry toDigestEntry(KnownIds ids) {
		TimelineRecorder recorder = this.timeline;
		Timeline snapshot = (recorder != null) ? recorder.snapshot()
				: TimelineRecorder.one(this.origin, this.firstSeen);
		return new DigestEntry(level(), logger(), count(recorder), Instant.ofEpochMilli(this.firstSeen),
				Instant.ofEpochMilli(this.lastSeen), this.thread, message(), this.mdc, this.stackTrace, id(ids),
				snapshot, null, messages(), lastMessage());
	}

}
