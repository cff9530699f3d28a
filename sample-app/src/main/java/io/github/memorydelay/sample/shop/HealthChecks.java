package io.github.memorydelay.sample.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The shop's health checks of the services it calls, each of which can fail in its own
 * way: different problems, each its own entry.
 */
@Component
public class HealthChecks {

	private static final Logger logger = LoggerFactory.getLogger(HealthChecks.class);

	private static final String[] SERVICES = { "billing", "catalog", "checkout", "coupons", "inventory", "invoicing",
			"ledger", "payments", "search", "shipping" };

	private static final String[] FAILURES = { "connection pool exhausted", "disk nearly full",
			"certificate about to expire", "queue backing up", "replica lagging behind", "cache cold",
			"schema out of date", "rate limit reached" };

	/**
	 * Runs the checks, each failing with a warning of its own.
	 * @param problems how many checks fail, up to 80
	 */
	public void failAll(int problems) {
		for (int i = 0; i < Math.min(problems, SERVICES.length * FAILURES.length); i++) {
			String service = SERVICES[i % SERVICES.length];
			String failure = FAILURES[i / SERVICES.length];
			logger.warn("Health check of the " + service + " service failed: " + failure);
		}
	}

}
