package io.github.memorydelay.sample.shop;

import java.io.IOException;
import java.math.BigDecimal;

import org.springframework.stereotype.Component;

/**
 * The payment provider's client. In this shop every card is declined.
 */
@Component
public class PaymentGateway {

	/**
	 * Charges an order.
	 * @param orderId the order
	 * @param amount the amount, in euros
	 * @throws PaymentDeclinedException always
	 */
	public void charge(String orderId, BigDecimal amount) {
		try {
			authorize(amount);
		}
		catch (IOException ex) {
			throw new PaymentDeclinedException("Charge of " + amount + " EUR for order " + orderId + " declined", ex);
		}
	}

	private void authorize(BigDecimal amount) throws IOException {
		throw new IOException("Issuer answered 402: insufficient funds (code 51)");
	}

}
