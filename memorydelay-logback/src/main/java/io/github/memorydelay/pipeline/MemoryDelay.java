package io.github.memorydelay.pipeline;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.github.memorydelay.delivery.DigestSender;
import io.github.memorydelay.delivery.DigestSpool;
import io.github.memorydelay.delivery.OwnLogging;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Levels;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.fleet.FleetSettings;
import io.github.memorydelay.fleet.FleetStatus;
import io.github.memorydelay.fleet.FleetStore;
import io.github.memorydelay.policy.Silence;
import io.github.memorydelay.policy.Silences;

/**
 * One digest pipeline: the {@link DigestEngine} that buffers and triggers, and the
 * {@link DigestDispatcher} that sends. It outlives the appenders that feed it, so that
 * Logback being reset and an appender re-attached loses nothing. Events are buffered from
 * construction on; digests are sent once {@link #start} is called.
 */
public final class MemoryDelay extends ContextAwareBase {

	private static final AtomicInteger IDS = new AtomicInteger();

	/**
	 * The logger memorydelay itself logs to (failed and recovered sends), see
	 * {@link OwnLogging}.
	 */
	public static final String LOGGER_NAME = OwnLogging.LOGGER_NAME;

	private final int id = IDS.incrementAndGet();

	private final DigestSettings settings;

	private final Clock clock;

	private final DigestEngine engine;

	private final Silences silences;

	private final DeliveryStatistics statistics = new DeliveryStatistics();

	/** Events accepted, per level, counted in each logging thread's stripe. */
	private final InFlightWriters eventsByLevel = new InFlightWriters();

	private volatile DigestDispatcher dispatcher;

	/** The sender given to {@link #start}, for {@link #verify()}. */
	private volatile DigestSender sender;

	/** This instance's part in its fleet, {@code null} outside fleet mode. */
	private volatile FleetMember fleet;

	private volatile boolean shutDown;

	public MemoryDelay(DigestSettings settings) {
		this(settings, Clock.systemUTC());
	}

	public MemoryDelay(DigestSettings settings, Clock clock) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.clock = Objects.requireNonNull(clock, "clock");
		this.silences = new Silences(clock);
		this.engine = new DigestEngine(settings, clock, this.silences);
	}

	/**
	 * Offers an event. Events below the level, from the mail stack or memorydelay's own
	 * loggers, from a dispatcher thread, and from a thread that is already inside this
	 * method (a {@code toString()} of a log argument that logs) are ignored. Never blocks
	 * on sending.
	 * @param event the event
	 * @return {@code true} when the event was buffered
	 */
	public boolean append(ILoggingEvent event) {
		if (this.shutDown || !this.settings.isBuffered(event.getLevel()) || OwnLogging.isSendingThread()) {
			return false;
		}
		LoggingThread thread = LoggingThread.enter();
		if (thread == null) {
			return false;
		}
		try {
			if (thread.ignores(event.getLoggerName())) {
				return false;
			}
			this.eventsByLevel.count(thread.stripe, InFlightWriters.FIRST_SLOT + Levels.index(event.getLevel()));
			FleetMember member = this.fleet;
			if (member != null && member.offer(event, thread)) {
				return true;
			}
			if (this.engine.add(event, thread)) {
				DigestDispatcher current = this.dispatcher;
				if (current != null) {
					current.wake();
				}
			}
			return true;
		}
		finally {
			LoggingThread.leave(thread);
		}
	}

	/**
	 * Starts sending digests, first those buffered or due so far.
	 * @param sender where digests go
	 * @param spool where digests that could not be sent wait, {@code null} to keep a few
	 * in memory only
	 * @param retryPolicy how failed digests are retried
	 */
	public void start(DigestSender sender, DigestSpool spool, RetryPolicy retryPolicy) {
		start(sender, spool, retryPolicy, null, null);
	}

	/**
	 * Starts sending digests, in fleet mode when a store is given: the buffer, triggers
	 * and digests are then shared with the other instances of the application through the
	 * store, and this instance goes on alone while the store cannot be reached.
	 * @param sender where digests go
	 * @param spool where digests that could not be sent wait, {@code null} to keep a few
	 * in memory only
	 * @param retryPolicy how failed digests are retried
	 * @param fleetStore the fleet's store, {@code null} outside fleet mode
	 * @param fleetSettings this instance's name and the store's timeout, {@code null}
	 * outside fleet mode
	 */
	public synchronized void start(DigestSender sender, DigestSpool spool, RetryPolicy retryPolicy,
			FleetStore fleetStore, FleetSettings fleetSettings) {
		Objects.requireNonNull(sender, "sender");
		Objects.requireNonNull(retryPolicy, "retryPolicy");
		if (this.dispatcher != null) {
			throw new IllegalStateException("MemoryDelay " + this.id + " is already started");
		}
		// started again after a shutdown: an application context stopped and started
		// (CRaC does so)
		this.shutDown = false;
		this.silences.setContext(getContext());
		this.silences.load(spool);
		if (spool != null) {
			restoreHeld(spool);
		}
		// after the restore: the silences apply to what an earlier run held back too
		this.engine.applySilences();
		DigestHistory history = DigestHistory.of(this.settings.history(), spool, this.clock);
		history.setContext(getContext());
		history.load();
		FleetMember member = null;
		DigestSender effective = sender;
		if (fleetStore != null) {
			member = new FleetMember(this.settings, Objects.requireNonNull(fleetSettings, "fleetSettings"), fleetStore,
					this.clock, this.engine, this.silences);
			member.setContext(getContext());
			// what was buffered before the start is the fleet's
			member.takeOverLocal();
			effective = member.sayingAlone(sender);
		}
		DigestDispatcher created = new DigestDispatcher("memorydelay-dispatcher-" + this.id, this.engine, effective,
				spool, retryPolicy, this.clock, this.statistics, history);
		created.setContext(getContext());
		if (member != null) {
			created.onHandled(member::handled);
		}
		created.start();
		this.dispatcher = created;
		this.sender = sender;
		if (member != null) {
			this.fleet = member;
			member.start(created);
		}
	}

	/**
	 * Takes over the buffers that earlier runs held back at their shutdown while digests
	 * could not be delivered.
	 */
	private void restoreHeld(DigestSpool spool) {
		for (byte[] content : spool.takeFiles(HeldBuffer.SUFFIX)) {
			try {
				this.engine.restore(HeldBuffer.decode(content, this.settings));
			}
			catch (IOException | RuntimeException ex) {
				keepAside(spool, content, ex);
			}
		}
	}

	/**
	 * Keeps a held buffer that cannot be read for a person to look at, as spool files
	 * that cannot be sent are.
	 */
	private void keepAside(DigestSpool spool, byte[] content, Exception cause) {
		String name = spool.newFileName(HeldBuffer.SUFFIX + DigestSpool.CORRUPT_SUFFIX);
		try {
			spool.writeFile(name, content);
			addError("A buffer held back by an earlier run cannot be read; it is kept as "
					+ spool.directory().resolve(name), cause);
		}
		catch (IOException ex) {
			addError("A buffer held back by an earlier run in " + spool.directory()
					+ " can be neither read nor kept; its events are lost", cause);
		}
	}

	/**
	 * Connects to the SMTP server and logs in once, sending nothing (the {@code verify}
	 * setting). A failure counts as a failure to send: health says so until a digest is
	 * delivered.
	 * @return what the check found
	 */
	public SmtpCheck verify() {
		DigestSender current = this.sender;
		if (current == null) {
			return new SmtpCheck(false, "the SMTP check was not made: memorydelay is not started");
		}
		try {
			current.verify();
			return new SmtpCheck(true, "the SMTP server was reached and the login accepted");
		}
		catch (Exception ex) {
			this.statistics.failed(this.clock.instant(), ex);
			return new SmtpCheck(false, "the SMTP check failed: " + DeliveryStatistics.describe(ex));
		}
	}

	/**
	 * Makes the calling thread's logging not buffered until the returned action runs: for
	 * work whose log lines are about a caller's request to memorydelay itself, such as a
	 * web framework rejecting a malformed request to its endpoint, which would otherwise
	 * reach the next digest as the application's problem.
	 * @return what ends it, on the same thread
	 */
	public static Runnable ignoreLogsOfThisThread() {
		LoggingThread thread = LoggingThread.enter();
		return (thread != null) ? () -> LoggingThread.leave(thread) : () -> {
		};
	}

	@Override
	public void setContext(ch.qos.logback.core.Context context) {
		super.setContext(context);
		DigestDispatcher current = this.dispatcher;
		if (current != null && current.getContext() == null) {
			current.setContext(context);
		}
	}

	/**
	 * Silences the entries of a fingerprint: from now on, buffered events included, they
	 * are counted but not shown and trigger no digest, until the silence ends. Any
	 * well-formed id may be silenced, buffered now or not. Kept in the spool folder from
	 * {@link #start} on.
	 * @param id the entry id, 8 to 16 characters of {@code [0-9a-z]}
	 * @param duration how long, positive and at most 30 days
	 * @param comment why, {@code null} for none
	 * @return the silence
	 * @throws IllegalArgumentException for a malformed id or a bad duration
	 */
	public Silence silence(String id, Duration duration, String comment) {
		Silence silence = this.silences.silence(id, duration, comment);
		this.engine.applySilences();
		FleetMember member = this.fleet;
		if (member != null) {
			member.silenced(silence);
		}
		return silence;
	}

	/**
	 * Ends the silence of a fingerprint: its next events are shown again.
	 * @param id the entry id
	 * @return the silence that ended, {@code null} when there was none
	 */
	public Silence endSilence(String id) {
		Silence ended = this.silences.end(id);
		this.engine.applySilences();
		FleetMember member = this.fleet;
		if (member != null) {
			member.silenceEnded(id);
		}
		return ended;
	}

	/**
	 * The silences in force.
	 * @return the silences, those that end first first
	 */
	public List<Silence> silences() {
		return this.silences.active();
	}

	/**
	 * The entries buffered now and shown, silenced ones left out.
	 * @return the entries, in the order they were first seen
	 */
	public List<DigestEntry> bufferedEntries() {
		return this.engine.entries();
	}

	/**
	 * Events of silenced entries counted since start.
	 * @return the count
	 */
	public long silencedEvents() {
		return this.engine.silencedEvents();
	}

	public boolean isStarted() {
		return this.dispatcher != null;
	}

	public boolean isShutDown() {
		return this.shutDown;
	}

	/**
	 * Sends everything buffered now, as a digest with trigger {@code manual}. Returns at
	 * once: the digest is sent on the dispatcher thread. Before {@link #start} and after
	 * {@link #shutdown} nothing is sent and 0 is returned.
	 * @return events the digest accounts for, 0 when the buffer was empty (no digest is
	 * sent)
	 */
	public synchronized long flush() {
		DigestDispatcher current = this.dispatcher;
		if (current == null || this.shutDown) {
			return 0;
		}
		FleetMember member = this.fleet;
		if (member != null) {
			long events = member.flush();
			if (events >= 0) {
				return events;
			}
			// the fleet store cannot be reached: this instance flushes alone
		}
		long deferred = current.deferManualFlush();
		if (deferred >= 0) {
			// one email per outage
			return deferred;
		}
		Digest digest = this.engine.flush(Trigger.MANUAL);
		if (digest == null) {
			return 0;
		}
		current.submit(digest);
		return digest.events();
	}

	/**
	 * Sends what is buffered as a digest with trigger {@code shutdown} and stops. What
	 * cannot be sent within the timeout is spooled. Later events are ignored until
	 * {@link #start} is called again.
	 * @param timeout how long sending may take
	 * @return {@code true} when everything was sent or spooled in time
	 */
	public synchronized boolean shutdown(Duration timeout) {
		if (this.shutDown) {
			return true;
		}
		this.shutDown = true;
		DigestDispatcher current = this.dispatcher;
		if (current == null) {
			long lost = this.engine.status().events();
			if (lost > 0) {
				addWarn(lost + " buffered events are dropped: memorydelay was never started");
			}
			return lost == 0;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		FleetMember member = this.fleet;
		if (member != null) {
			// hands this instance's buffer to the fleet; the last instance also sends the
			// fleet's shutdown digest
			member.leave(timeout);
		}
		// a digest being sent may yet fail: then the buffer is held back, not cut
		current.awaitNotSending(timeout);
		DigestSpool spool = current.waiting().spool();
		HeldBuffer held = (spool != null) ? this.engine.takeHeld() : null;
		if (held != null) {
			try {
				// delivery fails: the next start takes the buffer over, so that the
				// outage still ends in one digest for everything logged
				spool.writeFile(spool.newFileName(HeldBuffer.SUFFIX), held.encode());
			}
			catch (IOException | RuntimeException ex) {
				addError("Could not keep the held buffer in " + spool.directory() + "; spooling it as a digest", ex);
				this.engine.restore(held);
			}
		}
		Digest digest = this.engine.flush(Trigger.SHUTDOWN);
		if (digest != null) {
			current.submit(digest);
		}
		boolean stopped = current.stop(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
		if (member != null) {
			member.close();
			this.fleet = null;
		}
		this.dispatcher = null;
		return stopped;
	}

	/**
	 * What the buffer holds and what was delivered.
	 * @return the status
	 */
	public MemoryDelayStatus status() {
		DigestDispatcher current = this.dispatcher;
		WaitingDigests waiting = (current != null) ? current.waiting() : null;
		return new MemoryDelayStatus(this.engine.status(), this.statistics, (waiting != null) ? waiting.spooled() : 0,
				(waiting != null) ? waiting.inMemory() : 0,
				(waiting != null && waiting.spool() != null) ? waiting.spool().rejectedSize() : 0,
				(current != null) ? current.retryAt() : null);
	}

	/**
	 * What this instance knows of its fleet.
	 * @return the status, {@code null} outside fleet mode
	 */
	public FleetStatus fleetStatus() {
		FleetMember member = this.fleet;
		return (member != null) ? member.status() : null;
	}

	/**
	 * Events accepted into the buffer since start, per level.
	 * @param level the level
	 * @return the count
	 */
	public long acceptedEvents(ch.qos.logback.classic.Level level) {
		return this.eventsByLevel.sum(InFlightWriters.FIRST_SLOT + Levels.index(level));
	}

	public DigestSettings settings() {
		return this.settings;
	}

	public DeliveryStatistics statistics() {
		return this.statistics;
	}

	/**
	 * Identifies this pipeline among others in the same JVM.
	 * @return the id, from 1
	 */
	public int id() {
		return this.id;
	}

	/**
	 * Where digests that could not be sent wait.
	 * @return the spool, {@code null} when not started or without one
	 */
	public DigestSpool spool() {
		DigestDispatcher current = this.dispatcher;
		return (current != null) ? current.waiting().spool() : null;
	}

	@Override
	public String toString() {
		return "MemoryDelay[" + this.id + ", " + this.settings + "]";
	}

}
