/**
 * JMH benchmarks of memorydelay's appender against Logback's own appenders, and of digest
 * rendering.
 */
package io.github.memorydelay.benchmarks;
