package io.github.memorydelay.render;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Levels;

/**
 * Renders a digest as HTML, the {@code text/html} part of the email: inline styles and
 * table layout only, no script, no external resources, severity visible at a glance.
 * Everything that comes from an event is escaped.
 * <p>
 * It opens with a summary of one line per entry, then the details of each entry. The
 * whole part stays within {@link #MAX_BYTES} bytes of UTF-8, whatever the capacity and
 * the size of messages and stack traces, as Gmail clips longer messages: when the details
 * do not fit, they are shortened in steps (stack traces first, then messages and MDC,
 * then whole details are left out, see {@link HtmlBudget}), least severe, recurring and
 * oldest entries first, and the email says so where it happened. When even one summary
 * line per entry does not fit (thousands of entries), the summary gets shorter lines, and
 * at last lists the first entries only and counts the others; the text part always has
 * every entry in full.
 * <p>
 * This class is the layout; the size budget and its tiers are {@link HtmlBudget}'s, the
 * text rules that keep messages and stack traces readable in Outlook for Windows are
 * {@link HtmlText}'s.
 */
public final class DigestHtmlRenderer {

	/** Most bytes of the HTML part, as UTF-8: Gmail clips messages above about 102 KB. */
	public static final int MAX_BYTES = 100_000;

	private static final String FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

	private static final String MONO = "font-family:Consolas,Menlo,'Liberation Mono',monospace;";

	private static final String MUTED = "#656d76";

	/** About the bytes of a summary row besides its first line. */
	private static final int RICH_ROW_BYTES = 330;

	/** Characters of an entry's first line in a summary row. */
	static final int SUMMARY_LINE_LENGTH = 100;

	/** Characters of an entry's first line in a compact summary line, at most. */
	private static final int COMPACT_LINE_LENGTH = 60;

	/** Bytes kept free for the line that says what was shortened. */
	private static final int NOTICE_BYTES = 600;

	/**
	 * Entries whose details are shortened first: least severe, then recurring, then
	 * oldest.
	 */
	private static final Comparator<DigestEntry> SHORTENED_FIRST = Comparator
		.comparingInt((DigestEntry entry) -> entry.level().toInt())
		.thenComparing(DigestEntry::isNew)
		.thenComparing(DigestEntry::firstSeen);

	private final DigestFormat format;

	private final int maxBytes;

	private final DigestLinks links;

	public DigestHtmlRenderer() {
		this(ZoneId.systemDefault());
	}

	public DigestHtmlRenderer(ZoneId zone) {
		this(zone, DigestLinks.NONE);
	}

	/**
	 * A renderer whose entries link to their traces and sources.
	 * @param zone the zone of the times shown
	 * @param links the links
	 */
	public DigestHtmlRenderer(ZoneId zone, DigestLinks links) {
		this(zone, MAX_BYTES, links);
	}

	DigestHtmlRenderer(ZoneId zone, int maxBytes) {
		this(zone, maxBytes, DigestLinks.NONE);
	}

	DigestHtmlRenderer(ZoneId zone, int maxBytes, DigestLinks links) {
		this.format = new DigestFormat(zone);
		this.maxBytes = maxBytes;
		this.links = links;
	}

	public String render(Digest digest) {
		List<DigestEntry> entries = DigestFormat.inDigestOrder(digest.entries());
		String start = start(digest);
		String end = end(digest);
		int room = this.maxBytes - HtmlBudget.bytes(start) - HtmlBudget.bytes(end) - NOTICE_BYTES;
		Summary summary = summary(digest, entries, room);
		Detail[] details = details(digest, entries, room - summary.bytes);
		int shortened = 0;
		int left = 0;
		StringBuilder out = new StringBuilder(this.maxBytes + 1024);
		out.append(start).append(summary.html);
		for (Detail detail : details) {
			if (detail.tier == HtmlBudget.NONE) {
				left++;
			}
			else if (detail.shortened) {
				shortened++;
			}
		}
		out.append(notice(summary, shortened, left));
		for (Detail detail : details) {
			out.append(detail.html);
		}
		out.append(end);
		return out.toString();
	}

	private String start(Digest digest) {
		StringBuilder out = new StringBuilder(4096);
		Level most = digest.mostSevereLevel();
		Palette headline = Palette.of((most != null) ? most : Level.INFO);
		out.append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width\"><title>")
			.append(HtmlText.escape(DigestFormat.title(digest)))
			.append("</title></head>\n<body style=\"margin:0;padding:0;background:#f4f5f7;")
			.append(FONT)
			.append("color:#1f2328;\">\n");
		out.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" ")
			.append("style=\"background:#f4f5f7;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">\n")
			// Outlook for Windows ignores max-width: a fixed-width table holds the layout
			// there
			.append("<!--[if mso]><table role=\"presentation\" width=\"880\" cellpadding=\"0\" cellspacing=\"0\"><tr><td><![endif]-->\n")
			.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" ")
			.append("style=\"max-width:880px;background:#ffffff;border:1px solid #d0d7de;border-radius:6px;\">\n");
		header(out, digest, headline);
		return out.toString();
	}

	private static String end(Digest digest) {
		StringBuilder out = new StringBuilder(512);
		if (digest.notShownEvents() > 0) {
			out.append("<tr><td style=\"padding:12px 20px;background:#fff8c5;border-top:1px solid #d0d7de;")
				.append("font-size:14px;\">")
				.append(HtmlText.escape(DigestFormat.notShown(digest)))
				.append("</td></tr>\n");
		}
		if (digest.silenced() > 0) {
			out.append("<tr><td style=\"padding:12px 20px;border-top:1px solid #d0d7de;color:" + MUTED
					+ ";font-size:14px;\">")
				.append(HtmlText.escape(DigestFormat.silenced(digest)))
				.append("</td></tr>\n");
		}
		out.append(
				"<tr><td style=\"padding:12px 20px;border-top:1px solid #d0d7de;color:" + MUTED + ";font-size:12px;\">")
			.append("Sent by memorydelay. Identical events are shown once with their count.</td></tr>\n");
		out.append("</table>\n<!--[if mso]></td></tr></table><![endif]-->\n</td></tr></table>\n</body></html>\n");
		return out.toString();
	}

	private void header(StringBuilder out, Digest digest, Palette palette) {
		out.append("<tr><td style=\"padding:16px 20px;background:")
			.append(palette.background)
			.append(";border-bottom:4px solid ")
			.append(palette.accent)
			.append(";border-radius:6px 6px 0 0;\">\n")
			.append("<div style=\"font-size:20px;font-weight:600;color:")
			.append(palette.accent)
			.append(";\">")
			.append(HtmlText.escape(DigestFormat.summary(digest)))
			.append("</div>\n<div style=\"font-size:14px;margin-top:4px;\">")
			.append(HtmlText.escape(DigestFormat.title(digest)))
			.append("</div>\n</td></tr>\n");
		out.append("<tr><td style=\"padding:12px 20px;font-size:14px;\">\n")
			.append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:14px;\">\n");
		row(out, "Application", HtmlText.escape(digest.application()));
		row(out, "Host", HtmlText.escape(digest.host()));
		row(out, "Window", HtmlText.escape(this.format.time(digest.windowStart()) + " to "
				+ this.format.time(digest.windowEnd()) + " (" + DigestFormat.duration(digest.window()) + ")"));
		row(out, "Sent because", HtmlText.escape(DigestFormat.reason(digest.trigger())) + " <span style=\"color:"
				+ MUTED + ";\">(trigger: " + digest.trigger().headerValue() + ")</span>");
		String held = this.format.held(digest);
		if (held != null) {
			row(out, "Held back",
					"<span style=\"color:#9a6700;font-weight:600;\">" + HtmlText.escape(held) + "</span>");
		}
		String fleet = this.format.fleet(digest);
		if (fleet != null) {
			row(out, "Fleet",
					(digest.fleet().isAlone())
							? "<span style=\"color:#9a6700;font-weight:600;\">" + HtmlText.escape(fleet) + "</span>"
							: HtmlText.escape(fleet));
		}
		if (!digest.entries().isEmpty()) {
			row(out, "Entries", HtmlText.escape(DigestFormat.novelty(digest)));
		}
		out.append("</table>\n</td></tr>\n");
	}

	private static void row(StringBuilder out, String label, String html) {
		out.append(
				"<tr><td style=\"padding:2px 16px 2px 0;color:" + MUTED + ";vertical-align:top;white-space:nowrap;\">")
			.append(label)
			.append("</td><td style=\"padding:2px 0;\">")
			.append(html)
			.append("</td></tr>\n");
	}

	// --- the summary: one line per entry
	// ---------------------------------------------------------------

	private Summary summary(Digest digest, List<DigestEntry> entries, int room) {
		if (entries.isEmpty()) {
			return new Summary("", 0, 0, 0);
		}
		String[] lines = new String[entries.size()];
		long estimate = 0;
		for (int i = 0; i < lines.length; i++) {
			lines[i] = DigestFormat.summaryLine(entries.get(i), SUMMARY_LINE_LENGTH);
			estimate += RICH_ROW_BYTES + lines[i].length();
		}
		// the summary matters most, but leaves room for details when it can
		if (estimate <= room * 0.7 || entries.size() <= 16) {
			String rich = richSummary(digest, entries, lines);
			int richBytes = HtmlBudget.bytes(rich);
			if (richBytes <= room * 0.55 || richBytes <= room && entries.size() <= 16) {
				return new Summary(rich, richBytes, entries.size(), 0);
			}
		}
		for (int length = COMPACT_LINE_LENGTH; length >= 10; length = length * 2 / 3) {
			Summary compact = compactSummary(entries, lines, entries.size(), length);
			if (compact.bytes <= room) {
				return compact;
			}
		}
		// not even short lines fit: list the first entries, count the others
		Summary all = compactSummary(entries, lines, entries.size(), 10);
		int listed = (int) Math.min(entries.size(), (long) room * entries.size() / Math.max(1, all.bytes));
		Summary limited = compactSummary(entries, lines, listed, 10);
		while (limited.bytes > room && listed > 0) {
			listed = Math.max(0, listed - Math.max(1, listed / 20));
			limited = compactSummary(entries, lines, listed, 10);
		}
		return limited;
	}

	private String richSummary(Digest digest, List<DigestEntry> entries, String[] lines) {
		StringBuilder out = new StringBuilder(entries.size() * 320 + 512);
		out.append("<tr><td style=\"padding:8px 20px 12px 20px;border-top:1px solid #d0d7de;\">\n")
			.append("<div style=\"font-size:12px;color:" + MUTED + ";padding-bottom:4px;\">Summary &middot; when: ")
			.append(HtmlText.escape(DigestFormat.barLength(digest)))
			.append("</div>\n<table role=\"presentation\" cellpadding=\"2\" cellspacing=\"0\" style=\"font-size:13px;"
					+ HtmlText.WRAPPING + "\">\n");
		int number = 0;
		for (DigestEntry entry : entries) {
			Palette palette = Palette.of(entry.level());
			out.append("<tr valign=\"top\"><td nowrap style=\"color:")
				.append(palette.accent)
				.append(";font-weight:600;font-size:12px;\">")
				.append(entry.level())
				.append("</td><td nowrap align=\"right\">&times;")
				.append(entry.count())
				.append("</td><td nowrap")
				.append(entry.isNew() ? " style=\"font-weight:600;\">new" : " style=\"color:" + MUTED + ";\">recurring")
				.append("</td><td nowrap style=\"font-family:monospace;color:")
				.append(palette.accent)
				.append(";\">")
				.append(DigestFormat.strip(entry, digest))
				.append("</td><td>#")
				.append(++number)
				.append(' ');
			HtmlText.append(out, lines[number - 1], Integer.MAX_VALUE, 1);
			out.append(" <span style=\"" + MONO + "font-size:11px;color:" + MUTED + ";\">")
				.append(entry.id())
				.append("</span></td></tr>\n");
		}
		out.append("</table>\n</td></tr>\n");
		return out.toString();
	}

	/**
	 * Short lines in one block, coloured per run of one level: number, level, count, new
	 * or recurring, id and the first line cut to {@code length} characters.
	 */
	private Summary compactSummary(List<DigestEntry> entries, String[] lines, int listed, int length) {
		StringBuilder out = new StringBuilder(listed * (48 + length) + 512);
		out.append("<tr><td style=\"padding:8px 20px 12px 20px;border-top:1px solid #d0d7de;font-size:12px;"
				+ HtmlText.WRAPPING)
			.append(MONO)
			.append("\">\n<div style=\"color:" + MUTED + ";\">Summary: # level count new/recurring id message</div>\n");
		Level run = null;
		for (int i = 0; i < listed; i++) {
			DigestEntry entry = entries.get(i);
			if (!entry.level().equals(run)) {
				if (run != null) {
					out.append("</div>\n");
				}
				run = entry.level();
				out.append("<div style=\"color:").append(Palette.of(run).accent).append(";\">");
			}
			out.append('#')
				.append(i + 1)
				.append(' ')
				.append(entry.level())
				.append(" &times;")
				.append(entry.count())
				.append(entry.isNew() ? " new " : " recurring ")
				.append(entry.id())
				.append(' ');
			HtmlText.append(out, DigestFormat.cut(lines[i], length), Integer.MAX_VALUE, 1);
			out.append("<br>\n");
		}
		if (run != null) {
			out.append("</div>\n");
		}
		int unlisted = entries.size() - listed;
		if (unlisted > 0) {
			out.append("<div style=\"color:#1f2328;\">")
				.append(HtmlText.escape(unlisted + DigestFormat.plural(unlisted, " more entry (", " more entries (")
						+ levels(entries.subList(listed, entries.size()))
						+ ") are listed in the plain-text part only, to keep this email under " + (this.maxBytes / 1000)
						+ " KB."))
				.append("</div>\n");
		}
		out.append("</td></tr>\n");
		String html = out.toString();
		return new Summary(html, HtmlBudget.bytes(html), listed, length);
	}

	private static String levels(List<DigestEntry> entries) {
		long[] perLevel = new long[Levels.EVENT_LEVELS.size()];
		for (DigestEntry entry : entries) {
			perLevel[Levels.index(entry.level())]++;
		}
		StringBuilder out = new StringBuilder();
		for (Map.Entry<Level, Long> count : Levels.toMap(perLevel).entrySet()) {
			out.append((out.length() > 0) ? ", " : "").append(count.getValue()).append(' ').append(count.getKey());
		}
		return out.toString();
	}

	private String notice(Summary summary, int shortened, int left) {
		if (shortened == 0 && left == 0 && summary.lineLength == 0) {
			return "";
		}
		StringBuilder says = new StringBuilder(
				"To keep this email under " + (this.maxBytes / 1000) + " KB (longer ones are clipped by Gmail), ");
		List<String> what = new ArrayList<>(3);
		if (summary.lineLength > 0) {
			what.add("the summary lines are short");
		}
		if (shortened > 0) {
			what.add("the details of " + shortened + DigestFormat.plural(shortened, " entry are", " entries are")
					+ " shortened");
		}
		if (left > 0) {
			what.add("the details of " + left + DigestFormat.plural(left, " entry are", " entries are") + " left out");
		}
		says.append(String.join(", ", what)).append(". The plain-text part of this email has every entry in full.");
		return "<tr><td style=\"padding:8px 20px;background:#fff8c5;border-top:1px solid #d0d7de;font-size:13px;\">"
				+ HtmlText.escape(says.toString()) + "</td></tr>\n";
	}

	// --- the details of each entry
	// -------------------------------------------------------------------

	private Detail[] details(Digest digest, List<DigestEntry> entries, int room) {
		Detail[] details = new Detail[entries.size()];
		for (int i = 0; i < details.length; i++) {
			details[i] = new Detail(digest, entries.get(i), i + 1);
		}
		Detail[] shortenedFirst = details.clone();
		Arrays.sort(shortenedFirst, Comparator.comparing((Detail detail) -> detail.entry, SHORTENED_FIRST));
		HtmlBudget.fit(Arrays.asList(details), Arrays.asList(shortenedFirst), room);
		return details;
	}

	/** About the bytes of an entry's details without message and stack trace. */
	private static int headEstimate(DigestEntry entry) {
		// the instances of an entry in fleet mode: at most 8 names of at most 64
		// characters
		return 1400 + entry.logger().length() + entry.thread().length() + 700;
	}

	/** The details of one entry, at a tier of shortening. */
	private final class Detail implements HtmlBudget.Part {

		private final Digest digest;

		private final DigestEntry entry;

		private final int number;

		private String head;

		private HtmlBudget tier = HtmlBudget.FULL;

		private String html = "";

		private int bytes;

		private boolean shortened;

		Detail(Digest digest, DigestEntry entry, int number) {
			this.digest = digest;
			this.entry = entry;
			this.number = number;
		}

		@Override
		public HtmlBudget tier() {
			return this.tier;
		}

		@Override
		public int bytes() {
			return this.bytes;
		}

		@Override
		public int headEstimate() {
			return DigestHtmlRenderer.headEstimate(this.entry);
		}

		@Override
		public void render(HtmlBudget tier) {
			this.tier = tier;
			if (tier == HtmlBudget.NONE) {
				this.html = "";
				this.bytes = 0;
				return;
			}
			if (tier.shortensStackOnly() && this.entry.stackTrace().isEmpty()) {
				// nothing to shorten at this tier
				return;
			}
			StringBuilder out = new StringBuilder(1024);
			this.shortened = entryHtml(out, this);
			this.html = out.toString();
			this.bytes = HtmlBudget.bytes(this.html);
		}

	}

	/**
	 * @return whether something was shortened
	 */
	private boolean entryHtml(StringBuilder out, Detail detail) {
		DigestEntry entry = detail.entry;
		Palette palette = Palette.of(entry.level());
		if (detail.head == null) {
			detail.head = head(detail.digest, entry, detail.number, palette);
		}
		out.append("<tr><td style=\"padding:12px 20px;border-top:1px solid #d0d7de;\">\n")
			.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-left:4px solid ")
			.append(palette.accent)
			.append(";\"><tr><td style=\"padding:4px 0 4px 12px;" + HtmlText.WRAPPING + "\">\n")
			.append(detail.head);
		HtmlBudget tier = detail.tier;
		boolean shortened = false;
		if (tier.showsBody()) {
			out.append("<div style=\"margin:8px 0;padding:8px 10px;background:")
				.append(palette.background)
				.append(";border-radius:4px;")
				.append(MONO)
				.append(HtmlText.WRAPPING)
				.append("font-size:13px;color:#1f2328;\">");
			shortened |= HtmlText.append(out, entry.message(), tier.messageChars(), tier.messageLines());
			out.append("</div>\n");
			String messages = DigestFormat.messages(entry);
			if (messages != null) {
				out.append("<div style=\"font-size:12px;color:" + MUTED + ";\">")
					.append(HtmlText.escape(messages))
					.append("</div>\n<div style=\"margin:4px 0 8px 0;padding:8px 10px;background:")
					.append(palette.background)
					.append(";border-radius:4px;")
					.append(MONO)
					.append(HtmlText.WRAPPING)
					.append("font-size:13px;color:#1f2328;\">");
				shortened |= HtmlText.append(out, entry.lastMessage(), tier.messageChars(), tier.messageLines());
				out.append("</div>\n");
			}
			shortened |= mdc(out, entry.mdc(), tier);
			if (!entry.stackTrace().isEmpty()) {
				out.append("<div style=\"margin:8px 0 0 0;padding:8px 10px;background:#f6f8fa;border-radius:4px;")
					.append(MONO)
					.append(HtmlText.WRAPPING)
					.append("font-size:12px;color:#57606a;\">");
				shortened |= HtmlText.append(out, entry.stackTrace(), tier.stackChars(), tier.stackLines());
				out.append("</div>\n");
			}
		}
		else {
			shortened = true;
		}
		if (shortened) {
			out.append("<div style=\"font-size:12px;color:#9a6700;margin-top:4px;\">Shortened to fit this email: ")
				.append("the plain-text part has this entry in full.</div>\n");
		}
		out.append("</td></tr></table>\n</td></tr>\n");
		return shortened;
	}

	private String head(Digest digest, DigestEntry entry, int number, Palette palette) {
		StringBuilder out = new StringBuilder(768);
		out.append("<div style=\"font-size:14px;\">")
			.append("<span style=\"padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px;color:#ffffff;background:")
			.append(palette.accent)
			.append(";\">")
			.append(entry.level())
			.append("</span> <b style=\"font-size:16px;\">&times;")
			.append(entry.count())
			.append("</b> <span style=\"color:" + MUTED + ";\">#")
			.append(number)
			.append("</span> <span style=\"")
			.append(MONO)
			.append("font-size:13px;\">");
		HtmlText.append(out, entry.logger(), Integer.MAX_VALUE, 1);
		out.append("</span></div>\n<div style=\"font-size:12px;color:" + MUTED + ";margin-top:2px;\">id <span style=\"")
			.append(MONO)
			.append("color:#1f2328;\">")
			.append(entry.id())
			.append("</span> &middot; ");
		if (entry.isNew()) {
			out.append("<b style=\"color:#1f2328;\">new</b>");
		}
		else {
			out.append("recurring, first reported ").append(HtmlText.escape(this.format.time(entry.firstReported())));
		}
		out.append(" &middot; <span style=\"color:")
			.append(palette.accent)
			.append(";font-family:monospace;font-size:14px;\" title=\"")
			.append(HtmlText.escape(DigestFormat.barLength(digest)))
			.append("\">")
			.append(DigestFormat.strip(entry, digest))
			.append("</span></div>\n");
		out.append("<div style=\"font-size:12px;color:" + MUTED + ";\">First seen ")
			.append(HtmlText.escape(this.format.time(entry.firstSeen())))
			.append(" &middot; last seen ")
			.append(HtmlText.escape(this.format.time(entry.lastSeen())))
			.append(" &middot; thread ");
		HtmlText.append(out, entry.thread(), Integer.MAX_VALUE, 1);
		String instances = DigestFormat.instances(digest, entry);
		if (instances != null) {
			out.append(" &middot; instances ").append(HtmlText.escape(instances));
		}
		link(out, this.links.trace(entry), "trace");
		link(out, this.links.source(entry), "source");
		out.append("</div>\n");
		return out.toString();
	}

	private static void link(StringBuilder out, String url, String text) {
		if (url != null) {
			out.append(" &middot; <a href=\"")
				.append(HtmlText.escape(url))
				.append("\" style=\"color:#0969da;\">")
				.append(text)
				.append("</a>");
		}
	}

	/**
	 * @return whether something was left out
	 */
	private boolean mdc(StringBuilder out, Map<String, String> mdc, HtmlBudget tier) {
		if (mdc.isEmpty()) {
			return false;
		}
		boolean shortened = false;
		out.append("<div style=\"font-size:12px;color:" + MUTED + ";margin-top:2px;\">MDC ");
		int keys = 0;
		for (Map.Entry<String, String> entry : mdc.entrySet()) {
			if (keys == tier.mdcKeys()) {
				out.append(" &hellip;");
				shortened = true;
				break;
			}
			out.append((keys++ == 0) ? "" : " ")
				.append("<span style=\"")
				.append(MONO)
				.append("background:#f6f8fa;padding:0 4px;\">");
			shortened |= HtmlText.append(out, entry.getKey() + "=" + entry.getValue(), tier.mdcChars(), 1);
			out.append("</span>");
		}
		out.append("</div>\n");
		return shortened;
	}

	/**
	 * The summary as rendered.
	 *
	 * @param html the rows
	 * @param bytes its size as UTF-8
	 * @param listed entries it lists
	 * @param lineLength characters of the first line in a compact summary, 0 for full
	 * summary rows
	 */
	private record Summary(String html, int bytes, int listed, int lineLength) {
	}

	private enum Palette {

		ERROR("#cf222e", "#ffebe9"), WARN("#bc4c00", "#fff1e5"), INFO("#0969da", "#ddf4ff"),
		DEBUG("#57606a", "#f6f8fa");

		private final String accent;

		private final String background;

		Palette(String accent, String background) {
			this.accent = accent;
			this.background = background;
		}

		static Palette of(Level level) {
			if (level.toInt() >= Level.ERROR_INT) {
				return ERROR;
			}
			if (level.toInt() >= Level.WARN_INT) {
				return WARN;
			}
			return (level.toInt() >= Level.INFO_INT) ? INFO : DEBUG;
		}

	}

}
