package io.github.memorydelay.logback;

import java.time.ZoneId;
import java.util.Map;

import ch.qos.logback.classic.Level;

/**
 * Renders a digest as HTML, the {@code text/html} part of the email: inline styles only, no script, no
 * external resources, severity visible at a glance. Everything that comes from an event is escaped.
 */
public final class DigestHtmlRenderer {

	private static final String FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";

	private static final String MONO = "font-family:SFMono-Regular,Consolas,'Liberation Mono',Menlo,monospace;";

	private final DigestFormat format;

	public DigestHtmlRenderer() {
		this(ZoneId.systemDefault());
	}

	public DigestHtmlRenderer(ZoneId zone) {
		this.format = new DigestFormat(zone);
	}

	public String render(Digest digest) {
		StringBuilder out = new StringBuilder(4096 + digest.entries().size() * 1024);
		Level most = digest.mostSevereLevel();
		Palette headline = Palette.of((most != null) ? most : Level.INFO);
		out.append("<!DOCTYPE html>\n<html><head><meta charset=\"UTF-8\">")
			.append("<meta name=\"viewport\" content=\"width=device-width\"><title>")
			.append(escape(DigestFormat.title(digest)))
			.append("</title></head>\n<body style=\"margin:0;padding:0;background:#f4f5f7;")
			.append(FONT)
			.append("color:#1f2328;\">\n");
		out.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" ")
			.append("style=\"background:#f4f5f7;\"><tr><td align=\"center\" style=\"padding:16px;\">\n")
			.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" ")
			.append("style=\"max-width:880px;background:#ffffff;border:1px solid #d0d7de;border-radius:6px;\">\n");
		header(out, digest, headline);
		int number = 0;
		for (DigestEntry entry : DigestFormat.bySeverity(digest.entries())) {
			entry(out, entry, ++number);
		}
		if (digest.notShownEvents() > 0) {
			out.append("<tr><td style=\"padding:12px 20px;background:#fff8c5;border-top:1px solid #d0d7de;")
				.append("font-size:14px;\">")
				.append(escape(DigestFormat.notShown(digest)))
				.append("</td></tr>\n");
		}
		out.append("<tr><td style=\"padding:12px 20px;border-top:1px solid #d0d7de;color:#656d76;font-size:12px;\">")
			.append("Sent by memorydelay. Identical events are shown once with their count.</td></tr>\n");
		out.append("</table>\n</td></tr></table>\n</body></html>\n");
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
			.append(escape(DigestFormat.summary(digest)))
			.append("</div>\n<div style=\"font-size:14px;margin-top:4px;\">")
			.append(escape(DigestFormat.title(digest)))
			.append("</div>\n</td></tr>\n");
		out.append("<tr><td style=\"padding:12px 20px;font-size:14px;\">\n")
			.append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:14px;\">\n");
		row(out, "Application", escape(digest.application()));
		row(out, "Host", escape(digest.host()));
		row(out, "Window", escape(this.format.time(digest.windowStart()) + " to " + this.format.time(digest.windowEnd())
				+ " (" + DigestFormat.duration(digest.window()) + ")"));
		row(out, "Sent because", escape(DigestFormat.reason(digest.trigger())) + " <span style=\"color:#656d76;\">(trigger: "
				+ digest.trigger().headerValue() + ")</span>");
		String held = this.format.held(digest);
		if (held != null) {
			row(out, "Held back", "<span style=\"color:#9a6700;font-weight:600;\">" + escape(held) + "</span>");
		}
		out.append("</table>\n</td></tr>\n");
	}

	private static void row(StringBuilder out, String label, String html) {
		out.append("<tr><td style=\"padding:2px 16px 2px 0;color:#656d76;vertical-align:top;white-space:nowrap;\">")
			.append(label)
			.append("</td><td style=\"padding:2px 0;\">")
			.append(html)
			.append("</td></tr>\n");
	}

	private void entry(StringBuilder out, DigestEntry entry, int number) {
		Palette palette = Palette.of(entry.level());
		out.append("<tr><td style=\"padding:12px 20px;border-top:1px solid #d0d7de;\">\n")
			.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-left:4px solid ")
			.append(palette.accent)
			.append(";\"><tr><td style=\"padding:4px 0 4px 12px;\">\n");
		out.append("<div style=\"font-size:14px;\">")
			.append("<span style=\"display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px;color:#ffffff;background:")
			.append(palette.accent)
			.append(";\">")
			.append(entry.level())
			.append("</span> <span style=\"font-weight:600;font-size:16px;\">&times;")
			.append(entry.count())
			.append("</span> <span style=\"color:#656d76;\">#")
			.append(number)
			.append("</span> <span style=\"")
			.append(MONO)
			.append("font-size:13px;\">")
			.append(escape(entry.logger()))
			.append("</span></div>\n");
		out.append("<pre style=\"margin:8px 0;padding:8px 10px;background:")
			.append(palette.background)
			.append(";border-radius:4px;white-space:pre-wrap;word-break:break-word;")
			.append(MONO)
			.append("font-size:13px;color:#1f2328;\">")
			.append(escape(entry.message()))
			.append("</pre>\n");
		out.append("<div style=\"font-size:12px;color:#656d76;\">First seen ")
			.append(escape(this.format.time(entry.firstSeen())))
			.append(" &middot; last seen ")
			.append(escape(this.format.time(entry.lastSeen())))
			.append(" &middot; thread ")
			.append(escape(entry.thread()))
			.append("</div>\n");
		if (!entry.mdc().isEmpty()) {
			out.append("<div style=\"font-size:12px;color:#656d76;margin-top:2px;\">MDC ");
			boolean first = true;
			for (Map.Entry<String, String> mdc : entry.mdc().entrySet()) {
				out.append(first ? "" : " ")
					.append("<code style=\"")
					.append(MONO)
					.append("background:#f6f8fa;padding:0 4px;border-radius:3px;\">")
					.append(escape(mdc.getKey()))
					.append('=')
					.append(escape(mdc.getValue()))
					.append("</code>");
				first = false;
			}
			out.append("</div>\n");
		}
		if (!entry.stackTrace().isEmpty()) {
			out.append("<pre style=\"margin:8px 0 0 0;padding:8px 10px;background:#f6f8fa;border-radius:4px;")
				.append("white-space:pre-wrap;word-break:break-word;")
				.append(MONO)
				.append("font-size:12px;color:#57606a;\">")
				// no-break spaces keep "at" with its frame when a long frame wraps
				.append(escape(entry.stackTrace()).replace("\tat ", "&nbsp;&nbsp;&nbsp;&nbsp;at&nbsp;"))
				.append("</pre>\n");
		}
		out.append("</td></tr></table>\n</td></tr>\n");
	}

	/**
	 * Escapes text for HTML element content and attribute values.
	 * @param text the text, may be {@code null}
	 * @return the escaped text
	 */
	public static String escape(String text) {
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

	private enum Palette {

		ERROR("#cf222e", "#ffebe9"), WARN("#bc4c00", "#fff1e5"), INFO("#0969da", "#ddf4ff"), DEBUG("#57606a", "#f6f8fa");

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
