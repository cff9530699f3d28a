package io.github.memorydelay.pipeline;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.UUID;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.slf4j.helpers.MessageFormatter;

/**
 * How the message of an entry's first event is formatted when a digest or the endpoint
 * first reads it rather than on the thread that logs: formatting is the largest part of
 * what a new entry costs that thread. The entry keeps the {@link #arguments} (no object
 * of their own) and its fingerprint's pattern, and {@link #format formats} them. The text
 * is the one Logback's {@link LoggingEvent} would have formatted at the moment of
 * logging: arguments of immutable types whose text never changes (strings, boxed
 * primitives, {@link UUID}, {@code java.time} values, and the like) are kept as they are,
 * and any other argument (a collection, a bean) is replaced with its {@code toString()}
 * at once, so that the digest shows it as it was when the event was logged. Formatted at
 * once, as Logback's own {@code AsyncAppender} does: an event of another class (one
 * received over the network, say), one with an array argument (which SLF4J renders
 * element by element), one with an argument whose {@code toString()} fails (which SLF4J
 * reports in its own way), and one whose string arguments are longer together than the
 * longest message kept (so that an entry never holds more text than that).
 */
final class DeferredMessage {

	/**
	 * Classes, matched exactly (not subclasses), whose instances never change and whose
	 * text is short; strings, whose length counts, are handled apart.
	 */
	private static final Set<Class<?>> IMMUTABLE = Set.of(Integer.class, Long.class, Short.class, Byte.class,
			Boolean.class, Character.class, Double.class, Float.class, BigInteger.class, BigDecimal.class, UUID.class,
			Instant.class, Duration.class, LocalDate.class, LocalTime.class, LocalDateTime.class, OffsetDateTime.class,
			ZonedDateTime.class);

	private DeferredMessage() {
	}

	/**
	 * The arguments to format the event's message with later, if its text cannot change
	 * until then; the entry keeps them, and the pattern is its fingerprint's.
	 * @param event the event, on the thread that logs it
	 * @param maxLength the longest message kept
	 * @return a copy of the arguments, mutable ones replaced with their text,
	 * {@code null} when the event is to be formatted now
	 */
	static Object[] arguments(ILoggingEvent event, int maxLength) {
		if (event.getClass() != LoggingEvent.class) {
			// another kind of event (one received over the network, say) may carry its
			// text already, or format differently
			return null;
		}
		Object[] arguments = event.getArgumentArray();
		if (arguments == null || arguments.length == 0 || event.getMessage() == null) {
			// nothing to format
			return null;
		}
		// a copy: the caller may fill its array again for its next event
		Object[] kept = arguments.clone();
		long textLength = 0;
		for (int i = 0; i < kept.length; i++) {
			Object argument = kept[i];
			if (argument == null) {
				continue;
			}
			Class<?> type = argument.getClass();
			String text;
			if (type == String.class) {
				text = (String) argument;
			}
			else if (IMMUTABLE.contains(type)) {
				continue;
			}
			else if (type.isArray()) {
				return null;
			}
			else {
				try {
					text = argument.toString();
				}
				catch (Throwable ex) {
					// formatted at once, where SLF4J reports the failure and shows it
					return null;
				}
				kept[i] = text;
			}
			textLength += (text != null) ? text.length() : 0;
			if (textLength > maxLength) {
				// formatted and cut at once: an entry keeps no more text than the
				// longest message, however long the strings logged
				return null;
			}
		}
		return kept;
	}

	/**
	 * Whether the instances of a class never change and have a short text.
	 * @param type the class
	 * @return {@code true} for boxed primitives, {@link UUID}, {@code java.time} values
	 * and the like (not {@link String}, whose length counts)
	 */
	static boolean isImmutable(Class<?> type) {
		return IMMUTABLE.contains(type);
	}

	/**
	 * The message as {@link LoggingEvent#getFormattedMessage()} formats it, cut to the
	 * longest message kept.
	 * @param pattern the event's message pattern
	 * @param arguments what {@link #arguments} kept
	 * @param maxLength the longest message kept
	 * @return the text
	 */
	static String format(String pattern, Object[] arguments, int maxLength) {
		// the arguments hold no throwable (Logback took it out of them): the same text
		// as LoggingEvent's, with or without a throwable proxy
		return truncate(MessageFormatter.arrayFormat(pattern, arguments, null).getMessage(), maxLength);
	}

	/**
	 * A message cut to its longest length, with how much was cut.
	 * @param message the message, {@code null} for none
	 * @param max the longest message kept
	 * @return the message, empty for none
	 */
	static String truncate(String message, int max) {
		if (message == null) {
			return "";
		}
		if (message.length() <= max) {
			return message;
		}
		return message.substring(0, max) + "... (" + (message.length() - max) + " more characters)";
	}

}
