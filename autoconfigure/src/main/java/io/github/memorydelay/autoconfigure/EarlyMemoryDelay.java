package io.github.memorydelay.autoconfigure;

import io.github.memorydelay.pipeline.MemoryDelay;

/**
 * The pipeline {@link MemoryDelayLoggingListener} created while Spring Boot set up
 * logging, handed to the auto-configuration so that events logged during start-up go out
 * with the first digest.
 *
 * @param memoryDelay the pipeline, buffering since logging was set up
 */
record EarlyMemoryDelay(MemoryDelay memoryDelay) {
}
