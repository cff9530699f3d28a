package io.github.memorydelay.benchmarks;

import org.openjdk.jmh.annotations.Threads;

/**
 * {@link AppendBenchmark} on four threads that log at once: on two cores, still
 * contention on the appender.
 */
@Threads(4)
public class AppendBenchmark4Threads extends AppendBenchmark {

}
