package io.github.memorydelay.fleet;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.jdbc.JdbcFleetStore;
import io.github.memorydelay.jdbc.JdbcFleetStore.SchemaInitialization;
import io.github.memorydelay.logback.SmtpOptions;
import io.github.memorydelay.mail.JakartaMailDigestSender;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.render.SubjectTemplate;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One instance of a fleet in a process of its own, driven by {@link FleetProcessTests}
 * through its standard input, one command a line: {@code warn <message>},
 * {@code error <message>}, {@code flush}, {@code status}, {@code stop}. It answers each
 * with one line on its standard output, starting with {@code ok}.
 * <p>
 * Arguments: instance name, JDBC URL, table prefix, SMTP port, tick and lease in
 * milliseconds, store timeout in milliseconds.
 */
public final class FleetInstance {

	private FleetInstance() {
	}

	public static void main(String[] args) throws Exception {
		String name = args[0];
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(args[1]);
		dataSource.setUser("postgres");
		dataSource.setConnectTimeout(2);
		dataSource.setSocketTimeout(10);
		String prefix = args[2];
		int smtpPort = Integer.parseInt(args[3]);
		Duration tick = Duration.ofMillis(Long.parseLong(args[4]));
		Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
		Duration timeout = Duration.ofMillis(Long.parseLong(args[6]));
		LoggerContext context = new LoggerContext();
		context.setName(name);
		context.setMDCAdapter(new LogbackMDCAdapter());
		Logger logger = context.getLogger("com.example.orders.OrderService");
		MemoryDelay memoryDelay = new MemoryDelay(DigestSettings.builder()
			.application("shop")
			.host(name)
			.flushLevel(Level.ERROR)
			.delay(Duration.ofMinutes(10))
			.minInterval(Duration.ZERO)
			.build());
		memoryDelay.setContext(context);
		JakartaMailDigestSender sender = JakartaMailDigestSender
			.of(new SmtpOptions("localhost", smtpPort, null, null, false, false, null, StandardCharsets.UTF_8,
					"app@example.com", List.of("ops@example.com"), List.of(), List.of(), SubjectTemplate.DEFAULT));
		FleetSettings fleet = FleetSettings.of(name, timeout).withTimings(tick, lease, lease.multipliedBy(2));
		memoryDelay.start(sender, null, RetryPolicy.defaults(),
				new JdbcFleetStore(dataSource, "shop", prefix, SchemaInitialization.ALWAYS, timeout), fleet);
		System.out.println("ok started " + name);
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = in.readLine(); line != null; line = in.readLine()) {
			String[] command = line.split(" ", 2);
			switch (command[0]) {
				case "warn", "error" -> {
					Level level = command[0].equals("warn") ? Level.WARN : Level.ERROR;
					memoryDelay.append(new LoggingEvent(Logger.class.getName(), logger, level, command[1], null, null));
					System.out.println("ok logged");
				}
				case "flush" -> System.out.println("ok flushed " + memoryDelay.flush());
				case "status" -> {
					FleetStatus status = memoryDelay.fleetStatus();
					System.out.println("ok status available=" + status.available() + " leader=" + status.leader());
				}
				case "stop" -> {
					boolean stopped = memoryDelay.shutdown(Duration.ofSeconds(10));
					System.out.println("ok stopped " + stopped);
					System.exit(0);
				}
				default -> System.out.println("ok unknown " + line);
			}
		}
	}

}
