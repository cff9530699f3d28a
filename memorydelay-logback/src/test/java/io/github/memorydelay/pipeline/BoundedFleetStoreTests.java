package io.github.memorydelay.pipeline;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.memorydelay.Await;
import io.github.memorydelay.fleet.FleetStore;
import io.github.memorydelay.fleet.FleetStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * At most four calls to the fleet store are under way at once, a call abandoned after the
 * timeout included for as long as the store hangs in it; quick calls one after the other
 * are never refused.
 */
class BoundedFleetStoreTests {

	private final ExecutorService callers = Executors.newFixedThreadPool(4);

	private BoundedFleetStore bounded;

	@AfterEach
	void stop() throws InterruptedException {
		this.callers.shutdownNow();
		assertThat(this.callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		if (this.bounded != null) {
			this.bounded.close();
		}
	}

	/** A store whose every call returns at once, or runs the given action first. */
	private static FleetStore store(Runnable action) {
		return (FleetStore) Proxy.newProxyInstance(FleetStore.class.getClassLoader(),
				new Class<?>[] { FleetStore.class }, (proxy, method, args) -> {
					action.run();
					return (method.getReturnType() == boolean.class) ? Boolean.FALSE
							: (method.getReturnType() == int.class) ? 0 : null;
				});
	}

	@Test
	void quickCallsOneAfterTheOtherOnFourThreadsAreNeverRefused() throws Exception {
		this.bounded = new BoundedFleetStore(store(() -> {
		}), Duration.ofSeconds(10));
		List<Future<?>> loops = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			loops.add(this.callers.submit(() -> {
				for (int i = 0; i < 5_000; i++) {
					this.bounded.releaseLease("a");
				}
				return null;
			}));
		}
		for (Future<?> loop : loops) {
			// a refused call would fail the loop with a FleetStoreException
			loop.get(60, TimeUnit.SECONDS);
		}
	}

	@Test
	void callsThatHangCountUntilTheStoreReturnsEvenWhenAbandoned() throws Exception {
		CountDownLatch inside = new CountDownLatch(4);
		CountDownLatch answer = new CountDownLatch(1);
		AtomicBoolean hanging = new AtomicBoolean(true);
		this.bounded = new BoundedFleetStore(store(() -> {
			if (!hanging.get()) {
				return;
			}
			inside.countDown();
			// as a database behind a dead network: deaf to interrupts
			boolean answered = false;
			while (!answered) {
				try {
					answered = answer.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					// abandoned by the caller, still hanging
				}
			}
		}), Duration.ofMillis(200));
		List<Future<?>> hung = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			hung.add(this.callers.submit(() -> this.bounded.releaseLease("a")));
		}
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		for (Future<?> call : hung) {
			// each was abandoned after the timeout
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> call.get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(FleetStoreException.class)
				.withMessageContaining("did not answer within 200ms (releaseLease)");
		}
		hanging.set(false);
		assertThatExceptionOfType(FleetStoreException.class).isThrownBy(() -> this.bounded.state())
			.withMessage("The fleet store did not answer 4 calls that are still under way; state is not tried");
		answer.countDown();
		Await.until("the hung calls to return", () -> {
			try {
				this.bounded.state();
				return true;
			}
			catch (FleetStoreException ex) {
				return false;
			}
		});
	}

}
