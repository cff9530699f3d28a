package io.github.memorydelay.sample.shop;

import java.math.BigDecimal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;

/**
 * Takes payment for orders.
 */
@Service
public class CheckoutService {

	private static final Logger logger = LoggerFactory.getLogger(CheckoutService.class);

	private final PaymentGateway paymentGateway;

	public CheckoutService(PaymentGateway paymentGateway) {
		this.paymentGateway = paymentGateway;
	}

	/**
	 * Checks an order out; payment fails and is logged as an error.
	 * @param orderId the order
	 * @param customer who ordered
	 */
	public void checkout(String orderId, String customer) {
		MDC.put("orderId", orderId);
		MDC.put("customer", customer);
		// as a tracer (Micrometer Tracing, OpenTelemetry) puts it: the digest links to it
		MDC.put("traceId", String.format("%016x%016x", (long) orderId.hashCode(), (long) customer.hashCode()));
		try {
			this.paymentGateway.charge(orderId, new BigDecimal("129.90"));
		}
		catch (PaymentDeclinedException ex) {
			logger.error("Payment failed for order {}", orderId, ex);
		}
		finally {
			MDC.remove("orderId");
			MDC.remove("customer");
			MDC.remove("traceId");
		}
	}

	/**
	 * Reports a slow answer of the payment provider.
	 * @param millis how long it took
	 */
	public void slowProvider(long millis) {
		logger.warn("Payment provider answered in {} ms (threshold 1000 ms)", millis);
	}

}
