/**
 * The Logback face of the library:
 * {@link io.github.memorydelay.logback.MemoryDelayAppender}, declared in
 * {@code logback.xml} or attached in code, its options, and the attachment that puts an
 * appender back when Logback is reset. Free of Spring.
 */
package io.github.memorydelay.logback;
