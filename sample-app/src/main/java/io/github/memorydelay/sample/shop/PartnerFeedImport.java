package io.github.memorydelay.sample.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Imports a partner's product feed, a file whose rows are all broken.
 */
@Component
public class PartnerFeedImport {

	private static final Logger logger = LoggerFactory.getLogger(PartnerFeedImport.class);

	private static final String[] QUANTITIES = { "12,5", "n/a", "ten", "-", "1e3", "0x1F", "?" };

	/**
	 * Imports rows, each rejected with a warning. The message is built by string
	 * concatenation, so every row's differs; their template is one, so they are one
	 * entry.
	 * @param rows how many rows
	 */
	public void importRows(int rows) {
		for (int row = 1; row <= rows; row++) {
			String quantity = QUANTITIES[row % QUANTITIES.length];
			try {
				parseQuantity(quantity);
			}
			catch (NumberFormatException ex) {
				logger.warn("Rejected row " + row + " of partner-feed.csv: quantity '" + quantity + "' is not a number",
						ex);
			}
		}
	}

	private static int parseQuantity(String quantity) {
		return Integer.parseInt(quantity);
	}

}
