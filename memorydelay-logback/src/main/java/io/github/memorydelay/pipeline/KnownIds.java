package io.github.memorydelay.pipeline;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of the entries of the last digests, by fingerprint, so that an entry that comes
 * back digest after digest (a failure that recurs, a flood of distinct events) gets its
 * id without its fingerprint being hashed again: SHA-256 costs more than the rest of its
 * digest entry. The ids are then the same strings from digest to digest, which also makes
 * the history's lookups by id cheaper.
 * <p>
 * Safe on any number of threads. It keeps two generations, the one being filled and the
 * one before it, each of at most the buffer's capacity of ids (at least
 * {@value #MIN_GENERATION}); an id found in the older one moves to the newer.
 */
final class KnownIds {

	static final int MIN_GENERATION = 64;

	private final int generation;

	private volatile Map<Fingerprint, String> current = new ConcurrentHashMap<>();

	private volatile Map<Fingerprint, String> previous = Map.of();

	/**
	 * Ids for the entries of a buffer.
	 * @param capacity the buffer's capacity: the ids of one full digest fit in a
	 * generation
	 */
	KnownIds(int capacity) {
		this.generation = Math.max(MIN_GENERATION, capacity);
	}

	/**
	 * The id of a fingerprint, computed only if it is not known.
	 * @param fingerprint a stored fingerprint, not a {@link Fingerprint#probe() probe}
	 * @return its id
	 */
	String id(Fingerprint fingerprint) {
		Map<Fingerprint, String> current = this.current;
		String id = current.get(fingerprint);
		if (id != null) {
			return id;
		}
		id = this.previous.get(fingerprint);
		if (id == null) {
			id = fingerprint.id();
		}
		if (current.size() >= this.generation) {
			current = next(current);
		}
		current.put(fingerprint, id);
		return id;
	}

	private synchronized Map<Fingerprint, String> next(Map<Fingerprint, String> full) {
		if (this.current == full) {
			this.previous = full;
			this.current = new ConcurrentHashMap<>();
		}
		return this.current;
	}

	/**
	 * Ids known now, in both generations.
	 * @return the number of ids
	 */
	int size() {
		return this.current.size() + this.previous.size();
	}

}
