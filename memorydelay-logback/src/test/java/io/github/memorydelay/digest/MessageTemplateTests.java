package io.github.memorydelay.digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message template, on a table of real log lines ({@code message-templates.txt}):
 * Spring Boot, HikariCP, Hibernate, Tomcat, Kafka clients, JDBC drivers, Spring Batch.
 */
class MessageTemplateTests {

	static Stream<Arguments> table() throws IOException {
		List<Arguments> rows = new ArrayList<>();
		try (InputStream in = MessageTemplateTests.class.getResourceAsStream("message-templates.txt")) {
			List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.startsWith("#"))
				.toList();
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).isEmpty()) {
					continue;
				}
				String message = lines.get(i).replace("\\n", "\n");
				String template = lines.get(++i);
				rows.add(Arguments.of(message, template.equals("=") ? message : template.replace("\\n", "\n")));
			}
		}
		return rows.stream();
	}

	@Test
	void theTableHoldsAtLeastSixtyRealLines() throws IOException {
		assertThat(table().count()).isGreaterThanOrEqualTo(60);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void masksTheVariablePartsOfARealLine(String message, String template) {
		assertThat(MessageTemplate.of(message)).isEqualTo(template);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void aTemplateIsItsOwnTemplate(String message, String template) {
		assertThat(MessageTemplate.of(template)).isEqualTo(template);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("table")
	void theReusedBufferGivesTheSameTextHashAndAnswerAsANewOne(String message, String template) {
		MessageTemplate reused = new MessageTemplate();
		reused.mask("a much longer message to leave text behind in the buffer: 1, 2, 3, 'four', 5ms, 0x6, 7.8.9.10");
		boolean changed = reused.mask(message);
		assertThat(changed).isEqualTo(!template.equals(message));
		assertThat(reused.toString()).isEqualTo(template);
		assertThat(reused.templateHash()).isEqualTo(template.hashCode());
		assertThat(reused.contentEquals(template)).isTrue();
		assertThat(reused.contentEquals(template + " ")).isFalse();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			Cache alpha is full                              | Cache beta is full
			Connection to node 1 refused                     | Connection to node 1 closed
			Table "ORDERS" not found                         | Column "ORDERS" not found
			HHH000412: Hibernate ORM core version 6          | HHH000413: Hibernate ORM core version 6
			ipv4 disabled                                    | ipv6 disabled
			Loaded log4j configuration                       | Loaded log5j configuration
			Failed to load class com.example.OrderService    | Failed to load class com.example.CustomerService
			GET /api/orders failed                           | GET /api/customers failed
			Retry 3 of 5 failed                              | Retry 3 of 5 succeeded
			Commit deadbeef rejected                         | Commit cafebabe rejected
			Order 17 shipped                                 | Order17 shipped
			""")
	void linesThatDifferInAWordDoNotMerge(String one, String other) {
		assertThat(MessageTemplate.of(one)).isNotEqualTo(MessageTemplate.of(other));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					Rejected row 17 of feed.csv: quantity 'ten' is not a number  | Rejected row 18 of feed.csv: quantity '1e3' is not a number
					Rejected row 17 of feed.csv: quantity 'ten' is not a number  | Rejected row {} of feed.csv: quantity '{}' is not a number
					Timeout after 5s                                             | Timeout after 300ms
					Timeout after {}ms                                           | Timeout after 1840ms
					Payment for bob@example.com declined                         | Payment for alice@shop.example.org declined
					Fetched https://a.example.com/x?id=1 in 3 ms                 | Fetched http://b.example.com/ in 12 ms
					Export of 2026-12-07T02:00:00Z failed                        | Export of 2025-01-31T23:59:59.123+01:00 failed
					Peer 10.0.0.1:5432 closed                                    | Peer 192.168.1.200 closed
					Peer [::1]:8080 closed                                       | Peer 2001:db8:0:0:0:0:2:1 closed
					Session 123e4567-e89b-12d3-a456-426614174000 expired         | Session 00000000-0000-0000-0000-000000000000 expired
					""")
	void linesThatDifferInVariablePartsMerge(String one, String other) {
		assertThat(MessageTemplate.of(one)).isEqualTo(MessageTemplate.of(other));
	}

	@Test
	void noMessageHasNoTemplate() {
		assertThat(MessageTemplate.of(null)).isNull();
		assertThat(MessageTemplate.of("")).isEmpty();
	}

	@Test
	void aMessageWithNothingToMaskIsItsOwnTemplateObject() {
		String message = "Application run failed";
		assertThat(MessageTemplate.of(message)).isSameAs(message);
	}

	@Test
	void aMessageLongerThanTheBufferIsMaskedWhole() {
		String message = "row 1, ".repeat(2000) + "end";
		assertThat(MessageTemplate.of(message)).isEqualTo("row {}, ".repeat(2000) + "end");
	}

}
