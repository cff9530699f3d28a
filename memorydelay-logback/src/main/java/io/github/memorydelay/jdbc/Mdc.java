package io.github.memorydelay.jdbc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An entry's MDC as one text column: {@code key=value} lines, with backslash, line breaks
 * and {@code =} escaped.
 */
final class Mdc {

	private Mdc() {
	}

	static String encode(Map<String, String> mdc) {
		StringBuilder out = new StringBuilder();
		for (Map.Entry<String, String> item : mdc.entrySet()) {
			escape(out, item.getKey());
			out.append('=');
			escape(out, item.getValue());
			out.append('\n');
		}
		return out.toString();
	}

	static Map<String, String> decode(String text) {
		if (text == null || text.isEmpty()) {
			return Collections.emptyMap();
		}
		Map<String, String> mdc = new LinkedHashMap<>();
		StringBuilder current = new StringBuilder();
		String key = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' && i + 1 < text.length()) {
				char next = text.charAt(++i);
				current.append((next == 'n') ? '\n' : (next == 'r') ? '\r' : next);
			}
			else if (c == '=' && key == null) {
				key = current.toString();
				current.setLength(0);
			}
			else if (c == '\n') {
				mdc.put((key != null) ? key : current.toString(), (key != null) ? current.toString() : "");
				key = null;
				current.setLength(0);
			}
			else {
				current.append(c);
			}
		}
		return Collections.unmodifiableMap(mdc);
	}

	private static void escape(StringBuilder out, String text) {
		if (text == null) {
			return;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '=' -> out.append("\\=");
				default -> out.append(c);
			}
		}
	}

}
