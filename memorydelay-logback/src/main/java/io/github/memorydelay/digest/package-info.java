/**
 * The digest as its readers see it: {@link io.github.memorydelay.digest.Digest}, its
 * entries, their ids, levels and timelines, and what triggered it. Immutable values that
 * every other package of the library reads; this one depends on none of them.
 */
package io.github.memorydelay.digest;
