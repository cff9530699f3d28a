package io.github.memorydelay.plain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain application: logs a warning and returns, leaving the digest to Logback's
 * shutdown hook.
 */
public final class PlainMain {

	private PlainMain() {
	}

	public static void main(String[] args) {
		Logger logger = LoggerFactory.getLogger("com.example.batch.NightlyImport");
		logger.warn("Imported with {} rejected rows", 3);
	}

}
