package io.github.memorydelay.logback;

import java.time.ZoneId;

/**
 * Renders a digest as plain text, the {@code text/plain} part of the email.
 */
public final class DigestTextRenderer {

	private final DigestFormat format;

	public DigestTextRenderer() {
		this(ZoneId.systemDefault());
	}

	public DigestTextRenderer(ZoneId zone) {
		this.format = new DigestFormat(zone);
	}

	public String render(Digest digest) {
		StringBuilder out = new StringBuilder(1024 + digest.entries().size() * 512);
		out.append(DigestFormat.title(digest)).append('\n');
		out.append("Application: ").append(digest.application()).append('\n');
		out.append("Host:        ").append(digest.host()).append('\n');
		out.append("Window:      ").append(this.format.time(digest.windowStart())).append(" to ")
			.append(this.format.time(digest.windowEnd())).append(" (")
			.append(DigestFormat.duration(digest.window())).append(")\n");
		out.append("Sent:        ").append(DigestFormat.reason(digest.trigger())).append(" (trigger: ")
			.append(digest.trigger().headerValue()).append(")\n");
		out.append("Events:      ").append(DigestFormat.summary(digest)).append('\n');
		String held = this.format.held(digest);
		if (held != null) {
			out.append("Held:        ").append(held).append('\n');
		}
		int number = 0;
		for (DigestEntry entry : DigestFormat.bySeverity(digest.entries())) {
			number++;
			out.append("\n").append("#").append(number).append(' ').append(entry.level()).append(" x")
				.append(entry.count()).append("  ").append(entry.logger()).append('\n');
			out.append("  First seen: ").append(this.format.time(entry.firstSeen())).append('\n');
			out.append("  Last seen:  ").append(this.format.time(entry.lastSeen())).append('\n');
			out.append("  Thread:     ").append(entry.thread()).append('\n');
			if (!entry.mdc().isEmpty()) {
				out.append("  MDC:        ").append(DigestFormat.mdc(entry.mdc())).append('\n');
			}
			out.append("  Message:\n");
			indent(out, entry.message());
			if (!entry.stackTrace().isEmpty()) {
				out.append("  Stack trace:\n");
				indent(out, entry.stackTrace());
			}
		}
		if (digest.notShownEvents() > 0) {
			out.append('\n').append(DigestFormat.notShown(digest)).append('\n');
		}
		out.append("\n-- \nSent by memorydelay\n");
		return out.toString();
	}

	private static void indent(StringBuilder out, String text) {
		out.append("    ");
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\r') {
				continue;
			}
			out.append(c);
			if (c == '\n') {
				out.append("    ");
			}
		}
		out.append('\n');
	}

}
