package io.github.memorydelay.sample;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.memorydelay.sample.shop.CatalogCache;
import io.github.memorydelay.sample.shop.CheckoutService;
import io.github.memorydelay.sample.shop.HealthChecks;
import io.github.memorydelay.sample.shop.InventoryClient;
import io.github.memorydelay.sample.shop.PartnerFeedImport;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a {@link Scenario} on the shop's worker thread, as background work would, and
 * returns once every event is logged. The stack traces in the digest are then the shop's
 * own, not the web server's.
 */
@Component
public class ScenarioRunner implements DisposableBean {

	private final CheckoutService checkout;

	private final InventoryClient inventory;

	private final CatalogCache catalog;

	private final PartnerFeedImport partnerFeed;

	private final HealthChecks healthChecks;

	private final ExecutorService worker = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "shop-worker");
		thread.setDaemon(true);
		return thread;
	});

	private int orders = 4710;

	public ScenarioRunner(CheckoutService checkout, InventoryClient inventory, CatalogCache catalog,
			PartnerFeedImport partnerFeed, HealthChecks healthChecks) {
		this.checkout = checkout;
		this.inventory = inventory;
		this.catalog = catalog;
		this.partnerFeed = partnerFeed;
		this.healthChecks = healthChecks;
	}

	/**
	 * Logs the scenario's events and waits until they are logged.
	 * @param scenario what to log
	 */
	public void run(Scenario scenario) {
		try {
			this.worker.submit(() -> log(scenario)).get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while logging " + scenario.id(), ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not log " + scenario.id(), ex);
		}
	}

	private void log(Scenario scenario) {
		switch (scenario) {
			case WARNINGS -> {
				this.checkout.slowProvider(1840);
				this.catalog.nearlyFull(91, 120);
				this.checkout.slowProvider(2310);
				this.inventory.lowStock("SKU-1024", 2);
				this.catalog.nearlyFull(96, 310);
				this.checkout.slowProvider(1275);
			}
			case ERROR -> this.checkout.checkout("ORD-" + (++this.orders), "alice@example.com");
			case IDENTICAL -> {
				for (int i = 0; i < scenario.events(); i++) {
					this.inventory.reserve("SKU-1024");
				}
			}
			case ROWS -> this.partnerFeed.importRows(scenario.events());
			case DISTINCT -> this.healthChecks.failAll(scenario.events());
		}
	}

	@Override
	public void destroy() {
		this.worker.shutdownNow();
	}

}
