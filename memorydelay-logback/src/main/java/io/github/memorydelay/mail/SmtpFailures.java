package io.github.memorydelay.mail;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import io.github.memorydelay.delivery.MessageRefusedException;
import io.github.memorydelay.delivery.PartialDeliveryException;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

/**
 * Tells what an SMTP failure means for a digest: refused for good (a 5xx reply),
 * delivered to some of its recipients only, or a failure that may pass (no connection, a
 * timeout, a 4xx reply).
 */
public final class SmtpFailures {

	private SmtpFailures() {
	}

	/**
	 * What a failure to send means.
	 * @param failure what the mail library threw
	 * @return a {@link MessageRefusedException} for a 5xx reply, a
	 * {@link PartialDeliveryException} when some recipients accepted the message, else
	 * the failure itself
	 */
	public static Exception translate(MessagingException failure) {
		SendFailedException sendFailed = find(failure, SendFailedException.class);
		if (sendFailed != null && !isEmpty(sendFailed.getValidSentAddresses())) {
			List<String> notReached = addresses(sendFailed.getInvalidAddresses());
			// deferred (4xx) recipients do not get this digest either
			notReached.addAll(addresses(sendFailed.getValidUnsentAddresses()));
			return new PartialDeliveryException(notReached, reply(failure), failure);
		}
		int code = returnCode(failure);
		if (code >= 500 && code < 600) {
			return new MessageRefusedException(reply(failure), failure);
		}
		return failure;
	}

	/**
	 * What to say when the SMTP server refused the login: a refused login is not a
	 * refused digest, which is kept and sent once the login works.
	 * @param failure the failure, an {@code AuthenticationFailedException}
	 * @param credentials how the configuration names the user name and the password
	 * @return the failure to report, with what to do
	 */
	public static MessagingException refusedLogin(MessagingException failure, String credentials) {
		String reply = reply(failure);
		String what = (reply.contains("5.7.139") || reply.contains("5.7.30"))
				? "the provider no longer accepts passwords for SMTP (basic authentication is disabled) and takes an "
						+ "OAuth 2.0 token (XOAUTH2) instead"
				: "check " + credentials;
		return new MessagingException("the SMTP server refused the login (" + reply + "): " + what
				+ "; the digest is kept and sent once the login works", failure);
	}

	private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = next(current)) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
		}
		return null;
	}

	private static Throwable next(Throwable current) {
		Throwable next = (current instanceof MessagingException messaging) ? messaging.getNextException()
				: current.getCause();
		return (next != current) ? next : null;
	}

	/**
	 * The SMTP reply code of the failure: what the SMTP transport's exceptions say (their
	 * {@code getReturnCode()}, present in Angus Mail and the older Jakarta Mail
	 * implementations alike), or the code an authentication failure starts with.
	 */
	private static int returnCode(Throwable failure) {
		for (Throwable current = failure; current != null; current = next(current)) {
			try {
				Method method = current.getClass().getMethod("getReturnCode");
				Object code = method.invoke(current);
				if (code instanceof Integer value && value > 0) {
					return value;
				}
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				// not an SMTP transport exception
			}
		}
		return -1;
	}

	/**
	 * The server's reply: the message of the innermost failure that carries one, on one
	 * line.
	 */
	private static String reply(Throwable failure) {
		String reply = null;
		for (Throwable current = failure; current != null; current = next(current)) {
			String message = current.getMessage();
			if (message != null && message.trim().matches("(?s)^[2-5]\\d\\d\\b.*")) {
				reply = message;
			}
		}
		if (reply == null) {
			reply = String.valueOf(failure.getMessage());
		}
		return reply.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").trim();
	}

	private static boolean isEmpty(Address[] addresses) {
		return addresses == null || addresses.length == 0;
	}

	private static List<String> addresses(Address[] addresses) {
		List<String> result = new ArrayList<>();
		if (addresses != null) {
			for (Address address : addresses) {
				result.add(address.toString());
			}
		}
		return result;
	}

}
