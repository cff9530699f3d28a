package io.github.memorydelay.pipeline;

import java.util.Objects;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.github.memorydelay.digest.EntryId;

/**
 * What makes two events the same entry: logger, level, unformatted message pattern,
 * throwable class chain and the throwing frame. Its {@link #id() id} names it in digests
 * and is the same in every JVM.
 */
public final class Fingerprint {

	// not final only for a probe, see set()

	private String logger;

	private Level level;

	private String pattern;

	private String throwableChain;

	private String throwingFrame;

	private int hash;

	/** Whether this is a probe, which is changed for each event and never stored. */
	private final boolean probe;

	private Fingerprint(String logger, Level level, String pattern, String throwableChain, String throwingFrame) {
		this.logger = logger;
		this.level = level;
		this.pattern = pattern;
		this.throwableChain = throwableChain;
		this.throwingFrame = throwingFrame;
		this.hash = hash(logger, level, pattern, throwableChain, throwingFrame);
		this.probe = false;
	}

	/** An empty fingerprint, to be {@link #read} into. */
	private Fingerprint(boolean probe) {
		this.level = Level.OFF;
		this.probe = probe;
	}

	/**
	 * A fingerprint to look events up with, one per thread: {@link #set} makes it that of
	 * an event without allocating, and {@link #stored()} gives a copy to keep.
	 * @return the probe
	 */
	static Fingerprint probe() {
		return new Fingerprint(true);
	}

	/**
	 * Makes this probe the fingerprint of an event.
	 * @param event the event
	 * @return this probe
	 */
	Fingerprint set(ILoggingEvent event) {
		if (!this.probe) {
			throw new IllegalStateException("Only a probe is set");
		}
		read(event);
		return this;
	}

	private void read(ILoggingEvent event) {
		IThrowableProxy throwable = event.getThrowableProxy();
		String chain = null;
		String frame = null;
		if (throwable != null) {
			chain = throwableChain(throwable);
			frame = throwingFrame(throwable);
		}
		this.logger = event.getLoggerName();
		this.level = event.getLevel();
		this.pattern = event.getMessage();
		this.throwableChain = chain;
		this.throwingFrame = frame;
		this.hash = hash(this.logger, this.level, this.pattern, chain, frame);
	}

	/**
	 * The fingerprint to keep in a buffer: this one, or a copy of a probe.
	 * @return the fingerprint
	 */
	Fingerprint stored() {
		return this.probe
				? new Fingerprint(this.logger, this.level, this.pattern, this.throwableChain, this.throwingFrame)
				: this;
	}

	// not Objects.hash: its varargs array and boxed level would be allocated for every
	// event, also for those that find the buffer full and are only counted
	private static int hash(String logger, Level level, String pattern, String throwableChain, String throwingFrame) {
		int hash = Objects.hashCode(logger);
		hash = 31 * hash + level.levelInt;
		hash = 31 * hash + Objects.hashCode(pattern);
		hash = 31 * hash + Objects.hashCode(throwableChain);
		return 31 * hash + Objects.hashCode(throwingFrame);
	}

	/**
	 * A fingerprint read back from the held buffer of an earlier run, see
	 * {@link HeldBuffer}.
	 */
	static Fingerprint restore(String logger, Level level, String pattern, String throwableChain,
			String throwingFrame) {
		return new Fingerprint(logger, level, pattern, throwableChain, throwingFrame);
	}

	String logger() {
		return this.logger;
	}

	Level level() {
		return this.level;
	}

	String pattern() {
		return this.pattern;
	}

	String throwableChain() {
		return this.throwableChain;
	}

	String throwingFrame() {
		return this.throwingFrame;
	}

	static Fingerprint of(ILoggingEvent event) {
		Fingerprint fingerprint = new Fingerprint(false);
		fingerprint.read(event);
		return fingerprint;
	}

	private static String throwingFrame(IThrowableProxy throwable) {
		StackTraceElementProxy[] frames = throwable.getStackTraceElementProxyArray();
		return (frames != null && frames.length > 0) ? frames[0].getSTEAsString() : null;
	}

	private static String throwableChain(IThrowableProxy throwable) {
		IThrowableProxy cause = throwable.getCause();
		if (cause == null) {
			return throwable.getClassName();
		}
		StringBuilder chain = new StringBuilder(throwable.getClassName());
		int depth = 0;
		while (cause != null && depth++ < 16) {
			chain.append(" < ").append(cause.getClassName());
			cause = cause.getCause();
		}
		return chain.toString();
	}

	/**
	 * The entry id: the first 64 bits of a SHA-256 hash of the fingerprint's strings, in
	 * base 36, padded to 13 characters of {@code [0-9a-z]}. It depends on nothing but
	 * those strings, so every instance, JVM and restart gives the same id. Computed when
	 * a digest is cut, not on the logging path.
	 * @return the id
	 */
	String id() {
		return EntryId.of(this.logger, this.level, this.pattern, this.throwableChain, this.throwingFrame);
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (!(obj instanceof Fingerprint other)) {
			return false;
		}
		return this.hash == other.hash && this.level.levelInt == other.level.levelInt
				&& Objects.equals(this.logger, other.logger) && Objects.equals(this.pattern, other.pattern)
				&& Objects.equals(this.throwableChain, other.throwableChain)
				&& Objects.equals(this.throwingFrame, other.throwingFrame);
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

}
