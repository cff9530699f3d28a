package io.github.memorydelay.mail;

import java.util.ArrayList;
import java.util.List;

import io.github.memorydelay.pipeline.InvalidSettingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Strict parsing of the address settings ({@code to}, {@code cc}, {@code bcc},
 * {@code from}) for both front ends: an address that does not parse is an
 * {@link InvalidSettingException} naming the setting and the value.
 */
public final class MailAddresses {

	private MailAddresses() {
	}

	/**
	 * Parses the elements of a repeatable option, each one address or several separated
	 * by commas, as in Logback's {@code SMTPAppender}.
	 * @param setting the setting, for the message
	 * @param values the elements
	 * @return the addresses
	 * @throws InvalidSettingException naming the setting and the bad value
	 */
	public static InternetAddress[] parseAll(String setting, List<String> values) {
		List<InternetAddress> addresses = new ArrayList<>();
		for (String value : values) {
			addresses.addAll(List.of(parse(setting, value)));
		}
		return addresses.toArray(new InternetAddress[0]);
	}

	/**
	 * Parses exactly one address.
	 * @param setting the setting, for the message
	 * @param value the address
	 * @return the address
	 * @throws InvalidSettingException naming the setting and the bad value
	 */
	public static InternetAddress parseOne(String setting, String value) {
		InternetAddress[] addresses = parse(setting, value);
		if (addresses.length != 1) {
			throw invalid(setting, value, "one address is expected here");
		}
		return addresses[0];
	}

	private static InternetAddress[] parse(String setting, String value) {
		if (value == null || value.isBlank()) {
			throw invalid(setting, value, "the value is empty");
		}
		if (value.chars().anyMatch(Character::isISOControl)) {
			throw invalid(setting, value, "it contains control characters");
		}
		try {
			InternetAddress[] addresses = InternetAddress.parse(value.trim(), true);
			if (addresses.length == 0) {
				throw invalid(setting, value, "no address in it");
			}
			for (InternetAddress address : addresses) {
				address.validate();
			}
			return addresses;
		}
		catch (AddressException ex) {
			throw invalid(setting, value, "not an email address (" + ex.getMessage() + ")");
		}
	}

	private static InvalidSettingException invalid(String setting, String value, String reason) {
		return new InvalidSettingException(setting, value, (name) -> reason,
				(name) -> "Set " + name.apply(setting) + " to email addresses such as ops@example.com or "
						+ "'On call <ops@example.com>', separated by commas.");
	}

}
