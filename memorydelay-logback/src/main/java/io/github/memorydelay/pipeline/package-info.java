/**
 * The runtime of a digest pipeline, one package so that its parts share package-private
 * state: {@link io.github.memorydelay.pipeline.MemoryDelay} (the facade), the engine and
 * its buffer and entries, the dispatcher, the digests that wait, the history of what was
 * reported, and the fleet member; and the rules each in one home: {@code TriggerRules}
 * (when a digest is due), {@code DigestAssembly} (what a digest holds) and
 * {@code OutageState} (at most two emails per outage), used by the engine and by fleet
 * mode alike.
 * <p>
 * Threads, locks and hand-offs:
 * <ul>
 * <li><b>Logging threads</b> (the application's, any number) add to the engine's current
 * {@code DigestBuffer} without a lock: each enters its stripe of the buffer's
 * {@code InFlightWriters}, checks that the buffer is still current, adds (a
 * {@code ConcurrentHashMap} of entries, a slot and an index of arrival taken with one
 * compare-and-set) and leaves. If the add made a digest due sooner, it unparks the
 * dispatcher (in fleet mode, the fleet thread); it never sends, never does I/O and waits
 * only while another thread has paused the buffer to change it in place (silences, a held
 * buffer merged back), on the engine's lock.</li>
 * <li><b>The dispatcher</b> ({@code memorydelay-dispatcher-N}, one per pipeline) cuts due
 * digests under the engine's lock, swapping in a new buffer, then waits for the writers
 * still in the old one before it reads it; it marks, composes and sends outside any lock
 * of the engine, and keeps failed digests in {@code WaitingDigests} (its own lock) while
 * the engine holds its buffer back.</li>
 * <li><b>The fleet thread</b> ({@code memorydelay-fleet-N}, fleet mode only) drains the
 * staging buffer into the {@code FleetStore} at most once a second, holds or renews the
 * fleet's lease, and hands the fleet's digests to the dispatcher's outbox.</li>
 * </ul>
 * Everything the threads hand each other is either immutable ({@code Digest}) or passed
 * through a lock, a volatile field or a concurrent queue; {@code docs/internals.md} has
 * the whole picture.
 */
package io.github.memorydelay.pipeline;
