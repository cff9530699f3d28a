package io.github.memorydelay.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link AppendBenchmark} on two threads that log at once: shows contention on the
 * appender.
 */
@Threads(2)
public class AppendBenchmark2Threads extends AppendBenchmark {

}
