package io.github.memorydelay.render;

import java.util.List;

/**
 * The size budget of the HTML part: the tiers an entry's details are shortened through
 * when the part would not fit its bytes, and the rule that fits them. Gmail clips a
 * message above about 102 KB, so the HTML part keeps within
 * {@link DigestHtmlRenderer#MAX_BYTES}; the plain-text part always has every entry in
 * full.
 */
enum HtmlBudget {

	/** Message, MDC and stack trace in full. */
	FULL,

	/** The stack trace cut to {@value #SHORT_STACK_LINES} lines. */
	SHORT_STACK,

	/** The stack trace cut to its first line. */
	NO_STACK,

	/** And the message and MDC cut short. */
	SHORT_TEXT,

	/** The entry's head only: level, count, logger, thread, times. */
	HEAD,

	/** The details left out; the summary still lists the entry. */
	NONE;

	static final int SHORT_STACK_LINES = 10;

	private static final int ONE_LINE_STACK_CHARS = 200;

	private static final int SHORT_MESSAGE_LENGTH = 400;

	private static final int SHORT_MESSAGE_LINES = 6;

	private static final int SHORT_MDC_LENGTH = 60;

	private static final int SHORT_MDC_KEYS = 6;

	/**
	 * Whether the details show message, MDC and stack trace at this tier.
	 * @return {@code true} below {@link #HEAD}
	 */
	boolean showsBody() {
		return compareTo(HEAD) < 0;
	}

	/**
	 * Whether this tier shortens the stack trace only, so that it changes nothing for an
	 * entry without one.
	 * @return {@code true} for {@link #SHORT_STACK} and {@link #NO_STACK}
	 */
	boolean shortensStackOnly() {
		return this == SHORT_STACK || this == NO_STACK;
	}

	int messageChars() {
		return (compareTo(SHORT_TEXT) >= 0) ? SHORT_MESSAGE_LENGTH : Integer.MAX_VALUE;
	}

	int messageLines() {
		return (compareTo(SHORT_TEXT) >= 0) ? SHORT_MESSAGE_LINES : Integer.MAX_VALUE;
	}

	int mdcChars() {
		return (compareTo(SHORT_TEXT) >= 0) ? SHORT_MDC_LENGTH : Integer.MAX_VALUE;
	}

	int mdcKeys() {
		return (compareTo(SHORT_TEXT) >= 0) ? SHORT_MDC_KEYS : Integer.MAX_VALUE;
	}

	int stackChars() {
		return (compareTo(NO_STACK) >= 0) ? ONE_LINE_STACK_CHARS : Integer.MAX_VALUE;
	}

	int stackLines() {
		return (this == FULL) ? Integer.MAX_VALUE : (this == SHORT_STACK) ? SHORT_STACK_LINES : 1;
	}

	/**
	 * The details of one entry as the budget sees them.
	 */
	interface Part {

		/**
		 * The tier it is rendered at.
		 * @return the tier
		 */
		HtmlBudget tier();

		/**
		 * Its size, as UTF-8.
		 * @return the bytes
		 */
		int bytes();

		/**
		 * About its size at {@link #HEAD}, before it is rendered.
		 * @return the bytes
		 */
		int headEstimate();

		/**
		 * Renders it at a tier; {@link #NONE} leaves it out.
		 * @param tier the tier
		 */
		void render(HtmlBudget tier);

	}

	/**
	 * Fits the details of a digest into its room: first leaves out at once those that
	 * could not fit even as heads, so that thousands of entries are not rendered in full
	 * only to be left out; renders the others in full; then, while they do not fit,
	 * shortens them tier by tier, in the order given.
	 * @param parts the details, as shown
	 * @param shortenedFirst the same details, in the order they are shortened
	 * @param room the bytes they may take
	 */
	static void fit(List<? extends Part> parts, List<? extends Part> shortenedFirst, int room) {
		if (room <= 0) {
			for (Part part : parts) {
				part.render(NONE);
			}
			return;
		}
		long heads = 0;
		for (Part part : parts) {
			heads += part.headEstimate();
		}
		for (int i = 0; i < shortenedFirst.size() && heads > room; i++) {
			heads -= shortenedFirst.get(i).headEstimate();
			shortenedFirst.get(i).render(NONE);
		}
		long total = 0;
		for (Part part : parts) {
			if (part.tier() == FULL) {
				part.render(FULL);
				total += part.bytes();
			}
		}
		HtmlBudget[] tiers = values();
		for (int tier = SHORT_STACK.ordinal(); tier < tiers.length && total > room; tier++) {
			for (Part part : shortenedFirst) {
				if (total <= room) {
					break;
				}
				if (part.tier().compareTo(tiers[tier]) >= 0) {
					continue;
				}
				total -= part.bytes();
				part.render(tiers[tier]);
				total += part.bytes();
			}
		}
	}

	/**
	 * Bytes of a string as UTF-8, without encoding it.
	 * @param text the text
	 * @return the bytes
	 */
	static int bytes(String text) {
		int bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
