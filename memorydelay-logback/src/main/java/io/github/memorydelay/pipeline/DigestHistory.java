package io.github.memorydelay.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import ch.qos.logback.core.spi.ContextAwareBase;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.StateFile;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;

/**
 * The fingerprints that delivered digests reported, by entry id, with when each was first
 * and last reported: what tells a new entry from a recurring one.
 * <p>
 * A fingerprint is remembered for {@code history} after the last digest that reported it,
 * and at most {@value #MAX_FINGERPRINTS} of them (those reported longest ago are
 * forgotten first), so the file stays under about 400 KB. It is kept in the spool folder
 * as {@value #FILE_NAME}, written after each delivered digest completely under a
 * temporary name and then renamed, so a restart keeps it and a crash never leaves half of
 * it. A file that cannot be read or written costs the marks, never a digest: entries are
 * marked new, and one warning says why.
 * <p>
 * Thread-safe; the dispatcher thread uses it, and the thread that stops the dispatcher.
 */
public final class DigestHistory extends ContextAwareBase {

	/** Name of the file in the spool folder. */
	public static final String FILE_NAME = "history.txt";

	/** Fingerprints remembered at most. */
	static final int MAX_FINGERPRINTS = 10_000;

	private static final String HEADER = "# memorydelay history: entry id, first reported, last reported (epoch ms)";

	private static final Pattern LINE = Pattern.compile("[0-9a-z]{8,16}\t[0-9]{1,15}\t[0-9]{1,15}");

	private final Duration history;

	/** The file in the spool folder, {@code null} to keep the history in memory only. */
	private final StateFile file;

	private final Clock clock;

	private final Map<String, Reported> reported = new HashMap<>();

	/**
	 * At most the earliest last report remembered, epoch milliseconds: while it is within
	 * the history, nothing is to be forgotten, and the map is not walked.
	 */
	private long oldestLast = Long.MAX_VALUE;

	private DigestHistory(Duration history, DigestSpool spool, Clock clock) {
		this.history = history;
		this.file = (spool != null) ? new StateFile(spool, FILE_NAME, this) : null;
		this.clock = clock;
	}

	/**
	 * A history that remembers nothing: every entry is new.
	 * @return the history
	 */
	public static DigestHistory off() {
		return new DigestHistory(Duration.ZERO, null, Clock.systemUTC());
	}

	/**
	 * A history kept in a spool folder, or in memory only without one. Read it with
	 * {@link #load()}.
	 * @param history how long a reported fingerprint is remembered, zero for
	 * {@link #off()}
	 * @param spool where the file is kept, {@code null} to keep the history in memory
	 * only
	 * @param clock the clock
	 * @return the history
	 */
	public static DigestHistory of(Duration history, DigestSpool spool, Clock clock) {
		if (history.isZero() || history.isNegative()) {
			return off();
		}
		return new DigestHistory(history, spool, clock);
	}

	/**
	 * Whether the history remembers anything.
	 * @return {@code false} when {@code history} is zero
	 */
	public boolean isOn() {
		return !this.history.isZero();
	}

	Path file() {
		return (this.file != null) ? this.file.path() : null;
	}

	/**
	 * Reads the file, if there is one. A damaged or unreadable file is left as it is, to
	 * be replaced with the next delivered digest; until then every entry is new.
	 */
	public synchronized void load() {
		this.reported.clear();
		this.oldestLast = Long.MAX_VALUE;
		if (this.file == null || !isOn()) {
			return;
		}
		try {
			List<String> lines = this.file.readLines();
			if (lines == null) {
				return;
			}
			Map<String, Reported> read = new HashMap<>();
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				if (!LINE.matcher(line).matches()) {
					throw new IOException("line " + (i + 1) + " is not an entry id and two times");
				}
				String[] fields = line.split("\t");
				read.put(fields[0], new Reported(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
			}
			this.reported.putAll(read);
			read.values().forEach((reported) -> this.oldestLast = Math.min(this.oldestLast, reported.last));
		}
		catch (IOException | RuntimeException ex) {
			this.file.warnOnce("The digest history " + this.file + " cannot be read (" + ex.getMessage()
					+ "); every entry is marked new until a digest is delivered and it is written again");
		}
	}

	/**
	 * Marks the entries whose fingerprint a digest delivered within the history reported
	 * as recurring.
	 * @param digest the digest, its entries all new
	 * @return the digest with its recurring entries marked
	 */
	public synchronized Digest mark(Digest digest) {
		if (!isOn() || this.reported.isEmpty()) {
			return digest;
		}
		long since = this.clock.millis() - this.history.toMillis();
		List<DigestEntry> marked = DigestAssembly.recurring(digest.entries(), (id) -> {
			Reported earlier = this.reported.get(id);
			return (earlier != null && earlier.last >= since) ? Instant.ofEpochMilli(earlier.first) : null;
		});
		return (marked != digest.entries()) ? digest.withEntries(marked) : digest;
	}

	/**
	 * Remembers the fingerprints of a digest that was delivered, and writes the file.
	 * @param digest the digest
	 */
	public synchronized void delivered(Digest digest) {
		if (!isOn() || digest.entries().isEmpty()) {
			return;
		}
		long now = this.clock.millis();
		long since = now - this.history.toMillis();
		for (DigestEntry entry : digest.entries()) {
			remember(entry.id(), now, since);
		}
		forget(since);
	}

	/**
	 * Remembers the entries of a digest delivered from the spool, known by their ids
	 * only.
	 * @param ids the ids of its entries
	 */
	public synchronized void delivered(Collection<String> ids) {
		if (!isOn() || ids.isEmpty()) {
			return;
		}
		long now = this.clock.millis();
		long since = now - this.history.toMillis();
		for (String id : ids) {
			remember(id, now, since);
		}
		forget(since);
	}

	private void remember(String id, long now, long since) {
		Reported earlier = this.reported.get(id);
		if (earlier == null) {
			this.reported.put(id, new Reported(now, now));
		}
		else {
			if (earlier.last < since) {
				// forgotten, but not yet taken out: reported anew
				earlier.first = now;
			}
			earlier.last = now;
		}
		this.oldestLast = Math.min(this.oldestLast, now);
	}

	/**
	 * Forgets what was last reported before the history, and the oldest beyond
	 * {@value #MAX_FINGERPRINTS}, then writes the file.
	 * @param since start of the history, epoch milliseconds
	 */
	private void forget(long since) {
		if (this.oldestLast < since) {
			// one walk: out with what is forgotten, and the oldest of the rest
			long earliest = Long.MAX_VALUE;
			for (Iterator<Reported> remembered = this.reported.values().iterator(); remembered.hasNext();) {
				long last = remembered.next().last;
				if (last < since) {
					remembered.remove();
				}
				else {
					earliest = Math.min(earliest, last);
				}
			}
			this.oldestLast = earliest;
		}
		if (this.reported.size() > MAX_FINGERPRINTS) {
			List<Map.Entry<String, Reported>> oldest = new ArrayList<>(this.reported.entrySet());
			oldest.sort(Comparator.comparingLong((Map.Entry<String, Reported> entry) -> entry.getValue().last));
			for (int i = 0; i < oldest.size() - MAX_FINGERPRINTS; i++) {
				this.reported.remove(oldest.get(i).getKey());
			}
		}
		write();
	}

	/**
	 * Fingerprints remembered now.
	 * @return the number of entry ids
	 */
	public synchronized int size() {
		return this.reported.size();
	}

	private void write() {
		if (this.file == null) {
			return;
		}
		StringBuilder out = new StringBuilder(64 + this.reported.size() * 42);
		out.append(HEADER).append('\n');
		this.reported.forEach((id, reported) -> out.append(id)
			.append('\t')
			.append(reported.first)
			.append('\t')
			.append(reported.last)
			.append('\n'));
		this.file.write(out.toString(), (ex) -> "The digest history " + this.file + " cannot be written (" + ex
				+ "); new and recurring entries are told apart until the application stops only");
	}

	@Override
	public String toString() {
		return "DigestHistory[" + this.history + ", " + this.file + "]";
	}

	/**
	 * When a fingerprint was first and last reported, epoch milliseconds; changed in
	 * place, under the history's lock.
	 */
	private static final class Reported {

		long first;

		long last;

		Reported(long first, long last) {
			this.first = first;
			this.last = last;
		}

	}

}
