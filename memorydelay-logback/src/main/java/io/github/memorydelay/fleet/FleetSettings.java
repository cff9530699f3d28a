package io.github.memorydelay.fleet;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * How an instance takes part in its fleet: its name, and the timings of its calls to the
 * {@link FleetStore}.
 * <p>
 * An instance writes at most once per {@linkplain #tick() tick}, and only when it has
 * something new, beside a heartbeat. The lease that lets one instance send is held for
 * {@link #lease()} and renewed at each tick by its holder, so an instance that dies lets
 * another send within that time. An instance counts as alive for {@link #heartbeat()}
 * after its last write.
 */
public final class FleetSettings {

	/** Default of the longest wait for the fleet store. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration TICK = Duration.ofSeconds(1);

	private final String instance;

	private final Duration timeout;

	private final Duration tick;

	private final Duration lease;

	private final Duration heartbeat;

	private FleetSettings(String instance, Duration timeout, Duration tick, Duration lease, Duration heartbeat) {
		this.instance = Objects.requireNonNull(instance, "instance");
		this.timeout = Objects.requireNonNull(timeout, "timeout");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		this.tick = tick;
		this.lease = lease;
		this.heartbeat = heartbeat;
	}

	/**
	 * Settings with the timings derived from the timeout: a lease of five timeouts and at
	 * least 10 seconds, a heartbeat that holds as long again.
	 * @param instance this instance's name in digests
	 * @param timeout longest wait for the fleet store
	 * @return the settings
	 */
	public static FleetSettings of(String instance, Duration timeout) {
		Duration lease = max(Duration.ofSeconds(10), timeout.multipliedBy(5));
		return new FleetSettings(instance, timeout, TICK, lease, lease.multipliedBy(2));
	}

	/**
	 * Other timings, for tests that must not wait for a lease to expire.
	 * @param tick how often an instance writes and its leader looks
	 * @param lease how long the lease holds
	 * @param heartbeat how long an instance counts as alive after its last write
	 * @return the settings
	 */
	public FleetSettings withTimings(Duration tick, Duration lease, Duration heartbeat) {
		return new FleetSettings(this.instance, this.timeout, tick, lease, heartbeat);
	}

	/**
	 * The default name of this instance: the host name and the process id.
	 * @param host the host name
	 * @return for instance {@code web-1:4711}
	 */
	public static String defaultInstance(String host) {
		return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
	}

	public String instance() {
		return this.instance;
	}

	public Duration timeout() {
		return this.timeout;
	}

	public Duration tick() {
		return this.tick;
	}

	public Duration lease() {
		return this.lease;
	}

	public Duration heartbeat() {
		return this.heartbeat;
	}

	/**
	 * How often an instance that is not the leader tries to take the lease.
	 * @return a quarter of the lease, at least a tick
	 */
	public Duration leaseAttempts() {
		return max(this.tick, this.lease.dividedBy(4));
	}

	/**
	 * How often an instance with nothing to write renews its heartbeat.
	 * @return a third of the heartbeat, at least a tick
	 */
	public Duration heartbeatInterval() {
		return max(this.tick, this.heartbeat.dividedBy(3));
	}

	/**
	 * How often an instance that goes on alone tries the store again.
	 * @return five ticks, at least the timeout
	 */
	public Duration rejoinAttempts() {
		return max(this.timeout, this.tick.multipliedBy(5));
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	@Override
	public String toString() {
		return "FleetSettings[instance=" + this.instance + ", timeout=" + this.timeout + ", lease=" + this.lease + "]";
	}

}
