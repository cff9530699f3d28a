package io.github.memorydelay.benchmarks;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.render.DigestHtmlRenderer;
import io.github.memorydelay.render.DigestTextRenderer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rendering one digest as text and as HTML, as the dispatcher does before sending.
 * Entries look like those of an application: one in five has a stack trace, half have an
 * MDC, some messages need escaping.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@State(Scope.Benchmark)
public class RenderBenchmark {

	private static final Level[] LEVELS = { Level.WARN, Level.WARN, Level.WARN, Level.ERROR };

	@Param({ "100", "1000", "10000" })
	public int entries;

	private Digest digest;

	private final DigestTextRenderer text = new DigestTextRenderer(ZoneOffset.UTC);

	private final DigestHtmlRenderer html = new DigestHtmlRenderer(ZoneOffset.UTC);

	@Setup
	public void createDigest() {
		Instant start = Instant.parse("2025-03-01T10:15:30.123Z");
		List<DigestEntry> list = new ArrayList<>(this.entries);
		for (int i = 0; i < this.entries; i++) {
			Instant firstSeen = start.plusMillis(i * 37L);
			Map<String, String> mdc = (i % 2 == 0) ? Map.of("traceId", "5f2c9a1e7b3d4c60" + i, "user", "u" + (i % 97))
					: Map.of();
			String message = "Payment for order 4711-" + i + " declined by fraud rule \"velocity<3\" & retried "
					+ (i % 5) + " times; customer <c" + (i % 131) + "@example.com> notified";
			String stackTrace = (i % 5 == 0) ? stackTrace(i) : "";
			list.add(new DigestEntry(LEVELS[i % LEVELS.length], "com.example.checkout.PaymentService" + (i % 7),
					1 + (i % 13), firstSeen, firstSeen.plusSeconds(i % 50), "http-nio-8080-exec-" + (i % 10), message,
					mdc, stackTrace));
		}
		this.digest = new Digest(42, "shop", "shop-7f9c4d-x2k8p", Trigger.CAPACITY, start, start.plusSeconds(60), list,
				Map.of(Level.WARN, 1234L, Level.ERROR, 56L));
	}

	private static String stackTrace(int i) {
		StringBuilder out = new StringBuilder("java.lang.IllegalStateException: gateway answered 503 for request ")
			.append(i);
		for (int frame = 0; frame < 25; frame++) {
			out.append("\n\tat com.example.checkout.gateway.GatewayClient$Call.step")
				.append(frame)
				.append("(GatewayClient.java:")
				.append(100 + frame)
				.append(')');
		}
		out.append("\n\t... 48 common frames omitted");
		return out.toString();
	}

	@Benchmark
	public String text() {
		return this.text.render(this.digest);
	}

	@Benchmark
	public String html() {
		return this.html.render(this.digest);
	}

}
