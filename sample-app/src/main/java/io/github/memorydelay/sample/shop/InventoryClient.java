package io.github.memorydelay.sample.shop;

import java.net.SocketTimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reserves stock with the inventory service, which in this shop never answers.
 */
@Component
public class InventoryClient {

	private static final Logger logger = LoggerFactory.getLogger(InventoryClient.class);

	/**
	 * Tries to reserve an item; the timeout is logged as a warning and retried later.
	 * @param sku the item
	 */
	public void reserve(String sku) {
		try {
			call(sku);
		}
		catch (InventoryUnavailableException ex) {
			logger.warn("Inventory service timed out, will retry reservation of {}", sku, ex);
		}
	}

	/**
	 * Reports low stock.
	 * @param sku the item
	 * @param left how many are left
	 */
	public void lowStock(String sku, int left) {
		logger.warn("Stock of {} below safety level: {} left", sku, left);
	}

	private void call(String sku) {
		throw new InventoryUnavailableException("No answer from inventory-service for " + sku,
				new SocketTimeoutException("Read timed out after 2000 ms"));
	}

}
