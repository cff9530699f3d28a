package io.github.memorydelay.plain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import io.github.memorydelay.logback.MemoryDelayAppender;
import org.awaitility.Awaitility;

/**
 * A logger context configured from a {@code logback.xml}, as a plain application's is,
 * and bounded waits.
 */
final class PlainLogback {

	/**
	 * Bound for every wait: long enough for a slow CI machine, short for a failing test.
	 */
	static final long WAIT_MILLIS = 10_000;

	private PlainLogback() {
	}

	/**
	 * Configures a new logger context from the {@code digest-logback.xml} resource.
	 * @param properties values for its {@code ${...}} placeholders
	 * @return the context
	 */
	static LoggerContext configure(Map<String, String> properties) {
		try (InputStream in = PlainLogback.class.getResourceAsStream("/digest-logback.xml")) {
			return configure(new String(in.readAllBytes(), StandardCharsets.UTF_8), properties);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static LoggerContext configure(String xml, Map<String, String> properties) {
		LoggerContext context = new LoggerContext();
		context.setMDCAdapter(new LogbackMDCAdapter());
		properties.forEach(context::putProperty);
		JoranConfigurator configurator = new JoranConfigurator();
		configurator.setContext(context);
		try {
			configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JoranException ex) {
			// reported in the context's status too, which the tests read
		}
		return context;
	}

	static MemoryDelayAppender appender(LoggerContext context) {
		return (MemoryDelayAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("DIGEST");
	}

	static List<Status> statuses(LoggerContext context, int level) {
		return context.getStatusManager()
			.getCopyOfStatusList()
			.stream()
			.filter((status) -> status.getLevel() == level)
			.toList();
	}

	static void until(String what, BooleanSupplier condition) {
		Awaitility.await(what)
			.atMost(Duration.ofMillis(WAIT_MILLIS))
			.pollInterval(Duration.ofMillis(10))
			.until(condition::getAsBoolean);
	}

	/**
	 * Digests in the spool: waiting ({@code .eml}) or being sent again right now
	 * ({@code .sending}).
	 * @param spool the spool folder
	 * @return the files
	 */
	static List<Path> waiting(Path spool) {
		if (!Files.isDirectory(spool)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(spool)) {
			return files.filter((file) -> {
				String name = file.getFileName().toString();
				return name.endsWith(".eml") || name.endsWith(".sending");
			}).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
