/**
 * The digest engine: a Logback appender that buffers, deduplicates and triggers digests,
 * free of Spring.
 */
package io.github.memorydelay.logback;
