package io.github.memorydelay.digest;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entry ids are what silences, the endpoint and earlier digests name an entry by: they
 * stay what they were, on every instance and across versions. Pinned by golden vectors,
 * computed once outside Java (the first 64 bits of SHA-256 over the marked parts,
 * unsigned base 36, padded to 13 characters); those marked {@code top} have the top bit
 * of those 64 bits set, which a signed conversion would get wrong.
 */
class EntryIdTests {

	@ParameterizedTest(name = "{5}")
	@CsvSource(delimiter = '|', nullValues = "null",
			textBlock = """
					com.example.orders.OrderService | ERROR | Payment failed for order {} | null | null | 0tj23ryqrjkrk
					com.example.orders.OrderService | WARN  | Payment failed for order {} | null | null | 24gluhjdq7vx5
					com.example.orders.OrderService | ERROR | Payment failed for order {} | java.lang.IllegalStateException | com.example.orders.OrderService.pay(OrderService.java:42) | 2sls3xc88lun0
					com.example.orders.OrderService | ERROR | Payment failed for order {} | java.lang.IllegalStateException<java.io.IOException | null | 27wnpwtjrm9j5
					com.example.orders.OrderService | ERROR | ''                          | null | null | 2kv2wexxyta0u
					com.example.orders.OrderService | ERROR | null                        | null | null | 3nf2ueamqk1h8
					ab                              | ERROR | c                           | null | null | 1nhlklj6zoa5d
					a                               | ERROR | bc                          | null | null | 0s488mx0q3p5n
					com.example.Zürich              | INFO  | Grüße, {} — ✓               | null | null | 3t5zhlavwzj90
					""")
	void idIsPinned(String logger, String level, String pattern, String chain, String frame, String id) {
		assertThat(EntryId.of(logger, Level.toLevel(level), pattern, chain, frame)).isEqualTo(id)
			.hasSize(EntryId.LENGTH)
			.matches("[0-9a-z]{13}");
	}

}
