package io.github.memorydelay.mail;

import java.util.ArrayList;
import java.util.List;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Strict parsing of the address options of the appender: an address that does not parse
 * is an error naming the option and the value.
 */
final class MailAddresses {

	private MailAddresses() {
	}

	/**
	 * Parses the elements of a repeatable option, each one address or several separated
	 * by commas, as in Logback's {@code SMTPAppender}.
	 * @param option the option, for the message
	 * @param values the elements
	 * @return the addresses
	 * @throws IllegalArgumentException naming the option and the bad value
	 */
	static InternetAddress[] parseAll(String option, List<String> values) {
		List<InternetAddress> addresses = new ArrayList<>();
		for (String value : values) {
			addresses.addAll(List.of(parse(option, value)));
		}
		return addresses.toArray(new InternetAddress[0]);
	}

	/**
	 * Parses exactly one address.
	 * @param option the option, for the message
	 * @param value the address
	 * @return the address
	 * @throws IllegalArgumentException naming the option and the bad value
	 */
	static InternetAddress parseOne(String option, String value) {
		InternetAddress[] addresses = parse(option, value);
		if (addresses.length != 1) {
			throw invalid(option, value, "one address is expected here");
		}
		return addresses[0];
	}

	private static InternetAddress[] parse(String option, String value) {
		if (value == null || value.isBlank()) {
			throw invalid(option, value, "the value is empty");
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw invalid(option, value, "it contains control characters");
		}
		try {
			InternetAddress[] addresses = InternetAddress.parse(value.trim(), true);
			if (addresses.length == 0) {
				throw invalid(option, value, "no address in it");
			}
			for (InternetAddress address : addresses) {
				address.validate();
			}
			return addresses;
		}
		catch (AddressException ex) {
			throw invalid(option, value, "not an email address (" + ex.getMessage() + ")");
		}
	}

	private static IllegalArgumentException invalid(String option, String value, String reason) {
		return new IllegalArgumentException("option <" + option + "> has [" + value + "]: " + reason
				+ "; use addresses such as ops@example.com or 'On call <ops@example.com>', separated by commas");
	}

}
