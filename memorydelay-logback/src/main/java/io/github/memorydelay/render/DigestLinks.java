package io.github.memorydelay.render;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.memorydelay.digest.DigestEntry;

/**
 * Links from an entry: to its trace, with the trace id taken from its first occurrence's
 * MDC, and to the source of its throwing frame. Each is a URL template; values are
 * percent-encoded, and a trace id that is not 8 to 64 characters of {@code [0-9A-Za-z-]}
 * gives no link, so that what an event holds never becomes markup or another address.
 */
public final class DigestLinks {

	/**
	 * The MDC keys tried for the trace id by default: Micrometer Tracing, OpenTelemetry,
	 * Datadog.
	 */
	public static final List<String> DEFAULT_TRACE_KEYS = List.of("traceId", "trace_id", "dd.trace_id");

	/** The placeholder of the trace template. */
	public static final Set<String> TRACE_PLACEHOLDERS = Set.of("traceId");

	/** The placeholders of the source template. */
	public static final Set<String> SOURCE_PLACEHOLDERS = Set.of("commit", "path", "line");

	/** No links. */
	public static final DigestLinks NONE = new DigestLinks(null, DEFAULT_TRACE_KEYS, null, null);

	private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)\\}");

	private static final Pattern TRACE_ID = Pattern.compile("[0-9A-Za-z-]{8,64}");

	private static final Pattern COMMIT = Pattern.compile("[0-9A-Za-z._-]{1,64}");

	/** Packages of the JDK, whose frames are not the application's source. */
	private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

	private final String trace;

	private final List<String> traceKeys;

	private final String source;

	private final String commit;

	private DigestLinks(String trace, List<String> traceKeys, String source, String commit) {
		this.trace = trace;
		this.traceKeys = List.copyOf(traceKeys);
		this.source = source;
		this.commit = commit;
	}

	/**
	 * Links made of templates that {@link #problem} found fine.
	 * @param trace the trace template, {@code null} for no trace link
	 * @param traceKeys the MDC keys tried for the trace id, in order; {@code null} or
	 * empty for the {@link #DEFAULT_TRACE_KEYS}
	 * @param source the source template, {@code null} for no source link
	 * @param commit the commit the application was built from, {@code null} when it is
	 * not known (then a source template with {@code {commit}} gives no link)
	 * @return the links
	 */
	public static DigestLinks of(String trace, List<String> traceKeys, String source, String commit) {
		return new DigestLinks(blankToNull(trace),
				(traceKeys == null || traceKeys.isEmpty()) ? DEFAULT_TRACE_KEYS : traceKeys, blankToNull(source),
				blankToNull(commit));
	}

	/**
	 * What is wrong with a template: not an absolute {@code http} or {@code https} URL,
	 * or a placeholder not known.
	 * @param template the template
	 * @param placeholders the placeholders it may have
	 * @return what is wrong, {@code null} when nothing is
	 */
	public static String problem(String template, Set<String> placeholders) {
		if (template == null || template.isBlank()) {
			return "the URL template is empty";
		}
		List<String> unknown = new ArrayList<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder example = new StringBuilder();
		while (matcher.find()) {
			if (!placeholders.contains(matcher.group(1))) {
				unknown.add("{" + matcher.group(1) + "}");
			}
			matcher.appendReplacement(example, "x");
		}
		matcher.appendTail(example);
		if (!unknown.isEmpty()) {
			return "the URL template has an unknown placeholder " + String.join(", ", unknown);
		}
		try {
			URI uri = new URI(example.toString());
			String scheme = uri.getScheme();
			if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
					|| uri.getHost() == null) {
				return "the URL template is not an absolute http or https URL";
			}
		}
		catch (URISyntaxException ex) {
			return "the URL template is not a URL (" + ex.getReason() + ")";
		}
		return null;
	}

	/**
	 * Whether there are links to make.
	 * @return {@code true} when a trace or a source template is set
	 */
	public boolean isEmpty() {
		return this.trace == null && this.source == null;
	}

	/**
	 * Whether the source template needs a commit that is not known: its links are then
	 * not made.
	 * @return {@code true} when {@code {commit}} cannot be filled in
	 */
	public boolean lacksCommit() {
		return this.source != null && this.source.contains("{commit}") && this.commit == null;
	}

	/**
	 * The link to an entry's trace.
	 * @param entry the entry
	 * @return the URL, {@code null} when there is no trace template or no well-formed
	 * trace id in the first occurrence's MDC
	 */
	public String trace(DigestEntry entry) {
		if (this.trace == null) {
			return null;
		}
		Map<String, String> mdc = entry.mdc();
		for (String key : this.traceKeys) {
			String value = mdc.get(key);
			if (value != null) {
				return TRACE_ID.matcher(value).matches() ? this.trace.replace("{traceId}", value) : null;
			}
		}
		return null;
	}

	/**
	 * The link to the source of an entry's throwing frame: the first frame of its
	 * throwable, or, when that frame is the JDK's, the first that is not.
	 * @param entry the entry
	 * @return the URL, {@code null} when there is no source template, no frame with a
	 * file and line, or no commit the template asks for
	 */
	public String source(DigestEntry entry) {
		if (this.source == null) {
			return null;
		}
		// a commit the template asks for, and not known or not a commit: no link
		String commit = (this.commit != null && COMMIT.matcher(this.commit).matches()) ? this.commit : null;
		if (commit == null && this.source.contains("{commit}")) {
			return null;
		}
		Frame frame = applicationFrame(entry.stackTrace());
		if (frame == null) {
			return null;
		}
		return this.source.replace("{commit}", Objects.toString(commit, ""))
			.replace("{path}", encodePath(frame.path()))
			.replace("{line}", Integer.toString(frame.line()));
	}

	/**
	 * The frame whose source an entry links to, read from its stack trace as rendered
	 * ({@code \tat com.acme.Shop.pay(Shop.java:42)}), before its first cause.
	 */
	static Frame applicationFrame(String stackTrace) {
		if (stackTrace == null || stackTrace.isEmpty()) {
			return null;
		}
		for (String line : stackTrace.split("\n")) {
			if (line.startsWith("Caused by: ")) {
				return null;
			}
			String trimmed = line.trim();
			if (!trimmed.startsWith("at ")) {
				continue;
			}
			Frame frame = Frame.parse(trimmed.substring(3));
			if (frame != null && JDK.stream().noneMatch(frame.className()::startsWith)) {
				return frame;
			}
		}
		return null;
	}

	private static String encodePath(String path) {
		StringBuilder out = new StringBuilder(path.length() + 8);
		for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~' || c == '/') {
				out.append(c);
			}
			else {
				out.append('%')
					.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
					.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
			}
		}
		return out.toString();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

	/**
	 * A frame with a file and a line.
	 *
	 * @param className the class, its package included
	 * @param file the source file's name
	 * @param line the line
	 */
	record Frame(String className, String file, int line) {

		/**
		 * The frame of {@code com.acme.Shop$Inner.pay(Shop.java:42)}, with a class loader
		 * or module before a {@code /} or not.
		 */
		static Frame parse(String text) {
			int open = text.indexOf('(');
			int close = text.lastIndexOf(')');
			if (open < 0 || close < open) {
				return null;
			}
			String method = text.substring(text.lastIndexOf('/', open) + 1, open);
			int dot = method.lastIndexOf('.');
			String location = text.substring(open + 1, close);
			int colon = location.lastIndexOf(':');
			if (dot <= 0 || colon <= 0) {
				return null;
			}
			String file = location.substring(0, colon);
			if (file.indexOf('/') >= 0 || file.indexOf('\\') >= 0 || file.startsWith(".")) {
				// a file name is a name: a frame made up to point elsewhere gives no link
				return null;
			}
			try {
				int line = Integer.parseInt(location.substring(colon + 1));
				return (line > 0) ? new Frame(method.substring(0, dot), file, line) : null;
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		/**
		 * The source path: the class's package as folders, and its file.
		 * @return the path, such as {@code com/acme/Shop.java}
		 */
		String path() {
			int dot = this.className.lastIndexOf('.');
			return (dot > 0) ? this.className.substring(0, dot).replace('.', '/') + "/" + this.file : this.file;
		}

	}

}
