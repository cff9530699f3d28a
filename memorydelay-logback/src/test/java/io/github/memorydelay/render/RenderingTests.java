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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the text and HTML parts and the subject of a digest email say.
 */
class RenderingTests {

	private static final Instant WINDOW_START = Instant.parse("2025-03-14T09:00:00Z");

	private static final Instant WINDOW_END = Instant.parse("2025-03-14T09:01:30Z");

	private static final String HOSTILE = "<script>alert(1)</script>\"'&";

	private final DigestTextRenderer text = new DigestTextRenderer(ZoneOffset.UTC);

	private final DigestHtmlRenderer html = new DigestHtmlRenderer(ZoneOffset.UTC);

	private static DigestEntry error() {
		return new DigestEntry(Level.ERROR, "com.example.billing.PaymentService", 3,
				Instant.parse("2025-03-14T09:00:05Z"), Instant.parse("2025-03-14T09:01:10Z"), "http-nio-8080-exec-4",
				"Payment 4711 failed\nsecond line of the message", Map.of("requestId", "req-42"),
				"java.lang.IllegalStateException: card declined\n\tat com.example.billing.PaymentService.charge(PaymentService.java:88)");
	}

	private static DigestEntry warning() {
		return new DigestEntry(Level.WARN, "com.example.catalog.Search", 1, Instant.parse("2025-03-14T09:00:20Z"),
				Instant.parse("2025-03-14T09:00:20Z"), "scheduler-1", "Index is stale", Map.of(), "");
	}

	private static Digest digest(Trigger trigger, List<DigestEntry> entries, Map<Level, Long> notShown) {
		return new Digest(7, "billing", "app-7.example.org", trigger, WINDOW_START, WINDOW_END, entries, notShown);
	}

	private static Digest typicalDigest() {
		return digest(Trigger.LEVEL, List.of(error(), warning()), Map.of(Level.WARN, 5L, Level.ERROR, 2L));
	}

	private static Digest hostileDigest() {
		DigestEntry hostile = new DigestEntry(Level.ERROR, "com.example.<script>Evil</script>", 1, WINDOW_START,
				WINDOW_START, "<script>thread</script>", HOSTILE, Map.of("user", "<script>mdc</script>"),
				"java.lang.RuntimeException: <script>trace</script>");
		return new Digest(1, "<script>app</script>", "<img src=x>", Trigger.MANUAL, WINDOW_START, WINDOW_END,
				List.of(hostile), Map.of());
	}

	private static Digest digestWithFirstMessage(String message) {
		DigestEntry entry = new DigestEntry(Level.ERROR, "com.example.Mail", 1, WINDOW_START, WINDOW_START, "main",
				message, Map.of(), "");
		return digest(Trigger.LEVEL, List.of(entry), Map.of());
	}

	@Test
	void textShowsWhereWhenAndWhy() {
		String rendered = this.text.render(typicalDigest());
		assertThat(rendered).contains("billing", "app-7.example.org", "2025-03-14 09:00:00.000 +00:00",
				"2025-03-14 09:01:30.000 +00:00", "1 min 30 s", "an event at or above the flush level was logged",
				"trigger: level");
	}

	@Test
	void textShowsEveryEntryInFull() {
		String rendered = this.text.render(typicalDigest());
		assertThat(rendered).contains("#1 ERROR x3  com.example.billing.PaymentService",
				"First seen: 2025-03-14 09:00:05.000 +00:00", "Last seen:  2025-03-14 09:01:10.000 +00:00",
				"Thread:     http-nio-8080-exec-4", "MDC:        requestId=req-42", "Payment 4711 failed",
				"    second line of the message", "java.lang.IllegalStateException: card declined",
				"at com.example.billing.PaymentService.charge(PaymentService.java:88)");
		assertThat(rendered).contains("#2 WARN x1  com.example.catalog.Search", "Thread:     scheduler-1",
				"Index is stale");
	}

	@Test
	void textCountsAllEventsAndShowsNotShownLine() {
		String rendered = this.text.render(typicalDigest());
		// the headline adds up: shown, then not shown
		assertThat(rendered).contains("Events:      11 events: 4 in 2 entries, 7 not shown (5 ERROR, 6 WARN)")
			.contains("7 more events (2 ERROR, 5 WARN) arrived while the buffer was full");
	}

	@Test
	void aStackFrameWrapsAfterItsDotsNeverInsideAnIdentifierOnAPhone() {
		String frame = "io.github.memorydelay.sample.shop.PaymentGateway.charge(PaymentGateway.java:25)";
		DigestEntry entry = new DigestEntry(Level.ERROR, "com.example.Shop", 1, WINDOW_START, WINDOW_START, "main",
				"Payment failed", Map.of(), "java.lang.IllegalStateException: declined\n\tat " + frame);
		String html = this.html.render(digest(Trigger.LEVEL, List.of(entry), Map.of()));
		int at = html.indexOf("io.github.memorydelay.");
		String rendered = html.substring(at, html.indexOf("25)", at) + 3);
		assertThat(rendered.replace("\u200B", "")).isEqualTo(frame);
		// a place to wrap only after punctuation, and none of the pieces wider than a
		// phone's line (about 45 characters)
		for (int i = rendered.indexOf('\u200B'); i >= 0; i = rendered.indexOf('\u200B', i + 1)) {
			assertThat(".$(/,;:=-_&?\\").as("before the place to wrap at %d", i).contains(rendered.substring(i - 1, i));
		}
		assertThat(rendered.split("\u200B")).allSatisfy((piece) -> assertThat(piece.length()).isLessThanOrEqualTo(40));
	}

	@Test
	void theHeadlineNamesSilencedEventsAndSaysSoWhenNothingIsShown() {
		Digest silencedOnly = new Digest(4, "shop", "web-1", Trigger.MANUAL, WINDOW_START, WINDOW_END, List.of(),
				Map.of(), null, null, 300);
		assertThat(this.text.render(silencedOnly)).contains("Events:      300 events: 300 silenced\n");
		Digest both = new Digest(5, "shop", "web-1", Trigger.MANUAL, WINDOW_START, WINDOW_END, List.of(warning()),
				Map.of(Level.WARN, 2L), null, null, 3);
		assertThat(this.text.render(both)).contains("Events:      6 events: 1 in 1 entry, 2 not shown, 3 silenced (");
		assertThat(this.html.render(both)).contains("6 events: 1 in 1 entry, 2 not shown, 3 silenced (");
	}

	@Test
	void textHasNoNotShownLineWhenEverythingIsShown() {
		String rendered = this.text.render(digest(Trigger.MANUAL, List.of(warning()), Map.of()));
		assertThat(rendered).doesNotContain("arrived while the buffer was full").contains("a flush was requested");
	}

	@Test
	void textNamesEveryTrigger() {
		assertThat(this.text.render(digest(Trigger.CAPACITY, List.of(warning()), Map.of())))
			.contains("trigger: capacity");
		assertThat(this.text.render(digest(Trigger.DELAY, List.of(warning()), Map.of()))).contains("trigger: delay");
		assertThat(this.text.render(digest(Trigger.SHUTDOWN, List.of(warning()), Map.of())))
			.contains("the application is shutting down", "trigger: shutdown");
	}

	@Test
	void htmlShowsWhereWhenAndWhy() {
		String rendered = this.html.render(typicalDigest());
		assertThat(rendered).contains("billing", "app-7.example.org", "2025-03-14 09:00:00.000 +00:00",
				"2025-03-14 09:01:30.000 +00:00", "an event at or above the flush level was logged", "trigger: level");
	}

	@Test
	void htmlShowsEveryEntryInFull() {
		// without the places where a long stack frame may wrap
		String rendered = this.html.render(typicalDigest()).replace("\u200B", "");
		assertThat(rendered).contains(">ERROR<", ">WARN<", "&times;3", "&times;1", "com.example.billing.PaymentService",
				"com.example.catalog.Search", "2025-03-14 09:00:05.000 +00:00", "2025-03-14 09:01:10.000 +00:00",
				"http-nio-8080-exec-4", "scheduler-1", "Payment 4711 failed<br>\nsecond line of the message",
				"requestId=req-42", "java.lang.IllegalStateException: card declined",
				"at&nbsp;com.example.billing.PaymentService.charge(PaymentService.java:88)", "Index is stale");
	}

	@Test
	void bothRenderingsListTheMostSevereEntriesFirst() {
		Digest warningSeenFirst = digest(Trigger.LEVEL, List.of(warning(), error()), Map.of());
		String text = this.text.render(warningSeenFirst);
		assertThat(text.indexOf("#1 ERROR")).isPositive().isLessThan(text.indexOf("#2 WARN"));
		String html = this.html.render(warningSeenFirst);
		assertThat(html.indexOf(">ERROR<")).isPositive().isLessThan(html.indexOf(">WARN<"));
	}

	@Test
	void htmlShowsNotShownLine() {
		assertThat(this.html.render(typicalDigest()))
			.contains("7 more events (2 ERROR, 5 WARN) arrived while the buffer was full");
	}

	@Test
	void htmlEscapesHostileMessage() {
		String rendered = this.html.render(hostileDigest());
		assertThat(rendered).doesNotContain("<script>", "</script>")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;");
	}

	@Test
	void htmlEscapesHostileLoggerThreadMdcAndOrigin() {
		String rendered = this.html.render(hostileDigest());
		assertThat(rendered).contains("com.example.&lt;script&gt;Evil&lt;/script&gt;",
				"&lt;script&gt;thread&lt;/script&gt;", "user=&lt;script&gt;mdc&lt;/script&gt;",
				"&lt;script&gt;trace&lt;/script&gt;", "&lt;script&gt;app&lt;/script&gt;", "&lt;img src=x&gt;");
		assertThat(rendered).doesNotContain("<img");
	}

	@Test
	void htmlHasNoScriptNorExternalResources() {
		for (Digest digest : List.of(typicalDigest(), hostileDigest())) {
			String rendered = this.html.render(digest).toLowerCase(java.util.Locale.ROOT);
			assertThat(rendered).doesNotContain("<script", "url(", "@import", "<link", "<img", "<iframe")
				.doesNotContainPattern("<[^>]*\\ssrc\\s*=")
				.doesNotContainPattern("<[^>]*\\shref\\s*=\\s*\"?http");
		}
	}

	@Test
	void htmlShowsWindowsLineBreaksAsLineBreaks() {
		String rendered = this.html.render(digestWithFirstMessage("first line\r\nsecond line"));
		assertThat(rendered).contains("first line<br>\nsecond line").doesNotContain("\uFFFD");
	}

	@Test
	void textShowsWindowsLineBreaksAsLineBreaks() {
		String rendered = this.text.render(digestWithFirstMessage("first line\r\nsecond line"));
		assertThat(rendered).contains("    first line\n    second line").doesNotContain("\r");
	}

	@Test
	void htmlEscapeReplacesControlCharacters() {
		assertThat(HtmlText.escape("a\u0000b\u001bc\u007fd\ne\tf")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\ne\tf");
	}

	@Test
	void defaultSubjectSaysApplicationCountsAndFirstLine() {
		String subject = new SubjectTemplate(SubjectTemplate.DEFAULT).render(typicalDigest());
		assertThat(subject).isEqualTo("[billing] 5 errors, 6 warnings: Payment 4711 failed");
	}

	@Test
	void subjectFillsEveryPlaceholder() {
		SubjectTemplate template = new SubjectTemplate(
				"{app}|{host}|{events}|{entries}|{errors}|{warnings}|{level}|{trigger}|{first}");
		assertThat(template.render(typicalDigest()))
			.isEqualTo("billing|app-7.example.org|11|2|5|6|ERROR|level|Payment 4711 failed");
	}

	@Test
	void subjectKeepsUnknownPlaceholdersAndBracesAsText() {
		assertThat(new SubjectTemplate("{unknown} {app} {").render(typicalDigest())).isEqualTo("{unknown} billing {");
	}

	@Test
	void subjectFirstComesFromMostSevereEntry() {
		Digest digest = digest(Trigger.LEVEL, List.of(warning(), error()), Map.of());
		assertThat(new SubjectTemplate("{first}").render(digest)).isEqualTo("Payment 4711 failed");
	}

	@Test
	void subjectNeverCarriesHeaderInjection() {
		Digest digest = digestWithFirstMessage("\r\nBcc: evil@x");
		String subject = new SubjectTemplate("Alert: {first}").render(digest);
		assertThat(subject).doesNotContain("\r", "\n");
		assertThat(subject.chars()).noneMatch(Character::isISOControl);
	}

	@Test
	void subjectIsOneLineWhateverTheValues() {
		Digest digest = new Digest(1, "bill\r\ning\u0000", "host\u2028\u0085\tname", Trigger.LEVEL, WINDOW_START,
				WINDOW_END, List.of(error()), Map.of());
		String subject = new SubjectTemplate("[{app}]\r\nBcc: evil@x {host}").render(digest);
		assertThat(subject).isEqualTo("[bill ing ] Bcc: evil@x host name");
	}

	@Test
	void subjectLengthIsCapped() {
		String subject = new SubjectTemplate("{first}").render(digestWithFirstMessage("z".repeat(1000)));
		assertThat(subject).hasSize(SubjectTemplate.MAX_LENGTH).endsWith("\u2026");
	}

	@Test
	void subjectLengthIsCappedWhereWordsMeet() {
		for (int length = SubjectTemplate.MAX_LENGTH - 5; length <= SubjectTemplate.MAX_LENGTH + 5; length++) {
			String message = "a".repeat(length - 2) + " b";
			String subject = new SubjectTemplate("{first}").render(digestWithFirstMessage(message));
			assertThat(subject).as("subject of a %d character message", length)
				.hasSizeLessThanOrEqualTo(SubjectTemplate.MAX_LENGTH);
		}
	}

	@Test
	void subjectOfEmptyDigestHasEmptyValues() {
		Digest empty = digest(Trigger.MANUAL, List.of(), Map.of());
		assertThat(new SubjectTemplate("{level}|{first}|{events}").render(empty)).isEqualTo("||0");
	}

}
