package io.github.memorydelay.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.delivery.RetryPolicy;
import io.github.memorydelay.fleet.FleetSettings;
import io.github.memorydelay.jdbc.JdbcFleetStore;
import io.github.memorydelay.jdbc.JdbcFleetStore.SchemaInitialization;
import io.github.memorydelay.logback.MemoryDelayAppender;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.policy.QuietHours;
import io.github.memorydelay.render.DigestLinks;
import io.github.memorydelay.render.SubjectTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each default has one home: the core's ({@link DigestSettings}, {@link RetryPolicy},
 * {@link SubjectTemplate}, {@link MemoryDelayAppender}). The properties' field
 * initialisers (which the configuration processor turns into IDE metadata) and the
 * README's table are checked against it here.
 */
class DefaultsTests {

	private static final Pattern METADATA_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern METADATA_DEFAULT = Pattern
		.compile("\"defaultValue\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([0-9A-Za-z.]+))");

	private static final Pattern README_ROW = Pattern.compile("^\\| `(memorydelay\\.[a-z.-]+)` \\| (.*?) \\|");

	@Test
	void propertiesDefaultToTheCoreDefaults() {
		MemoryDelayProperties properties = new MemoryDelayProperties();
		DigestSettings core = DigestSettings.builder().build();
		RetryPolicy retry = RetryPolicy.defaults();
		assertThat(MemoryDelayPropertiesMapper.level(properties.getLevel())).isEqualTo(core.level());
		assertThat(MemoryDelayPropertiesMapper.level(properties.getFlushLevel())).isEqualTo(core.flushLevel());
		assertThat(properties.getCapacity()).isEqualTo(core.capacity());
		assertThat(properties.getDelay()).isEqualTo(core.delay());
		assertThat(properties.getMinInterval()).isEqualTo(core.minInterval());
		assertThat(properties.getHistory()).isEqualTo(core.history());
		assertThat(properties.getRetry().getInitialInterval()).isEqualTo(retry.initialInterval());
		assertThat(properties.getRetry().getMaxInterval()).isEqualTo(retry.maxInterval());
		assertThat(properties.getShutdownTimeout()).isEqualTo(MemoryDelayAppender.DEFAULT_SHUTDOWN_TIMEOUT);
		assertThat(properties.getSubject()).isEqualTo(SubjectTemplate.DEFAULT);
		assertThat(core.level()).isEqualTo(Level.WARN);
		assertThat(MemoryDelayPropertiesMapper.level(properties.getQuietHours().getBypassLevel()))
			.isEqualTo(QuietHours.NONE.bypassLevel());
		assertThat(properties.getQuietHours().getRanges()).isEmpty();
		assertThat(core.quietHours().isOn()).isFalse();
		assertThat(properties.getFleet().isEnabled()).isFalse();
		assertThat(properties.getFleet().getTimeout()).isEqualTo(FleetSettings.DEFAULT_TIMEOUT);
		assertThat(properties.getFleet().getTablePrefix()).isEqualTo(JdbcFleetStore.DEFAULT_TABLE_PREFIX);
		assertThat(properties.getFleet().getInitializeSchema()).isEqualTo(SchemaInitialization.EMBEDDED);
		assertThat(properties.getFleet().getInstance()).isNull();
		assertThat(properties.getLinks().getTraceKeys()).isEqualTo(DigestLinks.DEFAULT_TRACE_KEYS);
		assertThat(properties.getLinks().getTrace()).isNull();
		assertThat(properties.getLinks().getSource()).isNull();
	}

	@Test
	void readmeDocumentsEveryPropertyWithTheDefaultOfTheMetadata() throws IOException {
		Map<String, String> metadata = metadataDefaults();
		Map<String, String> readme = readmeDefaults();
		assertThat(readme.keySet()).as("every property is documented, and only those")
			.containsExactlyInAnyOrderElementsOf(metadata.keySet());
		metadata.forEach((name, value) -> {
			if (value != null) {
				assertThat(readme.get(name).toLowerCase(Locale.ROOT)).as(name)
					.isEqualTo("`" + value.toLowerCase(Locale.ROOT) + "`");
			}
		});
	}

	private static Map<String, String> metadataDefaults() throws IOException {
		Map<String, String> defaults = new LinkedHashMap<>();
		for (URL url : Collections
			.list(DefaultsTests.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
			String json;
			try (InputStream in = url.openStream()) {
				json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			// the properties come after the groups and before the hints, which repeat
			// some names
			int from = Math.max(0, json.indexOf("\"properties\""));
			int hints = json.indexOf("\"hints\"", from);
			String properties = json.substring(from, (hints >= 0) ? hints : json.length());
			Matcher name = METADATA_NAME.matcher(properties);
			List<Integer> starts = new ArrayList<>();
			List<String> names = new ArrayList<>();
			while (name.find()) {
				starts.add(name.end());
				names.add(name.group(1));
			}
			for (int i = 0; i < names.size(); i++) {
				if (!names.get(i).startsWith(MemoryDelayPropertiesMapper.PREFIX + ".")) {
					continue;
				}
				int end = (i + 1 < names.size()) ? starts.get(i + 1) : properties.length();
				Matcher value = METADATA_DEFAULT.matcher(properties.substring(starts.get(i), end));
				defaults.put(names.get(i),
						value.find() ? ((value.group(1) != null) ? value.group(1) : value.group(2)) : null);
			}
		}
		return defaults;
	}

	private static Map<String, String> readmeDefaults() throws IOException {
		Path readme = Path.of("..", "README.md");
		Map<String, String> defaults = new LinkedHashMap<>();
		List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
		int start = lines.indexOf("## Properties");
		for (String line : lines.subList(start, lines.size())) {
			if (line.startsWith("## ") && !line.equals("## Properties")) {
				break;
			}
			Matcher row = README_ROW.matcher(line);
			if (row.find()) {
				defaults.put(row.group(1), row.group(2).trim());
			}
		}
		return defaults;
	}

}
