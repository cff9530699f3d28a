package io.github.memorydelay.render;

/**
 * The HTML text rules of the digest: escaping, and text that wraps in every mail client,
 * Outlook for Windows included, which ignores {@code white-space: pre-wrap} and
 * {@code word-break}: lines end with {@code <br>
 * }, runs of spaces are kept with no-break spaces and long runs without a space get
 * zero-width spaces where they may wrap.
 */
final class HtmlText {

	/**
	 * A place where a long run of characters may wrap: a zero-width space, which Outlook
	 * honours too.
	 */
	private static final char WRAP = '\u200B';

	/**
	 * Runs without a space longer than this get places to wrap: what fits a phone's width
	 * (375 px, about 45 characters of the monospaced text) keeps none, a longer run (a
	 * stack frame, a URL) wraps after its dots and other punctuation rather than inside
	 * an identifier, which {@code overflow-wrap} alone would do.
	 */
	private static final int LONG_RUN = 40;

	/** Characters of a long run after which punctuation may end a line. */
	private static final int WRAP_AFTER = 12;

	/** Characters of a long run without punctuation after which it may wrap anyway. */
	private static final int WRAP_ANYWAY = 40;

	/** Wrapping for the clients that honour it, breaking long runs anywhere if needed. */
	static final String WRAPPING = "word-break:break-word;overflow-wrap:anywhere;";

	private HtmlText() {
	}

	/**
	 * Appends escaped text that wraps in every mail client, Outlook for Windows included:
	 * line breaks become {@code <br>
	 * }, tabs and runs of spaces no-break spaces, and a long run without a space gets
	 * zero-width spaces after punctuation (or every {@value #WRAP_ANYWAY} characters)
	 * where it may wrap, when it is longer than {@value #LONG_RUN} characters. A stack
	 * frame's {@code at} stays with its frame.
	 * @param out where to append
	 * @param text the text, {@code null} for none
	 * @param maxChars characters kept, then an ellipsis
	 * @param maxLines lines kept, then a line that counts the others
	 * @return whether anything was cut
	 */
	static boolean append(StringBuilder out, String text, int maxChars, int maxLines) {
		if (text == null) {
			return false;
		}
		int lines = 1;
		int run = 0;
		boolean longRun = false;
		boolean lineStart = true;
		boolean space = false;
		int length = text.length();
		int limit = Math.min(length, maxChars);
		int i = 0;
		for (; i < limit; i++) {
			char c = text.charAt(i);
			if (c == '\r') {
				continue;
			}
			if (c == '\n') {
				if (lines == maxLines) {
					break;
				}
				lines++;
				out.append("<br>\n");
				lineStart = true;
				space = false;
				run = 0;
				continue;
			}
			if (lineStart && c == '\t' && text.startsWith("at ", i + 1)) {
				out.append("&nbsp;&nbsp;&nbsp;&nbsp;at&nbsp;");
				i += 3;
				longRun = runLength(text, i + 1, limit) > LONG_RUN;
				lineStart = false;
				space = false;
				run = 0;
				continue;
			}
			if (c == '\t') {
				out.append("&nbsp;&nbsp;&nbsp;&nbsp;");
				space = true;
				run = 0;
				lineStart = false;
				continue;
			}
			if (c == ' ') {
				// a space at the start of a line or after another would collapse
				out.append((lineStart || space || i + 1 == limit) ? "&nbsp;" : " ");
				space = true;
				run = 0;
				lineStart = false;
				continue;
			}
			if (lineStart || space) {
				longRun = runLength(text, i, limit) > LONG_RUN;
			}
			lineStart = false;
			space = false;
			escape(out, c);
			run++;
			if (longRun && ((run >= WRAP_AFTER && isWrapAfter(c)) || run >= WRAP_ANYWAY)
					&& !Character.isHighSurrogate(c) && i + 1 < limit) {
				out.append(WRAP);
				run = 0;
			}
		}
		if (i < length) {
			int rest = 0;
			for (int j = i; j < length; j++) {
				if (text.charAt(j) == '\n') {
					rest++;
				}
			}
			if (lines == maxLines && rest > 0) {
				out.append("<br>\n<i>&hellip; ")
					.append(rest)
					.append(DigestFormat.plural(rest, " more line", " more lines"))
					.append("</i>");
			}
			else {
				out.append("&hellip;");
			}
			return true;
		}
		return false;
	}

	private static int runLength(String text, int from, int limit) {
		int end = from;
		while (end < limit && " \t\n\r".indexOf(text.charAt(end)) < 0) {
			end++;
		}
		return end - from;
	}

	private static boolean isWrapAfter(char c) {
		switch (c) {
			case '.':
			case '/':
			case '$':
			case '(':
			case ',':
			case ';':
			case ':':
			case '=':
			case '-':
			case '_':
			case '&':
			case '?':
			case '\\':
				return true;
			default:
				return false;
		}
	}

	private static void escape(StringBuilder out, char c) {
		switch (c) {
			case '&':
				out.append("&amp;");
				break;
			case '<':
				out.append("&lt;");
				break;
			case '>':
				out.append("&gt;");
				break;
			case '"':
				out.append("&quot;");
				break;
			case '\'':
				out.append("&#39;");
				break;
			default:
				out.append((c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') ? '\uFFFD' : c);
		}
	}

	/**
	 * Escapes text for HTML element content and attribute values.
	 * @param text the text, may be {@code null}
	 * @return the escaped text
	 */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			String replacement;
			switch (c) {
				case '&':
					replacement = "&amp;";
					break;
				case '<':
					replacement = "&lt;";
					break;
				case '>':
					replacement = "&gt;";
					break;
				case '"':
					replacement = "&quot;";
					break;
				case '\'':
					replacement = "&#39;";
					break;
				case '\r':
					// CR LF is a line break like LF, as in the text part
					replacement = "";
					break;
				default:
					replacement = (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? "\uFFFD" : null;
			}
			if (replacement != null) {
				if (out == null) {
					out = new StringBuilder(text.length() + 16).append(text, 0, i);
				}
				out.append(replacement);
			}
			else if (out != null) {
				out.append(c);
			}
		}
		return (out != null) ? out.toString() : text;
	}

}
