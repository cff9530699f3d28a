package io.github.memorydelay.pipeline;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * Renders a throwable proxy as text, bounded in lines and characters, so that an entry's
 * memory stays bounded whatever was thrown.
 */
final class StackTraces {

	private static final int MAX_CAUSES = 8;

	private StackTraces() {
	}

	static String render(IThrowableProxy throwable, int maxLines, int maxChars) {
		if (throwable == null) {
			return "";
		}
		StringBuilder out = new StringBuilder(256);
		int[] budget = { maxLines };
		appendThrowable(out, throwable, "", 0, budget);
		if (out.length() > maxChars) {
			out.setLength(maxChars);
			out.append("\n\t... (stack trace truncated)");
		}
		return out.toString();
	}

	private static void appendThrowable(StringBuilder out, IThrowableProxy throwable, String prefix, int depth,
			int[] budget) {
		out.append(prefix).append(throwable.getClassName());
		if (throwable.getMessage() != null) {
			out.append(": ").append(throwable.getMessage());
		}
		StackTraceElementProxy[] frames = throwable.getStackTraceElementProxyArray();
		int own = (frames != null) ? frames.length - throwable.getCommonFrames() : 0;
		int shown = 0;
		for (; shown < own && budget[0] > 0; shown++, budget[0]--) {
			out.append("\n\tat ").append(frames[shown].getStackTraceElement());
		}
		if (shown < own) {
			out.append("\n\t... ").append(own - shown).append(" more");
		}
		if (throwable.getCommonFrames() > 0) {
			out.append("\n\t... ").append(throwable.getCommonFrames()).append(" common frames omitted");
		}
		IThrowableProxy cause = throwable.getCause();
		if (cause != null && depth < MAX_CAUSES) {
			out.append('\n');
			appendThrowable(out, cause, "Caused by: ", depth + 1, budget);
		}
	}

}
