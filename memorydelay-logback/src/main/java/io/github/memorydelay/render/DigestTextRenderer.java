package io.github.memorydelay.render;

import java.time.ZoneId;
import java.util.List;

import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;

/**
 * Renders a digest as plain text, the {@code text/plain} part of the email: a summary of
 * one line per entry, then every entry in full (within the per-entry caps of message and
 * stack trace).
 */
public final class DigestTextRenderer {

	/**
	 * Characters of an entry's first line in its summary line; the details show it in
	 * full.
	 */
	static final int SUMMARY_LINE_LENGTH = 120;

	private final DigestFormat format;

	private final DigestLinks links;

	public DigestTextRenderer() {
		this(ZoneId.systemDefault());
	}

	public DigestTextRenderer(ZoneId zone) {
		this(zone, DigestLinks.NONE);
	}

	/**
	 * A renderer whose entries link to their traces and sources.
	 * @param zone the zone of the times shown
	 * @param links the links
	 */
	public DigestTextRenderer(ZoneId zone, DigestLinks links) {
		this.format = new DigestFormat(zone);
		this.links = links;
	}

	public String render(Digest digest) {
		StringBuilder out = new StringBuilder(1024 + digest.entries().size() * 512);
		out.append(DigestFormat.title(digest)).append('\n');
		out.append("Application: ").append(digest.application()).append('\n');
		out.append("Host:        ").append(digest.host()).append('\n');
		out.append("Window:      ")
			.append(this.format.time(digest.windowStart()))
			.append(" to ")
			.append(this.format.time(digest.windowEnd()))
			.append(" (")
			.append(DigestFormat.duration(digest.window()))
			.append(")\n");
		out.append("Sent:        ")
			.append(DigestFormat.reason(digest.trigger()))
			.append(" (trigger: ")
			.append(digest.trigger().headerValue())
			.append(")\n");
		out.append("Events:      ").append(DigestFormat.summary(digest)).append('\n');
		String held = this.format.held(digest);
		if (held != null) {
			out.append("Held:        ").append(held).append('\n');
		}
		String fleet = this.format.fleet(digest);
		if (fleet != null) {
			out.append("Fleet:       ").append(fleet).append('\n');
		}
		List<DigestEntry> entries = DigestFormat.inDigestOrder(digest.entries());
		String[] strips = new String[entries.size()];
		for (int i = 0; i < strips.length; i++) {
			strips[i] = DigestFormat.strip(entries.get(i), digest);
		}
		String barLength = DigestFormat.barLength(digest);
		if (!entries.isEmpty()) {
			out.append("Entries:     ").append(DigestFormat.novelty(digest)).append('\n');
			summary(out, digest, entries, strips, barLength);
		}
		int number = 0;
		for (DigestEntry entry : entries) {
			number++;
			out.append("\n")
				.append("#")
				.append(number)
				.append(' ')
				.append(entry.level())
				.append(" x")
				.append(entry.count())
				.append("  ")
				.append(entry.logger())
				.append('\n');
			out.append("  Id:         ").append(entry.id()).append('\n');
			out.append("  Status:     ").append(DigestFormat.newOrRecurring(entry));
			if (!entry.isNew()) {
				out.append(", first reported ").append(this.format.time(entry.firstReported()));
			}
			out.append('\n');
			out.append("  When:       ").append(strips[number - 1]).append("  (").append(barLength).append(")\n");
			out.append("  First seen: ").append(this.format.time(entry.firstSeen())).append('\n');
			out.append("  Last seen:  ").append(this.format.time(entry.lastSeen())).append('\n');
			String instances = DigestFormat.instances(digest, entry);
			if (instances != null) {
				out.append("  Instances:  ").append(instances).append('\n');
			}
			out.append("  Thread:     ").append(entry.thread()).append('\n');
			String trace = this.links.trace(entry);
			if (trace != null) {
				out.append("  Trace:      ").append(trace).append('\n');
			}
			String source = this.links.source(entry);
			if (source != null) {
				out.append("  Source:     ").append(source).append('\n');
			}
			if (!entry.mdc().isEmpty()) {
				out.append("  MDC:        ").append(DigestFormat.mdc(entry.mdc())).append('\n');
			}
			out.append("  Message:\n");
			indent(out, entry.message());
			String messages = DigestFormat.messages(entry);
			if (messages != null) {
				out.append("  Messages:   ").append(messages).append('\n');
				indent(out, entry.lastMessage());
			}
			if (!entry.stackTrace().isEmpty()) {
				out.append("  Stack trace:\n");
				indent(out, entry.stackTrace());
			}
		}
		if (digest.notShownEvents() > 0) {
			out.append('\n').append(DigestFormat.notShown(digest)).append('\n');
		}
		if (digest.silenced() > 0) {
			out.append('\n').append(DigestFormat.silenced(digest)).append('\n');
		}
		out.append("\n-- \nSent by memorydelay\n");
		return out.toString();
	}

	/**
	 * One line per entry, in columns: number, level, count, new or recurring, when, id,
	 * first line.
	 */
	private static void summary(StringBuilder out, Digest digest, List<DigestEntry> entries, String[] strips,
			String barLength) {
		int numberWidth = Integer.toString(entries.size()).length() + 1;
		int countWidth = 0;
		for (DigestEntry entry : entries) {
			countWidth = Math.max(countWidth, Long.toString(entry.count()).length() + 1);
		}
		boolean anyRecurring = digest.newEntries() < entries.size();
		out.append("\nSummary (when: ").append(barLength).append(")\n");
		int number = 0;
		for (DigestEntry entry : entries) {
			number++;
			pad(out, "#" + number, numberWidth + 1);
			pad(out, entry.level().toString(), 6);
			pad(out, "x" + entry.count(), countWidth + 1);
			pad(out, DigestFormat.newOrRecurring(entry), anyRecurring ? 10 : 4);
			out.append(strips[number - 1])
				.append("  ")
				.append(entry.id())
				.append("  ")
				.append(DigestFormat.summaryLine(entry, SUMMARY_LINE_LENGTH))
				.append('\n');
		}
	}

	private static void pad(StringBuilder out, String text, int width) {
		out.append(text);
		for (int i = text.length(); i < width; i++) {
			out.append(' ');
		}
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
