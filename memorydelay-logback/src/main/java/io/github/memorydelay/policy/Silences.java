package io.github.memorydelay.policy;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import ch.qos.logback.core.spi.ContextAwareBase;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.StateFile;

/**
 * The silences in force, by entry id. Kept in the spool folder as {@value #FILE_NAME},
 * written after each change completely under a temporary name and then renamed, as the
 * the digest history is, so that a restart keeps them and a crash never leaves half of
 * the file. A file that cannot be read costs the silences, never the start: one warning
 * says why, and no silence applies until one is set again.
 * <p>
 * Thread-safe. Looking a silence up takes no lock, for the logging threads.
 */
public final class Silences extends ContextAwareBase {

	/** Name of the file in the spool folder. */
	public static final String FILE_NAME = "silences.txt";

	/** Longest silence. */
	public static final Duration MAX_DURATION = Duration.ofDays(30);

	/** Silences held at most. */
	static final int MAX_SILENCES = 1000;

	/** What an entry id looks like: 8 to 16 characters of {@code [0-9a-z]}. */
	private static final Pattern ID = Pattern.compile("[0-9a-z]{8,16}");

	private static final String HEADER = "# memorydelay silences: entry id, until (epoch ms), comment";

	private static final Pattern LINE = Pattern.compile("[0-9a-z]{8,16}\t[0-9]{1,15}\t.*");

	private static final int MAX_COMMENT_LENGTH = 500;

	private final Clock clock;

	private final Map<String, Silence> silences = new ConcurrentHashMap<>();

	/** The file in the spool folder, {@code null} to keep silences in memory only. */
	private volatile StateFile file;

	public Silences(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Whether a string is a well-formed entry id.
	 * @param id the string
	 * @return {@code true} for 8 to 16 characters of {@code [0-9a-z]}
	 */
	public static boolean isWellFormed(String id) {
		return id != null && ID.matcher(id).matches();
	}

	/**
	 * Whether no silence is held, expired ones included: then nothing needs an entry id.
	 * @return {@code true} when there is none
	 */
	public boolean isEmpty() {
		return this.silences.isEmpty();
	}

	/**
	 * When the silence of an id ends, if one is in force.
	 * @param id the entry id
	 * @param now the time, epoch milliseconds
	 * @return the end, epoch milliseconds, 0 when it is not silenced
	 */
	public long until(String id, long now) {
		Silence silence = this.silences.get(id);
		if (silence == null) {
			return 0;
		}
		long until = silence.until().toEpochMilli();
		return (until > now) ? until : 0;
	}

	/**
	 * Silences an id, replacing the silence it had.
	 * @param id the entry id
	 * @param duration how long, positive and at most {@link #MAX_DURATION}
	 * @param comment why, {@code null} or blank for none
	 * @return the silence
	 * @throws IllegalArgumentException for a malformed id or a bad duration
	 */
	public synchronized Silence silence(String id, Duration duration, String comment) {
		if (!isWellFormed(id)) {
			throw new IllegalArgumentException(
					"'" + id + "' is not an entry id: an id has 8 to 16 characters of 0-9 and a-z");
		}
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("the duration must be positive, such as 2h, was " + duration);
		}
		if (duration.compareTo(MAX_DURATION) > 0) {
			throw new IllegalArgumentException("a silence lasts at most 30 days (30d), was " + duration);
		}
		prune();
		if (this.silences.size() >= MAX_SILENCES && !this.silences.containsKey(id)) {
			throw new IllegalArgumentException("there are already " + MAX_SILENCES + " silences");
		}
		String cleaned = clean(comment);
		Silence silence = new Silence(id, this.clock.instant().plus(duration), cleaned);
		this.silences.put(id, silence);
		write();
		return silence;
	}

	/**
	 * Ends the silence of an id.
	 * @param id the entry id
	 * @return the silence that ended, {@code null} if there was none in force
	 */
	public synchronized Silence end(String id) {
		Silence removed = this.silences.remove(id);
		if (removed != null) {
			write();
		}
		return (removed != null && removed.until().isAfter(this.clock.instant())) ? removed : null;
	}

	/**
	 * The silences in force, those that end first first.
	 * @return the silences
	 */
	public List<Silence> active() {
		Instant now = this.clock.instant();
		List<Silence> active = new ArrayList<>();
		for (Silence silence : this.silences.values()) {
			if (silence.until().isAfter(now)) {
				active.add(silence);
			}
		}
		active.sort(Comparator.comparing(Silence::until).thenComparing(Silence::id));
		return active;
	}

	private static String clean(String comment) {
		if (comment == null || comment.isBlank()) {
			return null;
		}
		// one line in the file: control characters and Unicode line breaks become spaces
		String cleaned = comment.strip().replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]", " ");
		return (cleaned.length() > MAX_COMMENT_LENGTH) ? cleaned.substring(0, MAX_COMMENT_LENGTH) : cleaned;
	}

	private void prune() {
		Instant now = this.clock.instant();
		this.silences.values().removeIf((silence) -> !silence.until().isAfter(now));
	}

	/**
	 * Reads the silences kept in a spool folder and keeps them there from now on.
	 * @param spool the spool, {@code null} to keep silences in memory only
	 */
	public synchronized void load(DigestSpool spool) {
		StateFile file = (spool != null) ? new StateFile(spool, FILE_NAME, this) : null;
		this.file = file;
		if (file == null) {
			return;
		}
		// the file is what holds: a damaged one leaves no silence in force
		this.silences.clear();
		try {
			List<String> lines = file.readLines();
			if (lines == null) {
				return;
			}
			List<Silence> read = new ArrayList<>();
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				if (!LINE.matcher(line).matches()) {
					throw new IOException("line " + (i + 1) + " is not an entry id, a time and a comment");
				}
				String[] fields = line.split("\t", 3);
				String comment = fields[2].isEmpty() ? null : fields[2];
				read.add(new Silence(fields[0], Instant.ofEpochMilli(Long.parseLong(fields[1])), comment));
			}
			for (Silence silence : read) {
				this.silences.put(silence.id(), silence);
			}
			prune();
		}
		catch (IOException | RuntimeException ex) {
			file.warnOnce("The silences file " + file + " cannot be read (" + ex.getMessage()
					+ "); no silence applies until one is set again, which writes the file anew");
		}
	}

	private void write() {
		StateFile current = this.file;
		if (current == null) {
			return;
		}
		prune();
		StringBuilder out = new StringBuilder(64 + this.silences.size() * 64);
		out.append(HEADER).append('\n');
		for (Silence silence : this.silences.values()) {
			out.append(silence.id())
				.append('\t')
				.append(silence.until().toEpochMilli())
				.append('\t')
				.append((silence.comment() != null) ? silence.comment() : "")
				.append('\n');
		}
		current.write(out.toString(), (ex) -> "The silences file " + current + " cannot be written (" + ex
				+ "); silences apply until the application stops only");
	}

}
