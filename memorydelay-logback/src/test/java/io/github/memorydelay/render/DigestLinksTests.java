package io.github.memorydelay.render;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Links from an entry to its trace and its source: made safe by construction.
 */
class DigestLinksTests {

	private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

	private static final String TRACE = "https://tempo.example.com/trace/{traceId}";

	private static final String SOURCE = "https://github.com/acme/shop/blob/{commit}/src/main/java/{path}#L{line}";

	private static final String STACK = """
			java.lang.NumberFormatException: For input string: "ten"
				at java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)
				at java.base/java.lang.Integer.parseInt(Integer.java:662)
				at com.acme.feed.FeedImporter$Row.quantity(FeedImporter.java:88)
				at com.acme.feed.FeedImporter.importRows(FeedImporter.java:41)
			Caused by: java.io.IOException: unreadable
				at com.acme.feed.Other.read(Other.java:5)""";

	private static DigestEntry entry(Map<String, String> mdc, String stackTrace) {
		return new DigestEntry(Level.WARN, "com.acme.feed.FeedImporter", 1, T0, T0, "main", "Rejected row 17", mdc,
				stackTrace);
	}

	private final DigestLinks links = DigestLinks.of(TRACE, null, SOURCE, "3f2a9c1d0b7e");

	@Test
	void traceLinkTakesTheFirstKeyPresentInTheMdc() {
		assertThat(this.links.trace(entry(Map.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), "")))
			.isEqualTo("https://tempo.example.com/trace/4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(this.links.trace(entry(Map.of("dd.trace_id", "12345678", "traceId", "abcdef0123456789"), "")))
			.endsWith("/abcdef0123456789");
		DigestLinks ownKeys = DigestLinks.of(TRACE, List.of("x-b3-traceid"), null, null);
		assertThat(ownKeys.trace(entry(Map.of("x-b3-traceid", "80f198ee56343ba8", "traceId", "ffffffff"), "")))
			.endsWith("/80f198ee56343ba8");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			short1
			"><script>alert(1)</script>
			abc def ghi
			https://evil.example.com/x
			aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
			""")
	void aTraceIdThatIsNotEightToSixtyFourLettersDigitsOrDashesGivesNoLink(String traceId) {
		assertThat(this.links.trace(entry(Map.of("traceId", traceId), ""))).isNull();
	}

	@Test
	void noTraceIdNoTemplateNoLink() {
		assertThat(this.links.trace(entry(Map.of("user", "alice"), ""))).isNull();
		assertThat(DigestLinks.NONE.trace(entry(Map.of("traceId", "4bf92f3577b34da6"), ""))).isNull();
	}

	@Test
	void sourceLinkIsTheFirstFrameOutsideTheJdkOfTheThrowableItself() {
		assertThat(this.links.source(entry(Map.of(), STACK))).isEqualTo(
				"https://github.com/acme/shop/blob/3f2a9c1d0b7e/src/main/java/com/acme/feed/FeedImporter.java#L88");
	}

	@Test
	void aPathIsPercentEncoded() {
		String stack = "java.lang.IllegalStateException: x\n\tat com.acme.zürich.Läden.open(Läden.java:7)";
		assertThat(this.links.source(entry(Map.of(), stack))).endsWith("/com/acme/z%C3%BCrich/L%C3%A4den.java#L7");
	}

	@Test
	void noFrameWithAFileAndLineOrNoCommitGivesNoSourceLink() {
		assertThat(this.links.source(entry(Map.of(), ""))).isNull();
		assertThat(this.links.source(entry(Map.of(), "java.lang.Error: x\n\tat com.acme.Gen.run(Unknown Source)")))
			.isNull();
		assertThat(this.links
			.source(entry(Map.of(), "java.lang.Error: x\n\tat java.base/java.lang.Thread.run(Thread.java:1)")))
			.isNull();
		assertThat(this.links
			.source(entry(Map.of(), "java.lang.Error: x\n\tat com.acme.Shop.pay(../../evil/Shop.java:3)")))
			.as("a file name with a path gives no link")
			.isNull();
		DigestLinks noCommit = DigestLinks.of(null, null, SOURCE, null);
		assertThat(noCommit.lacksCommit()).isTrue();
		assertThat(noCommit.source(entry(Map.of(), STACK))).isNull();
		DigestLinks branch = DigestLinks.of(null, null, "https://git.example.com/shop/-/blob/main/{path}#L{line}",
				null);
		assertThat(branch.lacksCommit()).isFalse();
		assertThat(branch.source(entry(Map.of(), STACK)))
			.isEqualTo("https://git.example.com/shop/-/blob/main/com/acme/feed/FeedImporter.java#L88");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					https://tempo.example.com/trace/{traceId}       | traceId | ''
					https://tempo.example.com/trace/{trace}         | traceId | the URL template has an unknown placeholder {trace}
					tempo.example.com/trace/{traceId}               | traceId | the URL template is not an absolute http or https URL
					javascript:alert('{traceId}')                   | traceId | the URL template is not an absolute http or https URL
					ftp://files.example.com/{traceId}               | traceId | the URL template is not an absolute http or https URL
					https://x.example.com/{path}#L{line}?c={commit} | path    | the URL template has an unknown placeholder {line}, {commit}
					""")
	void aTemplateMustBeAnAbsoluteHttpUrlWithKnownPlaceholders(String template, String placeholder, String problem) {
		assertThat(DigestLinks.problem(template, java.util.Set.of(placeholder)))
			.isEqualTo(problem.isEmpty() ? null : problem);
	}

	@Test
	void bothPartsShowTheLinksTheTextAsBareUrlsTheHtmlAsAnchors() {
		DigestEntry entry = entry(Map.of("traceId", "4bf92f3577b34da6"), STACK);
		Digest digest = new Digest(1, "shop", "web-1", Trigger.MANUAL, T0, T0.plusSeconds(1), List.of(entry), Map.of());
		String text = new DigestTextRenderer(ZoneOffset.UTC, this.links).render(digest);
		assertThat(text).contains("  Trace:      https://tempo.example.com/trace/4bf92f3577b34da6\n",
				"  Source:     https://github.com/acme/shop/blob/3f2a9c1d0b7e/src/main/java/com/acme/feed/FeedImporter.java#L88\n");
		String html = new DigestHtmlRenderer(ZoneOffset.UTC, this.links).render(digest);
		assertThat(html).contains("<a href=\"https://tempo.example.com/trace/4bf92f3577b34da6\"", ">trace</a>",
				"<a href=\"https://github.com/acme/shop/blob/3f2a9c1d0b7e/src/main/java/com/acme/feed/FeedImporter.java#L88\"",
				">source</a>");
		assertThat(new DigestTextRenderer(ZoneOffset.UTC).render(digest)).doesNotContain("Trace:", "Source:");
	}

}
