package io.github.memorydelay.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;

/**
 * The subject line of a digest, from a template with placeholders: {@code {app}},
 * {@code {host}}, {@code {events}}, {@code {entries}}, {@code {errors}},
 * {@code {warnings}}, {@code {level}}, {@code {trigger}}, {@code {first}} and
 * {@code {counts}} (errors and warnings in words: {@code 2 errors,
 * 1 warning}). The result is always one line: control characters never reach the header.
 */
public final class SubjectTemplate {

	/** The contract's default template. */
	public static final String DEFAULT = "[{app}] {counts}: {first}";

	static final int MAX_LENGTH = 250;

	/** The placeholders a template may use, each written in braces. */
	public static final List<String> PLACEHOLDERS = List.of("app", "host", "events", "entries", "errors", "warnings",
			"level", "trigger", "first", "counts");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.-]*)\\}");

	/**
	 * The placeholders of a template that are not among {@link #PLACEHOLDERS}: a typo
	 * such as {@code {nope}} would otherwise stay in every subject as it is written.
	 * Braces around anything but a word are text.
	 * @param template the template
	 * @return the unknown placeholders, in braces, empty when there are none
	 */
	public static List<String> unknownPlaceholders(String template) {
		List<String> unknown = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			if (!PLACEHOLDERS.contains(matcher.group(1))) {
				unknown.add(matcher.group());
			}
		}
		return unknown;
	}

	private final String template;

	public SubjectTemplate(String template) {
		this.template = Objects.requireNonNull(template, "template");
	}

	public String render(Digest digest) {
		StringBuilder out = new StringBuilder(this.template.length() + 64);
		int i = 0;
		while (i < this.template.length()) {
			char c = this.template.charAt(i);
			int close = (c == '{') ? this.template.indexOf('}', i) : -1;
			String value = (close > 0) ? value(this.template.substring(i + 1, close), digest) : null;
			if (value != null) {
				out.append(value);
				i = close + 1;
			}
			else {
				out.append(c);
				i++;
			}
		}
		return oneLine(out);
	}

	private static String value(String placeholder, Digest digest) {
		switch (placeholder) {
			case "app":
				return digest.application();
			case "host":
				return digest.host();
			case "events":
				return Long.toString(digest.events());
			case "entries":
				return Integer.toString(digest.entries().size());
			case "errors":
				return Long.toString(digest.events(Level.ERROR));
			case "warnings":
				return Long.toString(digest.events(Level.WARN));
			case "level":
				Level level = digest.mostSevereLevel();
				return (level != null) ? level.toString() : "";
			case "trigger":
				return digest.trigger().headerValue();
			case "counts":
				return DigestFormat.counts(digest);
			case "first":
				DigestEntry entry = digest.mostSevereEntry();
				return (entry != null) ? entry.firstLine() : "";
			default:
				return null;
		}
	}

	/**
	 * Replaces control characters (CR and LF among them) and Unicode line and paragraph
	 * separators by a space, a run of them by one space, trims the ends and caps the
	 * length. Ordinary spaces are kept.
	 */
	static String oneLine(CharSequence text) {
		StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 1));
		boolean pendingSpace = false;
		int i = 0;
		for (; i < text.length() && out.length() < MAX_LENGTH; i++) {
			char c = text.charAt(i);
			// printable ASCII, by far the most common, needs no look-up
			boolean breaking = (c < 0x20 || c >= 0x7f) && (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
					|| c == '\u0085' || Character.getType(c) == Character.FORMAT);
			if (breaking || (c == ' ' && out.length() == 0)) {
				pendingSpace = out.length() > 0;
				continue;
			}
			if (pendingSpace) {
				if (out.charAt(out.length() - 1) != ' ') {
					out.append(' ');
				}
				pendingSpace = false;
			}
			out.append(c);
		}
		// a folded space and the character after it may take the text one past the cap
		if (out.length() > MAX_LENGTH || (out.length() == MAX_LENGTH && i < text.length())) {
			out.setLength(MAX_LENGTH - 1);
			if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
				out.setLength(out.length() - 1);
			}
			out.append('\u2026');
		}
		int end = out.length();
		while (end > 0 && out.charAt(end - 1) == ' ') {
			end--;
		}
		out.setLength(end);
		return out.toString();
	}

}
