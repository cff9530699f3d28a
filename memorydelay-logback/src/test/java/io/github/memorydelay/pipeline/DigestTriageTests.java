package io.github.memorydelay.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.MutableClock;
import io.github.memorydelay.TestEvents;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.EntryId;
import io.github.memorydelay.digest.Timeline;
import io.github.memorydelay.digest.Trigger;
import io.github.memorydelay.render.DigestFormat;
import io.github.memorydelay.render.DigestHtmlRenderer;
import io.github.memorydelay.render.DigestTextRenderer;
import io.github.memorydelay.render.SubjectTemplate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The digest as a triage tool: a subject with signal, a summary first, ids, new or
 * recurring, a strip of when, and an HTML part that stays under the clip whatever it
 * holds.
 */
class DigestTriageTests {

	private static final int LIMIT = 100_000;

	private static final Pattern ID = Pattern.compile("[0-9a-z]{8,16}");

	private static final String BLOCKS = "[\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588]{8}";

	private final MutableClock clock = MutableClock.start();

	private final Instant t0 = this.clock.instant();

	private final TestEvents events = new TestEvents(this.clock);

	private final DigestTextRenderer text = new DigestTextRenderer(ZoneOffset.UTC);

	private final DigestHtmlRenderer html = new DigestHtmlRenderer(ZoneOffset.UTC);

	private DigestEngine engine(int capacity) {
		return new DigestEngine(DigestSettings.builder()
			.application("shop")
			.host("shop-1")
			.capacity(capacity)
			.flushLevel(Level.OFF)
			.delay(Duration.ZERO)
			.minInterval(Duration.ZERO)
			.level(Level.TRACE)
			.build(), this.clock);
	}

	private static DigestEntry entry(Level level, String message, long count) {
		Instant at = Instant.parse("2025-03-14T09:00:05Z");
		return new DigestEntry(level, "com.example.shop.Checkout", count, at, at.plusSeconds(10), "main", message,
				Map.of(), "");
	}

	private static Digest digestOf(List<DigestEntry> entries) {
		return new Digest(1, "shop", "shop-1", Trigger.MANUAL, Instant.parse("2025-03-14T09:00:00Z"),
				Instant.parse("2025-03-14T09:01:00Z"), entries, Map.of());
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
			count++;
		}
		return count;
	}

	private static int utf8(String html) {
		return html.getBytes(StandardCharsets.UTF_8).length;
	}

	// --- subject
	// ------------------------------------------------------------------------------------

	@Test
	void defaultSubjectOfOneErrorNamesItsCountAndMessage() {
		DigestEngine engine = engine(128);
		engine.add(this.events.event(Level.ERROR, "Payment failed for order {}", 42).build());
		String subject = new SubjectTemplate(SubjectTemplate.DEFAULT).render(engine.flush(Trigger.LEVEL));
		assertThat(subject).isEqualTo("[shop] 1 error: Payment failed for order 42");
	}

	@Test
	void countsAreWordsWithPlurals() {
		SubjectTemplate counts = new SubjectTemplate("{counts}");
		assertThat(counts.render(digestOf(List.of(entry(Level.ERROR, "a", 1))))).isEqualTo("1 error");
		assertThat(counts.render(digestOf(List.of(entry(Level.ERROR, "a", 2), entry(Level.WARN, "b", 1)))))
			.isEqualTo("2 errors, 1 warning");
		assertThat(counts.render(digestOf(List.of(entry(Level.WARN, "b", 3))))).isEqualTo("3 warnings");
		assertThat(counts.render(digestOf(List.of(entry(Level.WARN, "a", 1), entry(Level.INFO, "b", 4),
				entry(Level.DEBUG, "c", 2), entry(Level.TRACE, "d", 1)))))
			.isEqualTo("1 warning, 4 info, 2 debug, 1 trace");
	}

	@Test
	void countsIncludeEventsNotShown() {
		Digest digest = new Digest(1, "shop", "shop-1", Trigger.CAPACITY, Instant.EPOCH, Instant.EPOCH.plusSeconds(1),
				List.of(entry(Level.WARN, "a", 1)), Map.of(Level.ERROR, 2L, Level.WARN, 1L));
		assertThat(new SubjectTemplate("{counts}").render(digest)).isEqualTo("2 errors, 2 warnings");
	}

	@Test
	void bothPartsUseSingularsForOne() {
		Digest digest = new Digest(1, "shop", "shop-1", Trigger.CAPACITY, Instant.EPOCH, Instant.EPOCH.plusSeconds(1),
				List.of(entry(Level.WARN, "a", 1)), Map.of(Level.ERROR, 1L));
		for (String part : List.of(this.text.render(digest), this.html.render(digest))) {
			assertThat(part).contains("2 events: 1 in 1 entry, 1 not shown", "1 more event (1 ERROR)")
				.doesNotContain("1 events", "1 entries");
		}
	}

	// --- summary first
	// --------------------------------------------------------------------------------

	@Test
	void bothPartsOpenWithOneSummaryLinePerEntry() {
		Digest digest = digestOf(List.of(entry(Level.WARN, "Disk almost full\nsecond line", 3),
				entry(Level.ERROR, "Payment failed for order 42", 1)));
		String text = this.text.render(digest);
		int details = text.indexOf("\n#1 ERROR x1  com.example.shop.Checkout");
		Matcher error = Pattern
			.compile("#1 +ERROR +x1 +new +" + BLOCKS + " +([0-9a-z]{13}) +Payment failed for order 42")
			.matcher(text);
		assertThat(error.find()).isTrue();
		assertThat(error.start()).isLessThan(details);
		assertThat(error.group(1)).isEqualTo(digest.entries().get(1).id());
		Matcher warning = Pattern.compile("#2 +WARN +x3 +new +" + BLOCKS + " +[0-9a-z]{13} +Disk almost full\n")
			.matcher(text);
		assertThat(warning.find()).isTrue();
		assertThat(warning.start()).isLessThan(details);

		String html = this.html.render(digest);
		int summaryError = html.indexOf("Payment failed for order 42");
		int summaryWarning = html.indexOf("Disk almost full");
		int detailsStart = html.indexOf("First seen");
		assertThat(summaryError).isPositive().isLessThan(summaryWarning);
		assertThat(summaryWarning).isLessThan(detailsStart);
		String summary = html.substring(0, detailsStart);
		assertThat(summary).contains(">ERROR<", ">WARN<", "&times;1", "&times;3", ">new", digest.entries().get(0).id(),
				digest.entries().get(1).id());
	}

	@Test
	void entriesAreOrderedBySeverityThenNewThenFirstSeen() {
		Instant at = Instant.parse("2025-03-14T09:00:05Z");
		DigestEntry oldWarning = entry(Level.WARN, "old warning", 1);
		DigestEntry recurringError = new DigestEntry(Level.ERROR, "x", 1, at, at, "main", "recurring error", Map.of(),
				"")
			.recurringSince(at.minus(Duration.ofDays(1)));
		DigestEntry laterNewError = new DigestEntry(Level.ERROR, "x", 1, at.plusSeconds(5), at.plusSeconds(5), "main",
				"later new error", Map.of(), "");
		DigestEntry newError = new DigestEntry(Level.ERROR, "x", 1, at, at, "main", "new error", Map.of(), "");
		Digest digest = digestOf(List.of(oldWarning, recurringError, laterNewError, newError));
		for (String part : List.of(this.text.render(digest), this.html.render(digest))) {
			assertThat(part.indexOf("new error")).isLessThan(part.indexOf("later new error"));
			assertThat(part.indexOf("later new error")).isLessThan(part.indexOf("recurring error"));
			assertThat(part.indexOf("recurring error")).isLessThan(part.indexOf("old warning"));
		}
	}

	@Test
	void recurringEntriesSayWhenTheyWereFirstReported() {
		Instant at = Instant.parse("2025-03-14T09:00:05Z");
		DigestEntry recurring = entry(Level.ERROR, "Payment failed", 2)
			.recurringSince(Instant.parse("2025-03-10T08:00:00Z"));
		Digest digest = digestOf(List.of(recurring, entry(Level.WARN, "fresh", 1)));
		assertThat(digest.newEntries()).isEqualTo(1);
		assertThat(this.text.render(digest)).contains("recurring, first reported 2025-03-10 08:00:00.000 +00:00",
				"Entries:     1 new, 1 recurring");
		assertThat(this.html.render(digest)).contains("recurring, first reported 2025-03-10 08:00:00.000 +00:00",
				">recurring<", "1 new, 1 recurring");
	}

	// --- ids
	// ------------------------------------------------------------------------------------------

	@Test
	void idIsDerivedFromTheFingerprintAlone() {
		assertThat(
				EntryId.of("com.example.shop.PaymentService", Level.ERROR, "Payment failed for order {}", null, null))
			.isEqualTo("0zdpr6ynd9167");
	}

	@Test
	void sameFingerprintHasTheSameIdInEveryEngineAndDigest() {
		RuntimeException failure = new IllegalStateException("declined");
		List<String> ids = new ArrayList<>();
		for (int run = 0; run < 2; run++) {
			DigestEngine engine = engine(128);
			engine.add(this.events.event(Level.ERROR, "Payment failed for order {}", run).thrown(failure).build());
			engine.add(this.events.event(Level.ERROR, "Payment failed for order {}", run + 7).thrown(failure).build());
			engine.add(this.events.warn("Slow response from {}", "inventory"));
			Digest digest = engine.flush(Trigger.MANUAL);
			assertThat(digest.entries()).hasSize(2);
			digest.entries().forEach((entry) -> assertThat(entry.id()).matches(ID).hasSize(13));
			ids.add(digest.entries().get(0).id());
			assertThat(digest.entries().get(1).id()).isNotEqualTo(digest.entries().get(0).id());
		}
		assertThat(ids.get(0)).isEqualTo(ids.get(1));
	}

	@Test
	void idsDifferWhenAnyPartOfTheFingerprintDiffers() {
		String base = EntryId.of("a.B", Level.ERROR, "m {}", "x.E", "at a.B.c(B.java:1)");
		assertThat(List.of(EntryId.of("a.C", Level.ERROR, "m {}", "x.E", "at a.B.c(B.java:1)"),
				EntryId.of("a.B", Level.WARN, "m {}", "x.E", "at a.B.c(B.java:1)"),
				EntryId.of("a.B", Level.ERROR, "n {}", "x.E", "at a.B.c(B.java:1)"),
				EntryId.of("a.B", Level.ERROR, "m {}", null, "at a.B.c(B.java:1)"),
				EntryId.of("a.B", Level.ERROR, "m {}", "x.E", "at a.B.c(B.java:2)"),
				EntryId.of("a.B", Level.ERROR, "m {}x.E", "", "at a.B.c(B.java:1)")))
			.doesNotContain(base)
			.doesNotHaveDuplicates();
	}

	// --- window and strip
	// -----------------------------------------------------------------------------

	@Test
	void windowStartsAtTheFirstBufferedEvent() {
		DigestEngine engine = engine(128);
		Instant first = this.t0.minusMillis(7);
		engine.add(this.events.event(Level.WARN, "logged a little earlier").at(first).build());
		Digest digest = engine.flush(Trigger.MANUAL);
		assertThat(digest.windowStart()).isEqualTo(first).isEqualTo(digest.entries().get(0).firstSeen());
	}

	@Test
	void stripShowsThreeHundredEventsInTheLastTwoMinutes() {
		DigestEngine engine = engine(128);
		engine.add(this.events.warn("Cache refreshed"));
		for (int i = 0; i < 300; i++) {
			this.clock.set(this.t0.plus(Duration.ofMinutes(8)).plusMillis(i * 400L));
			engine.add(this.events.error("Timeout calling {}", "inventory"));
		}
		this.clock.set(this.t0.plus(Duration.ofMinutes(10)));
		Digest digest = engine.flush(Trigger.MANUAL);
		DigestEntry timeouts = digest.entries().get(1);
		String strip = DigestFormat.strip(timeouts, digest);
		assertThat(strip).matches(BLOCKS).startsWith("\u2581\u2581\u2581\u2581\u2581\u2581").endsWith("\u2588");
		assertThat(DigestFormat.strip(digest.entries().get(0), digest))
			.isEqualTo("\u2588\u2581\u2581\u2581\u2581\u2581\u2581\u2581");
		double[] bars = timeouts.timeline().bars(digest.windowStart(), digest.windowEnd());
		double sum = 0;
		for (double bar : bars) {
			sum += bar;
		}
		assertThat(sum).isCloseTo(300, offset(0.001));
		assertThat(this.text.render(digest)).contains(strip);
		assertThat(this.html.render(digest)).contains(strip);
	}

	@Test
	void timelineCostIsFixedWhateverTheSpanOfTheEvents() {
		Timeline.Builder builder = Timeline.builder(0);
		for (long at = 0; at < Duration.ofDays(30).toMillis(); at += 60_000) {
			builder.add(at);
		}
		Timeline timeline = builder.build();
		double[] bars = timeline.bars(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofDays(30)));
		assertThat(bars).hasSize(Timeline.BARS);
		for (double bar : bars) {
			// an even spread shows as even bars, within the rounding of the buckets
			assertThat(bar).isBetween(43_200 / 8.0 * 0.8, 43_200 / 8.0 * 1.2);
		}
	}

	// --- size
	// ---------------------------------------------------------------------------------------

	private static Throwable deepFailure(int entry) {
		IllegalStateException cause = new IllegalStateException("connection reset by peer " + "x".repeat(200));
		cause.setStackTrace(frames("org.example.driver.very.deeply.nested.package.name.ConnectionHandler", 150));
		RuntimeException failure = new RuntimeException("Failure " + entry + " " + "y".repeat(300), cause);
		failure.setStackTrace(frames("com.example.shop.checkout.service.internal.PaymentOrchestrator" + entry, 150));
		return failure;
	}

	private static StackTraceElement[] frames(String type, int depth) {
		StackTraceElement[] frames = new StackTraceElement[depth];
		for (int i = 0; i < depth; i++) {
			frames[i] = new StackTraceElement(type + "$Inner" + i, "handleRequestWithRetriesAndBackoff" + i,
					"PaymentOrchestrator.java", 1000 + i);
		}
		return frames;
	}

	private Digest fullDigestOfLargeEntries() {
		DigestEngine engine = engine(128);
		for (int i = 0; i < 128; i++) {
			Map<String, String> mdc = new LinkedHashMap<>();
			for (int key = 0; key < 12; key++) {
				mdc.put("key" + key, "value-" + i + "-" + "z".repeat(100));
			}
			this.clock.set(this.t0.plusMillis(i * 100L));
			engine.add(
					this.events
						.event((i % 3 == 0) ? Level.ERROR : Level.WARN, "Large message " + TestEvents.word(i) + " {}",
								"\u00e9\u20ac<&>".repeat(3000))
						.thrown(deepFailure(i))
						.mdc(mdc)
						.build());
		}
		this.clock.set(this.t0.plusSeconds(60));
		Digest digest = engine.flush(Trigger.CAPACITY);
		assertThat(digest.entries()).hasSize(128);
		return digest;
	}

	@Test
	void htmlStaysUnderTheClipAtCapacity128WithLargeEntries() {
		Digest digest = fullDigestOfLargeEntries();
		String html = this.html.render(digest);
		assertThat(utf8(html)).isLessThanOrEqualTo(LIMIT);
		for (DigestEntry entry : digest.entries()) {
			assertThat(html).as("summary line of %s", entry.id()).contains(entry.id());
		}
		assertThat(html).contains("To keep this email under 100 KB",
				"The plain-text part of this email has every entry in full");
		assertThat(html).contains("Shortened to fit this email");
		System.out.println("HTML of 128 large entries: " + utf8(html) + " bytes, details of "
				+ count(html, "First seen ") + " entries, " + count(html, "Shortened to fit")
				+ " of them shortened; text: " + utf8(this.text.render(digest)) + " bytes");
	}

	@Test
	void mostSevereEntriesKeepTheirDetailsLongest() {
		Digest digest = fullDigestOfLargeEntries();
		String html = this.html.render(digest);
		DigestEntry newestError = digest.entries().get(126);
		DigestEntry oldestWarning = digest.entries().get(1);
		assertThat(newestError.level()).isEqualTo(Level.ERROR);
		assertThat(oldestWarning.level()).isEqualTo(Level.WARN);
		// the details show the thread and first seen time; the summary line does not
		assertThat(html).contains("Large message " + TestEvents.word(126));
		assertThat(html.indexOf("Large message " + TestEvents.word(126), html.indexOf("First seen"))).isPositive();
		assertThat(html.indexOf("Large message " + TestEvents.word(1) + " ", html.indexOf("First seen"))).isNegative();
	}

	@Test
	void textKeepsEveryLargeEntryInFull() {
		Digest digest = fullDigestOfLargeEntries();
		String text = this.text.render(digest);
		for (DigestEntry entry : digest.entries()) {
			assertThat(text).contains(entry.message(), entry.id(), entry.stackTrace().replace("\n", "\n    "));
		}
	}

	@Test
	void htmlStaysUnderTheClipWithTenThousandEntries() {
		List<DigestEntry> entries = new ArrayList<>();
		Instant at = Instant.parse("2025-03-14T09:00:05Z");
		for (int i = 0; i < 10_000; i++) {
			entries.add(new DigestEntry((i % 10 == 0) ? Level.ERROR : Level.WARN, "com.example.shop.Service" + (i % 50),
					i + 1, at.plusMillis(i), at.plusMillis(i + 500), "worker-" + i,
					"Distinct failure number " + TestEvents.word(i) + " while calling the partner feed "
							+ "q".repeat(200),
					Map.of("requestId", "r-" + i),
					"java.lang.IllegalStateException: boom\n\tat com.example.A.b(A.java:1)"));
		}
		Digest digest = digestOf(entries);
		String html = this.html.render(digest);
		assertThat(utf8(html)).isLessThanOrEqualTo(LIMIT);
		assertThat(html).contains("listed in the plain-text part only", "#1 ERROR &times;1 new " + entries.get(0).id());
		String text = this.text.render(digest);
		Set<String> summaryIds = new HashSet<>();
		Matcher line = Pattern.compile("(?m)^#\\d+ +(ERROR|WARN) +x\\d+ +new +" + BLOCKS + "  ([0-9a-z]{13})  Distinct")
			.matcher(text);
		while (line.find()) {
			summaryIds.add(line.group(2));
		}
		assertThat(summaryIds).hasSize(10_000);
		System.out
			.println("HTML of 10,000 entries: " + utf8(html) + " bytes, " + count(html, "<br>") + " summary lines");
	}

	@Test
	void htmlOfASmallDigestIsNotShortened() {
		Digest digest = digestOf(List.of(entry(Level.ERROR, "Payment failed\n\tat x", 1)));
		assertThat(this.html.render(digest)).doesNotContain("To keep this email under", "Shortened to fit");
	}

	// --- mail clients
	// -------------------------------------------------------------------------------

	@Test
	void htmlWrapsWithoutPreWrapForOutlook() {
		String longRun = "com.example.shop.checkout.service.internal.PaymentOrchestrator.handleRequestWithRetries("
				+ "PaymentOrchestrator.java:1042)";
		Digest digest = digestOf(List
			.of(new DigestEntry(Level.ERROR, "com.example.shop.Checkout", 1, Instant.parse("2025-03-14T09:00:05Z"),
					Instant.parse("2025-03-14T09:00:05Z"), "main", "first line\n  indented line\n" + longRun, Map.of(),
					"java.lang.IllegalStateException: boom\n\tat " + longRun)));
		String html = this.html.render(digest);
		assertThat(html).doesNotContain("<pre", "pre-wrap", "<style", "class=\"");
		assertThat(html).contains("first line<br>\n&nbsp;&nbsp;indented line<br>",
				"&nbsp;&nbsp;&nbsp;&nbsp;at&nbsp;com.");
		// it may wrap after its dots, not inside a name
		assertThat(html).doesNotContain(longRun).contains("com.example.\u200Bshop.");
		assertThat(html.replace("\u200B", "")).contains(longRun);
		assertThat(html).containsPattern("<!--\\[if mso\\]>");
	}

	// --- hostile content
	// ----------------------------------------------------------------------------

	@Test
	void hostileFirstLinesNeverReachTheSummaryUnescaped() {
		String hostile = "<script>alert(1)</script>\u0000\u001b[31m\u2028Bcc: evil@x\r\n<img src=x onerror=alert(2)>";
		Digest digest = digestOf(List.of(entry(Level.ERROR, hostile, 1)));
		String html = this.html.render(digest);
		assertThat(html).doesNotContain("<script", "<img", "\u0000", "\u001b", "\u2028");
		String text = this.text.render(digest);
		String summary = text.substring(text.indexOf("Summary"), text.indexOf("\n#1 ERROR x1  "));
		assertThat(summary.lines().filter((line) -> line.startsWith("#1"))).singleElement()
			.satisfies((line) -> assertThat(line.chars()).noneMatch(Character::isISOControl)
				.noneMatch((c) -> c == '\u2028'));
		DigestEntry entry = digest.entries().get(0);
		assertThat(entry.id()).matches(ID);
		assertThat(DigestFormat.strip(entry, digest)).matches(BLOCKS);
	}

	@Test
	void hostileLoggerAndThreadAreEscapedInTheDetails() {
		Digest digest = digestOf(List.of(new DigestEntry(Level.WARN, "<b>logger</b>", 1, Instant.EPOCH, Instant.EPOCH,
				"\"><script>", "m", Map.of("<k>", "<v>"), "")));
		String html = this.html.render(digest);
		assertThat(html).doesNotContain("<b>logger", "\"><script>", "<k>", "<v>")
			.contains("&lt;b&gt;logger&lt;/b&gt;", "&quot;&gt;&lt;script&gt;", "&lt;k&gt;=&lt;v&gt;");
	}

}
