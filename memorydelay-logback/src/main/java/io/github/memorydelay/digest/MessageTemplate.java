package io.github.memorydelay.digest;

/**
 * The template of a log message: the message with its variable parts masked, so that one
 * problem is one entry however its message was built. Masked, each by {@value #MASK}:
 * numbers (integers, decimals, signed, with units glued on such as {@code 1840ms}, hex
 * such as {@code 0x1F}), UUIDs and hexadecimal strings of 8 characters or more with a
 * digit, text in single or double quotes (the quotes stay), e-mail addresses, IPv4 and
 * IPv6 addresses with an optional port, URLs, and ISO-8601 dates and times. Words are
 * never masked: a variable part starts where a word does not go on (after a space or a
 * punctuation mark), so {@code log4j}, {@code ipv6} or {@code utf8} stay as they are, and
 * a part glued to a word's end is not masked either.
 * <p>
 * An SLF4J placeholder {@code {}} is a masked part already (with a unit glued on, it is
 * the placeholder alone), so {@code "Rejected row " + 17 + ": quantity 'ten'"} and
 * {@code "Rejected row {}: quantity '{}'"} have one template. Masking a template gives it
 * again.
 * <p>
 * One pass over the characters, with no regular expression; an instance keeps the last
 * template it made in a buffer of its own that it reuses, so that one per thread masks
 * messages without allocating (the class is not thread-safe; {@link #of(String)} is).
 */
public final class MessageTemplate {

	private static final int[] UUID_GROUPS = { 8, 4, 4, 4, 12 };

	private static final int WORD = 1;

	private static final int HEX = 2;

	private static final int DIGIT = 4;

	private static final int LETTER = 8;

	/** What each ASCII character is: a table, read once per character. */
	private static final byte[] KINDS = new byte[128];

	static {
		for (char c = 0; c < 128; c++) {
			int kind = 0;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
				kind |= WORD | LETTER;
			}
			if (c >= '0' && c <= '9') {
				kind |= WORD | DIGIT | HEX;
			}
			if (c == '_') {
				kind |= WORD;
			}
			if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
				kind |= HEX;
			}
			KINDS[c] = (byte) kind;
		}
	}

	/** What a variable part becomes. */
	public static final String MASK = "{}";

	/**
	 * The template, made with the first message masked (a thread that never masks has
	 * none).
	 */
	private char[] chars = new char[0];

	/**
	 * The message's characters, copied at once: reading an array costs less than
	 * {@code charAt}.
	 */
	private char[] input = new char[0];

	private int length;

	private int hash;

	/** Whether the last template differs from its message. */
	private boolean changed;

	/**
	 * The template of a message.
	 * @param message the message, {@code null} for none
	 * @return its template, the message itself when nothing in it is masked
	 */
	public static String of(String message) {
		if (message == null) {
			return null;
		}
		MessageTemplate template = new MessageTemplate();
		return template.mask(message) ? template.toString() : message;
	}

	/**
	 * Makes this the template of a message, in this instance's buffer.
	 * @param message the message
	 * @return whether anything was masked: {@code false} when the template is the message
	 * itself
	 */
	public boolean mask(String message) {
		this.length = 0;
		this.changed = false;
		int n = message.length();
		if (this.input.length < n) {
			this.input = new char[n + 16];
		}
		// a masked part of one character becomes at most three more: room for all
		if (this.chars.length < 2 * n + 8) {
			this.chars = new char[2 * n + 16];
		}
		char[] in = this.input;
		message.getChars(0, n, in, 0);
		char[] out = this.chars;
		// the template's length and hash (String.hashCode's), kept in locals while the
		// characters are copied, in the fields while a masked part is written
		int len = 0;
		int h = 0;
		int i = 0;
		while (i < n) {
			char c = in[i];
			if (c == '{' && i + 1 < n && in[i + 1] == '}') {
				// a placeholder, with what is glued to it
				int end = wordEnd(in, i + 2, n);
				this.length = len;
				this.hash = h;
				masked(in, i, end, (char) 0);
				len = this.length;
				h = this.hash;
				i = end;
				continue;
			}
			boolean starts = i == 0 || !blocksPart(in[i - 1]);
			if (isWordChar(c)) {
				if (!starts) {
					out[len++] = c;
					h = 31 * h + c;
					i++;
					continue;
				}
				// a word or a part starts: copied while it is read, which says whether
				// it can be a part
				int start = i;
				int copied = len;
				int hashCopied = h;
				boolean hex = true;
				boolean digit = false;
				do {
					char d = in[i];
					out[len++] = d;
					h = 31 * h + d;
					hex &= isHex(d);
					digit |= isDigit(d);
					i++;
				}
				while (i < n && isWordChar(in[i]));
				char next = (i < n) ? in[i] : ' ';
				int end = -1;
				if (isDigit(c)) {
					end = fromDigit(in, start, i, next, n);
				}
				else if (isLetter(c)) {
					end = fromLetter(in, start, i, next, hex, digit, n);
				}
				if (end > 0) {
					this.length = copied;
					this.hash = hashCopied;
					masked(in, start, end, (char) 0);
					len = this.length;
					h = this.hash;
					i = end;
				}
				continue;
			}
			int end = -1;
			if (starts && (c == '\'' || c == '"')) {
				end = quoted(in, i, n);
			}
			else if (starts && (c == '-' || c == '+' || c == ':' || c == '[')) {
				end = fromPunctuation(in, i, n);
			}
			if (end > 0) {
				this.length = len;
				this.hash = h;
				masked(in, i, end, (c == '\'' || c == '"') ? c : (char) 0);
				len = this.length;
				h = this.hash;
				i = end;
				continue;
			}
			out[len++] = c;
			h = 31 * h + c;
			i++;
		}
		this.length = len;
		this.hash = h;
		return this.changed;
	}

	/**
	 * The length of the last template.
	 * @return the number of characters
	 */
	public int length() {
		return this.length;
	}

	/**
	 * A character of the last template.
	 * @param index its index, below {@link #length()}
	 * @return the character
	 */
	public char charAt(int index) {
		return this.chars[index];
	}

	/**
	 * The hash of the last template, the one {@link String#hashCode()} gives its text.
	 * @return the hash
	 */
	public int templateHash() {
		return this.hash;
	}

	/**
	 * Whether the last template is a text.
	 * @param text the text, {@code null} for none
	 * @return {@code true} when it has the same characters
	 */
	public boolean contentEquals(String text) {
		if (text == null || text.length() != this.length) {
			return false;
		}
		for (int i = 0; i < this.length; i++) {
			if (text.charAt(i) != this.chars[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The last template.
	 * @return its text
	 */
	@Override
	public String toString() {
		return new String(this.chars, 0, this.length);
	}

	private void masked(char[] message, int start, int end, char quote) {
		int before = this.length;
		if (quote != 0) {
			put(quote);
			put('{');
			put('}');
			put(quote);
		}
		else {
			put('{');
			put('}');
		}
		if (!this.changed) {
			int written = this.length - before;
			boolean same = written == end - start;
			for (int i = 0; same && i < written; i++) {
				same = message[start + i] == this.chars[before + i];
			}
			this.changed = !same;
		}
	}

	private void put(char c) {
		// mask() made room for the longest template
		this.chars[this.length++] = c;
		this.hash = 31 * this.hash + c;
	}

	/**
	 * Whether a character before a position keeps a variable part from starting there: a
	 * word's ({@code 17} in {@code row17} is not a number), or a masked part's last,
	 * {@code }}.
	 */
	private static boolean blocksPart(char before) {
		return isWordChar(before) || before == '}';
	}

	/**
	 * The end of a quoted text that starts here: after the same quote, which is followed
	 * by no word character (so that the apostrophe of {@code don't} inside does not end
	 * it), {@code -1} when there is none.
	 */
	private static int quoted(char[] message, int start, int n) {
		char quote = message[start];
		for (int i = start + 1; i < n; i++) {
			char c = message[i];
			if (c == quote && (i + 1 == n || !isWordChar(message[i + 1]))) {
				return i + 1;
			}
			if (c == '\n' || c == '\r') {
				return -1;
			}
		}
		return -1;
	}

	/**
	 * The end of a variable part that starts with a word beginning with a letter, from
	 * what the word's first reading found: only the parts that word could start are
	 * tried, so that most words, which are words, cost nothing more.
	 * @param start where the word starts
	 * @param wordEnd where it ends
	 * @param next the character after it, a space at the end
	 * @param hex whether it is all hexadecimal
	 * @param digit whether it has a digit
	 * @return the end of the part, {@code -1} when the word is a word
	 */
	private static int fromLetter(char[] message, int start, int wordEnd, char next, boolean hex, boolean digit,
			int n) {
		int length = wordEnd - start;
		int found = -1;
		if (next == ':' || next == '+' || next == '.' || next == '-') {
			found = url(message, start, n);
		}
		if (found < 0 && (next == '.' || next == '%' || next == '+' || next == '-' || next == '@')) {
			found = email(message, start, n);
		}
		if (found < 0 && next == '-' && hex && length == 8) {
			found = uuid(message, start, n);
		}
		if (found < 0 && hex && digit && length >= 8) {
			found = wordEnd;
		}
		if (found < 0 && next == ':' && hex && length <= 4) {
			found = ipv6(message, start, n);
		}
		return found;
	}

	/**
	 * The end of a variable part that starts with a word beginning with a digit: a number
	 * with what is glued to it (its unit, or {@code 0x} and its digits) unless what
	 * follows or its length says it may be more.
	 * @param start where the word starts
	 * @param wordEnd where it ends
	 * @param next the character after it, a space at the end
	 * @return the end of the part
	 */
	private static int fromDigit(char[] message, int start, int wordEnd, char next, int n) {
		if (next != '.' && next != ':' && next != '-' && next != '+' && next != '@' && wordEnd - start < 8) {
			return wordEnd;
		}
		int found = uuid(message, start, n);
		if (found < 0) {
			found = dateTime(message, start, n);
		}
		if (found < 0) {
			found = ipv4(message, start, n);
		}
		if (found < 0) {
			found = email(message, start, n);
		}
		if (found < 0) {
			found = hexString(message, start, n);
		}
		if (found < 0) {
			found = ipv6(message, start, n);
		}
		if (found < 0) {
			found = number(message, start, n);
		}
		return found;
	}

	/**
	 * The end of a variable part that starts with punctuation: a signed number, or an
	 * IPv6 address ({@code ::1}, {@code [::1]:8080}).
	 * @return the end of the part, {@code -1} when none starts here
	 */
	private static int fromPunctuation(char[] message, int i, int n) {
		char c = message[i];
		if ((c == '-' || c == '+') && i + 1 < n && isDigit(message[i + 1])) {
			return number(message, i + 1, n);
		}
		if (c == ':' || c == '[') {
			return ipv6(message, i, n);
		}
		return -1;
	}

	/** A number: digits, dot-separated groups, an exponent, and the unit glued on. */
	private static int number(char[] message, int start, int n) {
		int i = start;
		if (message[i] == '0' && i + 2 < n && (message[i + 1] == 'x' || message[i + 1] == 'X')
				&& isHex(message[i + 2])) {
			i += 2;
			while (i < n && isHex(message[i])) {
				i++;
			}
			return wordEnd(message, i, n);
		}
		i = digits(message, i, n);
		while (i + 1 < n && message[i] == '.' && isDigit(message[i + 1])) {
			i = digits(message, i + 1, n);
		}
		if (i + 1 < n && (message[i] == 'e' || message[i] == 'E')) {
			int exponent = i + 1;
			if (exponent + 1 < n && (message[exponent] == '-' || message[exponent] == '+')) {
				exponent++;
			}
			if (exponent < n && isDigit(message[exponent])) {
				i = digits(message, exponent, n);
			}
		}
		// the unit, and whatever else is glued on
		return wordEnd(message, i, n);
	}

	/**
	 * A URL: a scheme (with sub-schemes such as {@code jdbc:mysql}), {@code ://}, and up
	 * to a space.
	 */
	private static int url(char[] message, int start, int n) {
		int i = start;
		while (i < n) {
			char c = message[i];
			if (isLetter(c) || isDigit(c) || c == '+' || c == '.' || c == '-') {
				i++;
			}
			else if (c == ':') {
				if (i + 2 < n && message[i + 1] == '/' && message[i + 2] == '/' && i > start) {
					i += 3;
					break;
				}
				i++;
			}
			else {
				return -1;
			}
		}
		if (i > n || i - 3 < start || message[i - 3] != ':' || message[i - 2] != '/' || message[i - 1] != '/') {
			return -1;
		}
		int end = i;
		while (end < n) {
			char c = message[end];
			if (Character.isWhitespace(c) || c == '"' || c == '\'' || c == '<' || c == '>') {
				break;
			}
			end++;
		}
		// punctuation that ends a sentence or closes a bracket is not the URL's
		while (end > i && ".,;:!?)]}".indexOf(message[end - 1]) >= 0) {
			end--;
		}
		return (end > i) ? end : -1;
	}

	/**
	 * An e-mail address: a local part, {@code @}, a domain with a dot and a top level of
	 * letters.
	 */
	private static int email(char[] message, int start, int n) {
		int i = start;
		while (i < n) {
			char c = message[i];
			if (isWordChar(c) || c == '.' || c == '%' || c == '+' || c == '-') {
				i++;
			}
			else {
				break;
			}
		}
		if (i == start || i >= n || message[i] != '@') {
			return -1;
		}
		int label = i + 1;
		int end = -1;
		int dots = 0;
		int labelStart = label;
		while (label < n) {
			char c = message[label];
			if (isLetter(c) || isDigit(c) || c == '-') {
				label++;
			}
			else if (c == '.' && label > labelStart && label + 1 < n && isLetterOrDigit(message[label + 1])) {
				dots++;
				label++;
				labelStart = label;
			}
			else {
				break;
			}
		}
		if (dots > 0 && label - labelStart >= 2) {
			end = label;
			for (int j = labelStart; j < label; j++) {
				if (!isLetter(message[j])) {
					return -1;
				}
			}
		}
		return (end > 0 && !isWordEnd(message, end, n)) ? -1 : end;
	}

	/** A UUID: 8-4-4-4-12 hexadecimal digits. */
	private static int uuid(char[] message, int start, int n) {
		int i = start;
		for (int g = 0; g < UUID_GROUPS.length; g++) {
			if (g > 0) {
				if (i >= n || message[i] != '-') {
					return -1;
				}
				i++;
			}
			for (int k = 0; k < UUID_GROUPS[g]; k++, i++) {
				if (i >= n || !isHex(message[i])) {
					return -1;
				}
			}
		}
		return isWordEnd(message, i, n) ? i : -1;
	}

	/** A hexadecimal string of 8 characters or more with a digit in it. */
	private static int hexString(char[] message, int start, int n) {
		int i = start;
		boolean digit = false;
		while (i < n && isHex(message[i])) {
			digit |= isDigit(message[i]);
			i++;
		}
		return (digit && i - start >= 8 && isWordEnd(message, i, n)) ? i : -1;
	}

	/**
	 * An ISO-8601 date ({@code 2026-12-07}), with a time or not, or a time alone
	 * ({@code 10:15:30}, with fractions and a zone).
	 */
	private static int dateTime(char[] message, int start, int n) {
		int i = fixedDigits(message, start, n, 4);
		if (i > 0 && i < n && message[i] == '-') {
			i = fixedDigits(message, i + 1, n, 2);
			if (i < 0 || i >= n || message[i] != '-') {
				return -1;
			}
			i = fixedDigits(message, i + 1, n, 2);
			if (i < 0) {
				return -1;
			}
			if (i + 1 < n && (message[i] == 'T' || message[i] == ' ')) {
				int time = time(message, i + 1, n);
				if (time > 0) {
					return time;
				}
			}
			return isWordEnd(message, i, n) ? i : -1;
		}
		int time = time(message, start, n);
		// a time alone has seconds: 10:15 could be a ratio or a reference
		return (time > 0 && time - start >= 8) ? time : -1;
	}

	private static int time(char[] message, int start, int n) {
		int i = fixedDigits(message, start, n, 2);
		if (i < 0 || i >= n || message[i] != ':') {
			return -1;
		}
		i = fixedDigits(message, i + 1, n, 2);
		if (i < 0) {
			return -1;
		}
		if (i < n && message[i] == ':') {
			int seconds = fixedDigits(message, i + 1, n, 2);
			if (seconds < 0) {
				return -1;
			}
			i = seconds;
			if (i + 1 < n && (message[i] == '.' || message[i] == ',') && isDigit(message[i + 1])) {
				i = digits(message, i + 1, n);
			}
		}
		if (i < n && message[i] == 'Z') {
			i++;
		}
		else if (i + 2 < n && (message[i] == '+' || message[i] == '-') && fixedDigits(message, i + 1, n, 2) > 0) {
			int zone = i + 3;
			if (zone < n && message[zone] == ':') {
				zone++;
			}
			int minutes = fixedDigits(message, zone, n, 2);
			i = (minutes > 0) ? minutes : i + 3;
		}
		return isWordEnd(message, i, n) ? i : -1;
	}

	/** An IPv4 address, with a port or not. */
	private static int ipv4(char[] message, int start, int n) {
		int i = dottedQuad(message, start, n);
		if (i < 0 || (i + 1 < n && message[i] == '.' && isDigit(message[i + 1]))) {
			// not four groups, or more: a version or another number
			return -1;
		}
		i = port(message, i, n);
		return isWordEnd(message, i, n) ? i : -1;
	}

	/**
	 * An IPv6 address: groups of up to four hexadecimal digits between colons, eight of
	 * them or fewer with one {@code ::}, maybe in brackets with a port.
	 */
	private static int ipv6(char[] message, int start, int n) {
		int i = start;
		boolean bracket = message[i] == '[';
		if (bracket) {
			i++;
		}
		int colons = 0;
		int group = 0;
		boolean doubleColon = false;
		int addressStart = i;
		while (i < n) {
			char c = message[i];
			if (isHex(c)) {
				if (++group > 4) {
					return -1;
				}
			}
			else if (c == ':') {
				if (i > addressStart && message[i - 1] == ':') {
					if (doubleColon) {
						return -1;
					}
					doubleColon = true;
				}
				colons++;
				group = 0;
			}
			else if (c == '.' && colons >= 2) {
				// an IPv4 address at its end, as in ::ffff:10.0.0.1
				int end = dottedQuad(message, i - group, n);
				if (end < 0) {
					return -1;
				}
				i = end;
				break;
			}
			else {
				break;
			}
			i++;
		}
		if (colons < 2 || (!doubleColon && colons != 7) || colons > 7) {
			return -1;
		}
		if (message[i - 1] == ':' && !(i >= 2 && message[i - 2] == ':')) {
			// a trailing colon is the sentence's
			return -1;
		}
		if (bracket) {
			if (i >= n || message[i] != ']') {
				return -1;
			}
			i = port(message, i + 1, n);
		}
		return isWordEnd(message, i, n) ? i : -1;
	}

	/**
	 * Four groups of one to three digits between dots: the end, {@code -1} when there are
	 * not.
	 */
	private static int dottedQuad(char[] message, int start, int n) {
		int i = start;
		for (int group = 0; group < 4; group++) {
			if (group > 0) {
				if (i >= n || message[i] != '.') {
					return -1;
				}
				i++;
			}
			int end = digits(message, i, n);
			if (end == i || end - i > 3) {
				return -1;
			}
			i = end;
		}
		return i;
	}

	private static int port(char[] message, int i, int n) {
		if (i + 1 < n && message[i] == ':' && isDigit(message[i + 1])) {
			return digits(message, i + 1, n);
		}
		return i;
	}

	private static int digits(char[] message, int i, int n) {
		while (i < n && isDigit(message[i])) {
			i++;
		}
		return i;
	}

	private static int fixedDigits(char[] message, int start, int n, int count) {
		if (start + count > n) {
			return -1;
		}
		for (int i = start; i < start + count; i++) {
			if (!isDigit(message[i])) {
				return -1;
			}
		}
		return start + count;
	}

	private static int wordEnd(char[] message, int i, int n) {
		while (i < n && isWordChar(message[i])) {
			i++;
		}
		return i;
	}

	/** Whether no word character follows: a part ends where a word would. */
	private static boolean isWordEnd(char[] message, int i, int n) {
		return i >= n || !isWordChar(message[i]);
	}

	private static boolean isWordChar(char c) {
		return (kind(c) & WORD) != 0;
	}

	private static boolean isLetter(char c) {
		return (kind(c) & LETTER) != 0;
	}

	private static boolean isLetterOrDigit(char c) {
		return (kind(c) & (LETTER | DIGIT)) != 0;
	}

	private static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	private static boolean isHex(char c) {
		return c < 128 && (KINDS[c] & HEX) != 0;
	}

	/**
	 * What a character is, by the table for ASCII: small enough to be inlined where it is
	 * read.
	 */
	private static int kind(char c) {
		return (c < 128) ? KINDS[c] : unicodeKind(c);
	}

	private static int unicodeKind(char c) {
		if (Character.isLetter(c)) {
			return WORD | LETTER;
		}
		return Character.isLetterOrDigit(c) ? WORD : 0;
	}

}
