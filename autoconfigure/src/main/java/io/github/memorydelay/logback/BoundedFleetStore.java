package io.github.memorydelay.logback;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;

/**
 * A {@link FleetStore} whose every call returns within a timeout, whatever the store
 * underneath does: a call runs on a daemon thread of its own
 * ({@code memorydelay-fleet-store-*}, never buffered), and a call that takes longer is
 * abandoned with a {@link FleetStoreException}. A database that hangs (no answer, a pool
 * with no connection left) can so never hold up the instance.
 */
final class BoundedFleetStore implements FleetStore {

	/** Calls that may hang at once before further calls fail at once. */
	private static final int MAX_THREADS = 4;

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final FleetStore store;

	private final Duration timeout;

	private final ThreadPoolExecutor executor;

	BoundedFleetStore(FleetStore store, Duration timeout) {
		this.store = store;
		this.timeout = timeout;
		this.executor = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(task) -> OwnLogging.sendingThread(task, "memorydelay-fleet-store-" + THREADS.incrementAndGet()));
	}

	Duration timeout() {
		return this.timeout;
	}

	@Override
	public void initialize() {
		call("initialize", () -> {
			this.store.initialize();
			return null;
		});
	}

	@Override
	public void push(String instance, List<DigestEntry> entries, Map<Level, Long> notShown, long silenced,
			Duration heartbeat) {
		call("push", () -> {
			this.store.push(instance, entries, notShown, silenced, heartbeat);
			return null;
		});
	}

	@Override
	public boolean acquireLease(String instance, Duration lease) {
		return call("acquireLease", () -> this.store.acquireLease(instance, lease));
	}

	@Override
	public void releaseLease(String instance) {
		call("releaseLease", () -> {
			this.store.releaseLease(instance);
			return null;
		});
	}

	@Override
	public FleetState state() {
		return call("state", this.store::state);
	}

	@Override
	public FleetContent read() {
		return call("read", this.store::read);
	}

	@Override
	public boolean remove(String instance, FleetContent delivered, Instant digestAt, Duration lease,
			Collection<String> reported, Instant historySince) {
		return call("remove", () -> this.store.remove(instance, delivered, digestAt, lease, reported, historySince));
	}

	@Override
	public Map<String, Instant> reported(Instant since) {
		return call("reported", () -> this.store.reported(since));
	}

	@Override
	public void requestManual() {
		call("requestManual", () -> {
			this.store.requestManual();
			return null;
		});
	}

	@Override
	public int leave(String instance) {
		return call("leave", () -> this.store.leave(instance));
	}

	@Override
	public void silence(Silence silence) {
		call("silence", () -> {
			this.store.silence(silence);
			return null;
		});
	}

	@Override
	public void endSilence(String id) {
		call("endSilence", () -> {
			this.store.endSilence(id);
			return null;
		});
	}

	@Override
	public List<Silence> silences() {
		return call("silences", this.store::silences);
	}

	@Override
	public String describe() {
		return this.store.describe();
	}

	void close() {
		this.executor.shutdownNow();
	}

	private <T> T call(String what, Callable<T> call) {
		Future<T> future;
		try {
			future = this.executor.submit(call);
		}
		catch (RejectedExecutionException ex) {
			throw new FleetStoreException("The fleet store did not answer " + MAX_THREADS
					+ " calls that are still under way; " + what + " is not tried", ex);
		}
		try {
			return future.get(this.timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new FleetStoreException(
					"The fleet store did not answer within " + Durations.format(this.timeout) + " (" + what + ")", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof FleetStoreException failure) {
				throw failure;
			}
			throw new FleetStoreException("The fleet store failed (" + what + "): " + cause, cause);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			throw new FleetStoreException("Interrupted while waiting for the fleet store (" + what + ")", ex);
		}
	}

}
