package io.github.memorydelay.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.OwnLogging;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.DigestFleet;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.fleet.FleetSettings;
import io.github.memorydelay.fleet.FleetStatus;
import io.github.memorydelay.fleet.FleetStore;
import io.github.memorydelay.fleet.FleetStoreException;
import io.github.memorydelay.policy.Silence;
import io.github.memorydelay.policy.Silences;
import io.github.memorydelay.render.Durations;

/**
 * This instance's part in its fleet (fleet mode): its events go to a staging buffer that
 * a thread of its own ({@code memorydelay-fleet-*}) pushes to the {@link FleetStore} at
 * most once per tick; while the instance holds the store's lease, the same thread applies
 * the triggers to the fleet's buffer and hands its digests to the instance's
 * {@link DigestDispatcher}, and removes what a digest held once the dispatcher is done
 * with it. When the store cannot be reached, the instance goes on alone: what was staged
 * goes into its own engine, whose triggers, dispatcher and spool work as without a fleet,
 * and it tries the store again every few seconds; once back, it hands what it buffered
 * alone over to the fleet.
 * <p>
 * Logging threads only add to the staging buffer; no store call is ever made on them.
 */
final class FleetMember extends ContextAwareBase {

	private static final AtomicInteger IDS = new AtomicInteger();

	private final DigestSettings settings;

	private final TriggerRules rules;

	private final FleetSettings fleet;

	private final Clock clock;

	private final DigestEngine local;

	private final DigestEngine staging;

	private final BoundedFleetStore store;

	private final Silences silences;

	private final FleetSilences fleetSilences;

	/** Events of a fleet's buffer that held only silenced entries when last looked at. */
	private long silencedOnlyAt = -1;

	private final Thread thread;

	private final AtomicReference<InFlight> inFlight = new AtomicReference<>();

	private volatile DigestDispatcher dispatcher;

	/** Whether the store is reachable and events go to the fleet. */
	private volatile boolean joined = true;

	private volatile boolean initialized;

	private volatile boolean leader;

	private volatile boolean stopping;

	private volatile Instant unavailableSince;

	private volatile String unavailableReason;

	/** Since when the store was last unavailable, kept for the digests sent alone. */
	private volatile Instant lastOutageSince;

	private volatile String lastOutageReason;

	private Instant lastPush;

	private Instant lastHeartbeat;

	private Instant nextLeaseAttempt;

	private Instant nextRejoinAttempt;

	FleetMember(DigestSettings settings, FleetSettings fleet, FleetStore store, Clock clock, DigestEngine local,
			Silences silences) {
		this.settings = settings;
		this.rules = new TriggerRules(settings);
		this.fleet = fleet;
		this.clock = clock;
		this.local = local;
		this.store = new BoundedFleetStore(store, fleet.timeout());
		this.silences = silences;
		this.fleetSilences = new FleetSilences(silences, this.store, fleet, clock);
		// nothing asks the staging buffer for a digest: it is only ever drained whole, to
		// be pushed
		this.staging = new DigestEngine(settings, clock, silences);
		this.thread = OwnLogging.sendingThread(this::run, "memorydelay-fleet-" + IDS.incrementAndGet());
	}

	@Override
	public void setContext(ch.qos.logback.core.Context context) {
		super.setContext(context);
		this.fleetSilences.setContext(context);
	}

	/**
	 * Takes over what the instance buffered before it joined, then starts the thread.
	 * @param sender the instance's dispatcher
	 */
	void start(DigestDispatcher sender) {
		this.dispatcher = sender;
		this.thread.start();
	}

	/**
	 * Moves what the instance's own engine buffered (before the start, or alone) to the
	 * staging buffer, unless its delivery fails: then its hold keeps it, to end the
	 * outage in one digest.
	 */
	void takeOverLocal() {
		DigestDispatcher current = this.dispatcher;
		if (current != null && current.isSending()) {
			return;
		}
		HeldBuffer held = this.local.drain();
		if (held != null) {
			this.staging.restore(plain(held));
		}
	}

	/**
	 * Takes an event while the instance is in the fleet.
	 * @param event the event
	 * @param thread the logging thread's state, see
	 * {@link DigestEngine#add(ILoggingEvent, LoggingThread)}
	 * @return {@code false} when the instance goes on alone: the caller buffers it
	 */
	boolean offer(ILoggingEvent event, LoggingThread thread) {
		if (!this.joined || this.stopping) {
			return false;
		}
		if (this.staging.add(event, thread)) {
			LockSupport.unpark(this.thread);
		}
		return true;
	}

	boolean isJoined() {
		return this.joined;
	}

	String instance() {
		return this.fleet.instance();
	}

	FleetSettings fleetSettings() {
		return this.fleet;
	}

	String describeStore() {
		return this.store.describe();
	}

	/**
	 * What this instance knows of the fleet now.
	 * @return the status
	 */
	FleetStatus status() {
		return new FleetStatus(this.fleet.instance(), this.joined && this.initialized, this.leader,
				this.unavailableSince, this.unavailableReason, this.staging.status().events());
	}

	/**
	 * What a digest of this instance's own engine says: it goes on alone, or did.
	 * @param digest a digest of the instance's own engine
	 * @return the digest, saying so
	 */
	Digest alone(Digest digest) {
		if (digest.fleet() != null) {
			return digest;
		}
		Instant since = this.lastOutageSince;
		return digest.withFleet(DigestFleet.alone(this.fleet.instance(), (since != null) ? since : digest.windowStart(),
				this.lastOutageReason));
	}

	/**
	 * The sender of the instance's digests, that marks those of its own engine as sent
	 * alone.
	 * @param sender the sender
	 * @return the sender to give the dispatcher
	 */
	DigestSender sayingAlone(DigestSender sender) {
		return new DigestSender() {

			@Override
			public byte[] compose(Digest digest) throws Exception {
				return sender.compose(alone(digest));
			}

			@Override
			public void send(byte[] message) throws Exception {
				sender.send(message);
			}

			@Override
			public java.util.Collection<String> entryIds(byte[] message) {
				return sender.entryIds(message);
			}

		};
	}

	/**
	 * Shares a silence set on this instance with the fleet. Runs on the caller's thread,
	 * bounded; when the store cannot be reached the silence holds here only until the
	 * instance is back in the fleet.
	 * @param silence the silence
	 */
	void silenced(Silence silence) {
		shareSilenceChange(silence.id(), (store) -> store.silence(silence));
	}

	/**
	 * Ends a silence for the fleet.
	 * @param id the entry id
	 */
	void silenceEnded(String id) {
		shareSilenceChange(id, (store) -> store.endSilence(id));
	}

	private void shareSilenceChange(String id, Consumer<FleetStore> change) {
		this.fleetSilences.changedHere(id);
		this.staging.applySilences();
		if (!this.joined) {
			return;
		}
		try {
			change.accept(this.store);
		}
		catch (FleetStoreException ex) {
			goAlone(ex);
		}
	}

	/**
	 * A manual flush: pushes what is staged and asks the fleet's leader for a digest.
	 * Runs on the caller's thread, each store call bounded.
	 * @return events of the fleet's buffer, {@code -1} when the store cannot be reached
	 * (the caller flushes alone)
	 */
	long flush() {
		if (!this.joined) {
			return -1;
		}
		try {
			ensureInitialized();
			pushStaged();
			FleetStore.FleetState state = this.store.state();
			long events = state.events() + state.notShown();
			if (state.entries() > 0 || state.notShown() > 0) {
				this.store.requestManual();
				LockSupport.unpark(this.thread);
			}
			return events;
		}
		catch (FleetStoreException ex) {
			goAlone(ex);
			return -1;
		}
	}

	/**
	 * Told by the dispatcher of every digest it is done with.
	 * @param digest the digest
	 */
	void handled(Digest digest) {
		InFlight current = this.inFlight.get();
		if (current != null && current.digest == digest) {
			current.done = true;
			LockSupport.unpark(this.thread);
		}
	}

	/**
	 * Leaves the fleet at shutdown: hands what the instance buffered to the fleet and,
	 * when it is the last instance alive, hands the fleet's shutdown digest to the
	 * dispatcher. Alone, it only moves what is staged to the instance's own engine, whose
	 * shutdown digest then carries it.
	 * @param timeout how long it may take
	 */
	void leave(Duration timeout) {
		this.stopping = true;
		LockSupport.unpark(this.thread);
		joinThread(timeout);
		if (!this.joined || !this.initialized) {
			drainStaged();
			return;
		}
		try {
			finishInFlight(timeout);
			takeOverLocal();
			pushStaged();
			if (!this.joined) {
				return;
			}
			int others = this.store.leave(this.fleet.instance());
			if (others > 0) {
				if (this.leader) {
					this.store.releaseLease(this.fleet.instance());
					this.leader = false;
				}
				log(false, "memorydelay left the fleet: what this instance buffered is handed to the " + others
						+ " other instance(s), which send it");
				return;
			}
			if (!this.store.acquireLease(this.fleet.instance(), this.fleet.lease())) {
				log(true, "memorydelay is the last instance of the fleet to stop, but another instance holds the "
						+ "lease: the fleet's buffer stays in the store for the next instance to start");
				return;
			}
			this.leader = true;
			FleetStore.FleetContent content = this.store.read();
			Instant now = this.clock.instant();
			Digest digest = digest(content, Trigger.SHUTDOWN, now);
			if (!hasSomethingToShow(digest)) {
				return;
			}
			this.inFlight.set(new InFlight(digest, content, now));
			this.dispatcher.submit(digest);
		}
		catch (FleetStoreException ex) {
			goAlone(ex);
		}
	}

	/**
	 * After the dispatcher stopped: removes the shutdown digest from the store if it was
	 * delivered, and frees the lease and the store's threads.
	 */
	void close() {
		try {
			if (this.joined) {
				InFlight current = this.inFlight.get();
				if (current != null && current.done) {
					finish(current);
				}
				if (this.leader) {
					this.store.releaseLease(this.fleet.instance());
				}
			}
		}
		catch (FleetStoreException ex) {
			log(true, "memorydelay could not record its last digest in the fleet store; the next instance to start "
					+ "sends its events again: " + ex.getMessage());
		}
		finally {
			this.leader = false;
			this.store.close();
		}
	}

	private void joinThread(Duration timeout) {
		if (!this.thread.isAlive()) {
			return;
		}
		try {
			this.thread.join(Math.max(1, Math.min(timeout.toMillis(), this.fleet.timeout().toMillis() * 2)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void finishInFlight(Duration timeout) {
		InFlight current = this.inFlight.get();
		if (current == null) {
			return;
		}
		this.dispatcher.awaitNotSending(timeout);
		if (current.done) {
			finish(current);
		}
	}

	private void run() {
		while (!this.stopping) {
			try {
				tick();
			}
			catch (FleetStoreException ex) {
				goAlone(ex);
			}
			catch (RuntimeException ex) {
				addError("memorydelay's fleet thread failed; it goes on", ex);
			}
			if (!this.stopping) {
				LockSupport.parkNanos(this, this.fleet.tick().toNanos());
			}
			Thread.interrupted();
		}
	}

	private void tick() {
		Instant now = this.clock.instant();
		if (!this.joined) {
			drainStaged();
			if (this.nextRejoinAttempt == null || !now.isBefore(this.nextRejoinAttempt)) {
				rejoin(now);
			}
			return;
		}
		ensureInitialized();
		if (this.lastPush == null || !now.isBefore(this.lastPush.plus(this.fleet.tick()))) {
			pushStaged();
		}
		if (this.lastHeartbeat == null || !now.isBefore(this.lastHeartbeat.plus(this.fleet.heartbeatInterval()))) {
			this.store.push(this.fleet.instance(), List.of(), Map.of(), 0, this.fleet.heartbeat());
			this.lastHeartbeat = now;
		}
		if (this.fleetSilences.isDue(now) && this.fleetSilences.sync(now)) {
			this.local.applySilences();
			this.staging.applySilences();
			this.silencedOnlyAt = -1;
		}
		lead(now);
	}

	private void ensureInitialized() {
		if (!this.initialized) {
			this.store.initialize();
			this.initialized = true;
			takeOverLocal();
		}
	}

	/**
	 * Pushes what is staged. If the store fails, it goes to the instance's own engine:
	 * nothing is lost.
	 */
	private void pushStaged() {
		HeldBuffer held = this.staging.drain();
		if (held == null) {
			return;
		}
		DigestBuffer buffer = held.buffer();
		try {
			this.store.push(this.fleet.instance(), buffer.digestEntries(this.staging.knownIds()),
					buffer.notShownByLevel(), buffer.silenced(), this.fleet.heartbeat());
			Instant now = this.clock.instant();
			this.lastPush = now;
			this.lastHeartbeat = now;
		}
		catch (FleetStoreException ex) {
			this.local.restore(plain(held));
			wakeDispatcher();
			goAlone(ex);
		}
	}

	private void lead(Instant now) {
		InFlight current = this.inFlight.get();
		if (current != null) {
			if (current.done) {
				finish(current);
			}
			else {
				// a digest is being sent: keep the lease, so that no one sends it twice
				this.leader = this.store.acquireLease(this.fleet.instance(), this.fleet.lease());
			}
			return;
		}
		DigestDispatcher sender = this.dispatcher;
		if (sender == null || sender.deliveryInDoubt()) {
			// this instance's delivery fails: it leaves the sending to the others
			return;
		}
		if (!this.leader && this.nextLeaseAttempt != null && now.isBefore(this.nextLeaseAttempt)) {
			return;
		}
		this.leader = this.store.acquireLease(this.fleet.instance(), this.fleet.lease());
		if (!this.leader) {
			this.nextLeaseAttempt = now.plus(this.fleet.leaseAttempts());
			return;
		}
		FleetStore.FleetState state = this.store.state();
		Trigger trigger = due(state, now);
		if (trigger == null || state.events() + state.notShown() == this.silencedOnlyAt) {
			return;
		}
		FleetStore.FleetContent content = this.store.read();
		Digest digest = digest(content, trigger, now);
		if (!hasSomethingToShow(digest)) {
			// silenced events only: they wait for the next digest, as without a fleet
			this.silencedOnlyAt = state.events() + state.notShown();
			return;
		}
		this.silencedOnlyAt = -1;
		this.inFlight.set(new InFlight(digest, content, now));
		sender.submit(digest);
	}

	private void finish(InFlight current) {
		List<String> reported = new ArrayList<>();
		for (DigestEntry entry : current.digest.entries()) {
			reported.add(entry.id());
		}
		boolean removed = this.store.remove(this.fleet.instance(), current.content, current.cutAt, this.fleet.lease(),
				this.settings.history().isZero() ? List.of() : reported, current.cutAt.minus(this.settings.history()));
		this.inFlight.compareAndSet(current, null);
		if (!removed) {
			addWarn("memorydelay lost the fleet's lease while digest #" + current.digest.sequence()
					+ " was sent; the instance that holds it now sends its events again");
		}
	}

	/**
	 * The trigger of the fleet's digest if one is due now: the {@link TriggerRules},
	 * applied to the fleet's buffer.
	 */
	Trigger due(FleetStore.FleetState state, Instant now) {
		if (state.entries() == 0 && state.notShown() == 0) {
			return null;
		}
		return this.rules.dueNow(triggerState(this.rules, state, now), now);
	}

	/**
	 * What the trigger rules read of the fleet's buffer.
	 * @param rules the rules
	 * @param state the fleet's buffer, not empty
	 * @param now the time
	 * @return the state
	 */
	static TriggerRules.State triggerState(TriggerRules rules, FleetStore.FleetState state, Instant now) {
		Instant windowStart = (state.windowStart() != null) ? state.windowStart() : now;
		Level mostSevere = state.mostSevere();
		Trigger fired = rules.fired(mostSevere, state.entries());
		boolean bypass = fired == Trigger.LEVEL && rules.bypassesQuietHours(mostSevere);
		// the fleet's delay runs from its first entry
		return new TriggerRules.State(fired, bypass, windowStart, windowStart, state.lastDigestAt(),
				state.manualRequested() != 0, false);
	}

	private static boolean hasSomethingToShow(Digest digest) {
		return !digest.entries().isEmpty() || digest.notShownEvents() > 0;
	}

	/**
	 * The fleet's digest, assembled as the instance's are ({@link DigestAssembly}) from
	 * the rows of the fleet's buffer: entries up to the capacity, first seen first, the
	 * others counted as not shown; each entry with its instances; new or recurring by the
	 * fleet's history.
	 */
	Digest digest(FleetStore.FleetContent content, Trigger trigger, Instant now) {
		DigestAssembly assembly = new DigestAssembly(this.settings.capacity());
		Map<String, Map<String, Long>> byEntry = new LinkedHashMap<>();
		TreeSet<String> instances = new TreeSet<>();
		content.notShown().forEach(assembly::notShown);
		assembly.silenced(content.silenced());
		for (FleetStore.FleetEntry row : content.entries()) {
			DigestEntry entry = row.entry();
			if (this.silences.until(entry.id(), now.toEpochMilli()) > 0) {
				// written by an instance before the silence reached it
				assembly.silenced(entry.count());
				continue;
			}
			instances.addAll(row.instances().keySet());
			if (assembly.add(entry)) {
				byEntry.put(entry.id(), row.instances());
			}
		}
		if (!this.settings.history().isZero() && !byEntry.isEmpty()) {
			assembly.markRecurring(this.store.reported(now.minus(this.settings.history()))::get);
		}
		Instant windowStart = assembly.firstSeen();
		Instant start = (windowStart != null && windowStart.isBefore(now)) ? windowStart : now;
		return assembly.digest(content.digests() + 1, this.settings, trigger, start, now, null, null,
				new DigestFleet(new ArrayList<>(instances), byEntry, null, null));
	}

	private synchronized void goAlone(FleetStoreException ex) {
		boolean wasJoined = this.joined;
		this.joined = false;
		this.leader = false;
		Instant now = this.clock.instant();
		if (this.unavailableSince == null) {
			this.unavailableSince = now;
			this.lastOutageSince = now;
		}
		this.unavailableReason = ex.getMessage();
		this.lastOutageReason = ex.getMessage();
		this.nextRejoinAttempt = now.plus(this.fleet.rejoinAttempts());
		drainStaged();
		if (wasJoined) {
			log(true,
					"memorydelay cannot reach the fleet store; this instance goes on alone (its own digests, "
							+ "triggers and spool) and tries again every "
							+ Durations.format(this.fleet.rejoinAttempts()) + ": " + ex.getMessage());
		}
	}

	private void rejoin(Instant now) {
		try {
			ensureInitialized();
			this.store.push(this.fleet.instance(), List.of(), Map.of(), 0, this.fleet.heartbeat());
		}
		catch (FleetStoreException ex) {
			this.unavailableReason = ex.getMessage();
			this.lastOutageReason = ex.getMessage();
			this.nextRejoinAttempt = now.plus(this.fleet.rejoinAttempts());
			return;
		}
		this.lastHeartbeat = now;
		try {
			// silences set while the store was unreachable are the fleet's now
			List<Silence> shared = this.store.silences();
			for (Silence silence : this.silences.active()) {
				if (shared.stream().noneMatch((known) -> known.id().equals(silence.id()))) {
					this.store.silence(silence);
				}
			}
		}
		catch (FleetStoreException ex) {
			this.nextRejoinAttempt = now.plus(this.fleet.rejoinAttempts());
			return;
		}
		this.joined = true;
		this.unavailableSince = null;
		this.unavailableReason = null;
		takeOverLocal();
		log(false, "memorydelay reaches the fleet store again; this instance is back in the fleet");
	}

	/** Moves what is staged to the instance's own engine: it goes on alone. */
	private void drainStaged() {
		HeldBuffer held = this.staging.drain();
		if (held != null) {
			this.local.restore(plain(held));
			wakeDispatcher();
		}
	}

	private void wakeDispatcher() {
		DigestDispatcher current = this.dispatcher;
		if (current != null) {
			current.wake();
		}
	}

	/** The buffer of a held one, without saying it was held back. */
	private static HeldBuffer plain(HeldBuffer held) {
		return new HeldBuffer(held.buffer(), held.windowStart(),
				(held.pendingTrigger() == Trigger.MANUAL) ? null : held.pendingTrigger(), null, null);
	}

	private void log(boolean warning, String message) {
		OwnLogging.log(this, warning, message);
	}

	/**
	 * A digest handed to the dispatcher, and what the store held for it.
	 */
	private static final class InFlight {

		private final Digest digest;

		private final FleetStore.FleetContent content;

		private final Instant cutAt;

		private volatile boolean done;

		InFlight(Digest digest, FleetStore.FleetContent content, Instant cutAt) {
			this.digest = digest;
			this.content = content;
			this.cutAt = cutAt;
		}

	}

}
