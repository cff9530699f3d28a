package io.github.memorydelay.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.delivery.OwnLogging;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.fleet.FleetStore;
import io.github.memorydelay.fleet.FleetStoreException;
import io.github.memorydelay.policy.Silence;
import io.github.memorydelay.render.Durations;

/**
 * A {@link FleetStore} whose every call returns within a timeout, whatever the store
 * underneath does: a call runs on a daemon thread of its own
 * ({@code memorydelay-fleet-store-*}, never buffered), and a call that takes longer is
 * abandoned with a {@link FleetStoreException}. A database that hangs (no answer, a pool
 * with no connection left) can so never hold up the instance.
 * <p>
 * At most {@value #MAX_CALLS} calls are under way at once, abandoned ones included until
 * the store returns from them; a call beyond that fails at once. A call counts as under
 * way from its submission until the store returns, not for as long as its thread takes to
 * get back to the pool: quick calls made one after the other are never refused.
 */
final class BoundedFleetStore implements FleetStore {

	/** Calls that may hang at once before further calls fail at once. */
	private static final int MAX_CALLS = 4;

	private static final AtomicInteger THREADS = new AtomicInteger();

	private final FleetStore store;

	private final Duration timeout;

	/** A permit per call under way. */
	private final Semaphore underWay = new Semaphore(MAX_CALLS);

	/**
	 * Threads as the calls need them: the permits bound the calls, so that a thread that
	 * has finished a call but is not back in the pool yet never makes the next call fail.
	 */
	private final ThreadPoolExecutor executor;

	BoundedFleetStore(FleetStore store, Duration timeout) {
		this.store = store;
		this.timeout = timeout;
		this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
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
		if (!this.underWay.tryAcquire()) {
			throw new FleetStoreException("The fleet store did not answer " + MAX_CALLS
					+ " calls that are still under way; " + what + " is not tried", null);
		}
		BoundedCall<T> future = new BoundedCall<>(call);
		try {
			this.executor.execute(future);
		}
		catch (RejectedExecutionException ex) {
			// only once closed
			future.release();
			throw new FleetStoreException("The fleet store is closed; " + what + " is not tried", ex);
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

	/**
	 * A call that gives its permit back when the store returns from it, before the caller
	 * learns the result, or when it never ran (cancelled before a thread took it).
	 */
	private final class BoundedCall<T> extends FutureTask<T> {

		private final AtomicBoolean held = new AtomicBoolean(true);

		BoundedCall(Callable<T> call) {
			super(call);
		}

		@Override
		public void run() {
			try {
				super.run();
			}
			finally {
				release();
			}
		}

		@Override
		protected void set(T result) {
			release();
			super.set(result);
		}

		@Override
		protected void setException(Throwable failure) {
			release();
			super.setException(failure);
		}

		void release() {
			if (this.held.compareAndSet(true, false)) {
				BoundedFleetStore.this.underWay.release();
			}
		}

	}

}
