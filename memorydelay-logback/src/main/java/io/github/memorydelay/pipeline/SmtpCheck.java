package io.github.memorydelay.pipeline;

/**
 * What {@link MemoryDelay#verify()} found.
 *
 * @param passed whether the server was reached and the login accepted
 * @param description what was found, for the start-up line
 */
public record SmtpCheck(boolean passed, String description) {
}
