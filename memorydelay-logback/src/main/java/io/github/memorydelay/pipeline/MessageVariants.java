package io.github.memorydelay.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.memorydelay.digest.DigestEntry;

/**
 * The distinct messages of an entry whose events' messages differ (concatenated ones one
 * template masks, or one pattern with other arguments): how many, counted exactly up to
 * {@value #MAX} by a set of their hashes and then only as "more", and the last one
 * (beyond what is counted, a recent one). Made by the entry's first event whose message
 * differs from its first; safe on any number of threads at once: a message seen before
 * costs a hash and a read, a new one a short lock.
 * <p>
 * A message's hash is that of its unformatted text and of its arguments: strings, boxed
 * primitives and the other values whose text never changes by their value, any other
 * argument by its type alone, so that no code of the application runs to count it.
 */
final class MessageVariants {

	private static final VarHandle LAST_HASH;

	private static final VarHandle LAST;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			LAST_HASH = lookup.findVarHandle(MessageVariants.class, "lastHash", int.class);
			LAST = lookup.findVarHandle(MessageVariants.class, "last", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Distinct messages counted exactly; more are "more than this". */
	static final int MAX = DigestEntry.MAX_MESSAGES;

	/**
	 * The hashes seen, open addressing, {@code 0} for a free slot; {@code null} once
	 * full.
	 */
	private volatile int[] table = new int[16];

	private int size;

	private volatile int count;

	/**
	 * The hash of the last message; read and written opaquely (no fence), as
	 * {@link #last}: a reader may see an earlier last message, never a torn one.
	 */
	private int lastHash;

	/** The last message: its text, or what formats it ({@link Deferred}). */
	private Object last;

	/**
	 * Starts with the entry's first message.
	 * @param firstHash the hash of the first message
	 */
	MessageVariants(int firstHash) {
		insert(firstHash);
		this.lastHash = firstHash;
	}

	/**
	 * The hash of an event's message, never {@code 0}.
	 * @param event the event
	 * @return the hash
	 */
	static int hash(ILoggingEvent event) {
		String message = event.getMessage();
		int hash = (message != null) ? message.hashCode() : 0;
		Object[] arguments = event.getArgumentArray();
		if (arguments != null) {
			for (Object argument : arguments) {
				hash = 31 * hash + argumentHash(argument);
			}
		}
		return (hash != 0) ? hash : 1;
	}

	private static int argumentHash(Object argument) {
		if (argument == null) {
			return 0;
		}
		Class<?> type = argument.getClass();
		return (type == String.class || DeferredMessage.isImmutable(type)) ? argument.hashCode() : type.hashCode();
	}

	/**
	 * Counts a message.
	 * @param hash its {@link #hash}
	 * @param event its event, whose text is kept when it differs from the last one
	 * @param maxLength the longest message kept
	 */
	void add(int hash, ILoggingEvent event, int maxLength) {
		int[] hashes = this.table;
		// no fence on the logging thread, and beyond what is counted only one message in
		// 32 (by its hash) taken as the last: threads that log a flood of variants at
		// once would otherwise wait for each other's stores to one line
		if (hash != (int) LAST_HASH.getOpaque(this) && (hashes != null || (hash & 31) == 0)) {
			LAST_HASH.setOpaque(this, hash);
			LAST.setOpaque(this, lastOf(event, maxLength));
		}
		if (hashes == null || contains(hashes, hash)) {
			return;
		}
		synchronized (this) {
			if (this.table != null && !contains(this.table, hash)) {
				insert(hash);
			}
		}
	}

	/**
	 * Counts a message known by its text: another entry's first.
	 * @param hash its hash
	 * @param text its text
	 */
	void add(int hash, String text) {
		if (hash != (int) LAST_HASH.getOpaque(this)) {
			LAST_HASH.setOpaque(this, hash);
			LAST.setOpaque(this, text);
		}
		synchronized (this) {
			if (this.table != null && !contains(this.table, hash)) {
				insert(hash);
			}
		}
	}

	/**
	 * Counts the messages of another entry's variants.
	 * @param other the other's
	 */
	void addAll(MessageVariants other) {
		int[] hashes;
		synchronized (other) {
			hashes = (other.table != null) ? other.table.clone() : null;
		}
		synchronized (this) {
			if (hashes == null) {
				this.table = null;
				this.count = MAX + 1;
			}
			else {
				for (int hash : hashes) {
					if (hash != 0 && this.table != null && !contains(this.table, hash)) {
						insert(hash);
					}
				}
			}
		}
		Object theirs = LAST.getOpaque(other);
		if (theirs != null) {
			LAST_HASH.setOpaque(this, (int) LAST_HASH.getOpaque(other));
			LAST.setOpaque(this, theirs);
		}
	}

	/** Adds a hash not in the set; under the lock (or in the constructor). */
	private void insert(int hash) {
		if (this.size == MAX) {
			// more than can be counted: the set is let go
			this.table = null;
			this.count = MAX + 1;
			return;
		}
		int[] hashes = this.table;
		if ((this.size + 1) * 2 > hashes.length) {
			int[] larger = new int[hashes.length * 4];
			for (int old : hashes) {
				if (old != 0) {
					put(larger, old);
				}
			}
			hashes = larger;
		}
		put(hashes, hash);
		this.table = hashes;
		this.size++;
		this.count = this.size;
	}

	private static void put(int[] hashes, int hash) {
		int mask = hashes.length - 1;
		int i = mix(hash) & mask;
		while (hashes[i] != 0) {
			i = (i + 1) & mask;
		}
		hashes[i] = hash;
	}

	private static boolean contains(int[] hashes, int hash) {
		int mask = hashes.length - 1;
		int i = mix(hash) & mask;
		for (;;) {
			int at = hashes[i];
			if (at == hash) {
				return true;
			}
			if (at == 0) {
				return false;
			}
			i = (i + 1) & mask;
		}
	}

	private static int mix(int hash) {
		return hash ^ (hash >>> 16);
	}

	/**
	 * How many distinct messages were counted.
	 * @return the number, {@code MAX + 1} for more than {@value #MAX}
	 */
	long count() {
		return this.count;
	}

	/**
	 * The last message.
	 * @return its text, {@code null} when no message but the first was counted
	 */
	String last() {
		// read by the dispatcher after the writers of the buffer left it (see
		// InFlightWriters), which orders it after their stores
		Object last = LAST.getOpaque(this);
		if (last instanceof Deferred deferred) {
			return DeferredMessage.format(deferred.pattern(), deferred.arguments(), deferred.maxLength());
		}
		return (String) last;
	}

	private static Object lastOf(ILoggingEvent event, int maxLength) {
		Object[] arguments = DeferredMessage.arguments(event, maxLength);
		if (arguments != null) {
			return new Deferred(event.getMessage(), arguments, maxLength);
		}
		return DeferredMessage.truncate(event.getFormattedMessage(), maxLength);
	}

	/** A message formatted when it is first read, see {@link DeferredMessage}. */
	private record Deferred(String pattern, Object[] arguments, int maxLength) {
	}

}
