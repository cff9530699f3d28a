package io.github.memorydelay.sample.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Keeps product pages in memory.
 */
@Component
public class CatalogCache {

	private static final Logger logger = LoggerFactory.getLogger(CatalogCache.class);

	/**
	 * Reports that the cache is nearly full.
	 * @param percent how full it is
	 * @param evicted entries evicted
	 */
	public void nearlyFull(int percent, int evicted) {
		logger.warn("Catalog cache {}% full, evicted {} entries", percent, evicted);
	}

}
