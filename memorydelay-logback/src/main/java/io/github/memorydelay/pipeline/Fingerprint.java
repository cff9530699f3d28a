package io.github.memorydelay.pipeline;

import java.util.Objects;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.github.memorydelay.digest.EntryId;
import io.github.memorydelay.digest.MessageTemplate;

/**
 * What makes two events the same entry: logger, level, message template (the unformatted
 * message with its variable parts masked, see {@link MessageTemplate}), throwable class
 * chain and the throwing frame. Its {@link #id() id} names it in digests and is the same
 * in every JVM.
 */
public final class Fingerprint {

	// not final only for a probe, see set()

	private String logger;

	private Level level;

	/**
	 * The message template; for a probe, the event's unformatted message until
	 * {@link #toTemplate()} masks it into {@link #template}.
	 */
	private String pattern;

	/**
	 * Whether a probe's template is in {@link #template} rather than {@link #pattern}.
	 */
	private boolean templated;

	/** Whether a probe's {@link #pattern} was found to be its own template. */
	private boolean checked;

	/** A probe's buffer for the template, reused for every event of its thread. */
	private final MessageTemplate template;

	private String throwableChain;

	private String throwingFrame;

	private int hash;

	/**
	 * Messages found to be their own template, by identity: an SLF4J pattern is a
	 * constant, the same string each time, so a pattern seen before is not masked again
	 * when it makes a new entry. Shared by all threads without a fence: a slot read stale
	 * only costs a mask; a reference is never torn.
	 */
	private static final String[] OWN_TEMPLATES = new String[16384];

	/** Whether this is a probe, which is changed for each event and never stored. */
	private final boolean probe;

	private Fingerprint(String logger, Level level, String pattern, String throwableChain, String throwingFrame) {
		this.logger = logger;
		this.level = level;
		this.pattern = pattern;
		this.throwableChain = throwableChain;
		this.throwingFrame = throwingFrame;
		this.hash = hash(logger, level, Objects.hashCode(pattern), throwableChain, throwingFrame);
		this.probe = false;
		this.checked = true;
		this.template = null;
	}

	/** An empty fingerprint, to be {@link #read} into. */
	private Fingerprint(boolean probe) {
		this.level = Level.OFF;
		this.probe = probe;
		this.template = probe ? new MessageTemplate() : null;
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
	 * Makes this probe the fingerprint of an event, with its unformatted message as it
	 * is: an event whose message is a template already (an SLF4J pattern that repeats) is
	 * found without its message being masked. Where it is not found,
	 * {@link #toTemplate()} masks it.
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
		String message = event.getMessage();
		this.pattern = this.probe ? message : MessageTemplate.of(message);
		this.templated = false;
		this.checked = !this.probe;
		this.throwableChain = chain;
		this.throwingFrame = frame;
		this.hash = hash(this.logger, this.level, Objects.hashCode(this.pattern), chain, frame);
	}

	/**
	 * Makes a probe set to an event's unformatted message that of its template, in the
	 * probe's buffer: one pass over the message, no allocation.
	 * @return whether the fingerprint changed, so that looking it up again may find what
	 * the message did not; {@code false} when the message is its own template, or the
	 * fingerprint is one already
	 */
	boolean toTemplate() {
		if (this.checked || this.templated) {
			return false;
		}
		this.checked = true;
		String message = this.pattern;
		if (message == null) {
			return false;
		}
		int slot = message.hashCode() & (OWN_TEMPLATES.length - 1);
		if (OWN_TEMPLATES[slot] == message) {
			// this very string was its own template before: an SLF4J pattern, which is
			// a constant
			return false;
		}
		if (!this.template.mask(message)) {
			OWN_TEMPLATES[slot] = message;
			return false;
		}
		this.templated = true;
		this.hash = hash(this.logger, this.level, this.template.templateHash(), this.throwableChain,
				this.throwingFrame);
		return true;
	}

	/**
	 * The fingerprint to keep in a buffer: this one, or a copy of a probe.
	 * @return the fingerprint
	 */
	Fingerprint stored() {
		if (!this.probe) {
			return this;
		}
		toTemplate();
		return new Fingerprint(this.logger, this.level, pattern(), this.throwableChain, this.throwingFrame);
	}

	// not Objects.hash: its varargs array and boxed level would be allocated for every
	// event, also for those that find the buffer full and are only counted
	private static int hash(String logger, Level level, int patternHash, String throwableChain, String throwingFrame) {
		int hash = Objects.hashCode(logger);
		hash = 31 * hash + level.levelInt;
		hash = 31 * hash + patternHash;
		hash = 31 * hash + Objects.hashCode(throwableChain);
		return 31 * hash + Objects.hashCode(throwingFrame);
	}

	/**
	 * A fingerprint read back from the held buffer of an earlier run, see
	 * {@link HeldBuffer}: an earlier version wrote the unformatted message, which is
	 * masked to its template.
	 */
	static Fingerprint restore(String logger, Level level, String pattern, String throwableChain,
			String throwingFrame) {
		return new Fingerprint(logger, level, MessageTemplate.of(pattern), throwableChain, throwingFrame);
	}

	String logger() {
		return this.logger;
	}

	Level level() {
		return this.level;
	}

	/**
	 * The message template.
	 * @return the template, {@code null} for an event without a message
	 */
	String pattern() {
		return this.templated ? this.template.toString() : this.pattern;
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
		return EntryId.of(this.logger, this.level, pattern(), this.throwableChain, this.throwingFrame);
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
				&& Objects.equals(this.logger, other.logger) && samePattern(other)
				&& Objects.equals(this.throwableChain, other.throwableChain)
				&& Objects.equals(this.throwingFrame, other.throwingFrame);
	}

	/** Whether the templates are the same, compared where they are: no allocation. */
	private boolean samePattern(Fingerprint other) {
		if (this.templated) {
			return other.templated ? sameChars(this.template, other.template)
					: this.template.contentEquals(other.pattern);
		}
		return other.templated ? other.template.contentEquals(this.pattern)
				: Objects.equals(this.pattern, other.pattern);
	}

	private static boolean sameChars(MessageTemplate one, MessageTemplate other) {
		if (one.length() != other.length()) {
			return false;
		}
		for (int i = 0; i < one.length(); i++) {
			if (one.charAt(i) != other.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

}
