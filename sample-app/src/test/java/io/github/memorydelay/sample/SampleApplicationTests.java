package io.github.memorydelay.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.memorydelay.pipeline.MemoryDelay;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a person uses it: the page's buttons, the digests they lead to in the
 * embedded inbox, and the flush button. Triggers are quick here (no minimum interval, a
 * short delay) so that digests come at once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "memorydelay.min-interval=0", "memorydelay.delay=2s", "logging.threshold.console=ERROR",
				"spring.main.banner-mode=off" })
@DirtiesContext
class SampleApplicationTests {

	/**
	 * Bound for every wait on the inbox: long enough for a slow CI machine, short for a
	 * failing test.
	 */
	private static final long WAIT_MILLIS = 10_000;

	private static final int SMTP_PORT = FreePort.find();

	@TempDir
	static Path spool;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	int port;

	@Autowired
	EmbeddedSmtpServer smtpServer;

	@Autowired
	MemoryDelay memoryDelay;

	private int received;

	@DynamicPropertySource
	static void embeddedSmtpServerAndSpool(DynamicPropertyRegistry registry) {
		registry.add("sample.embedded-smtp.port", () -> SMTP_PORT);
		registry.add("memorydelay.spool.directory", () -> spool.toString());
	}

	@BeforeEach
	void startWithAnEmptyBuffer() {
		int before = this.smtpServer.digests().size();
		if (this.memoryDelay.flush() > 0) {
			assertThat(this.smtpServer.awaitDigests(before + 1, WAIT_MILLIS)).isTrue();
		}
		assertThat(this.memoryDelay.status().buffer().events()).isZero();
		this.received = this.smtpServer.digests().size();
	}

	@Test
	void pageShowsTheButtonsTheBufferAndTheInbox() throws Exception {
		HttpResponse<String> page = get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("Burst of 6 warnings", "One error", "300 identical exceptions",
				"80 rejected rows", "80 distinct problems", "Flush now", "action=\"/scenarios/warnings\"",
				"action=\"/scenarios/error\"", "action=\"/scenarios/identical\"", "action=\"/scenarios/rows\"",
				"action=\"/scenarios/distinct\"", "action=\"/flush\"", "Buffered events", "Next digest", "Digests sent",
				"Spooled");
	}

	@Test
	void burstOfWarningsIsSentByTheDelayTrigger() throws Exception {
		assertRedirect(post("/scenarios/warnings"), "/?ran=warnings");
		ReceivedDigest digest = nextDigest();
		assertThat(digest.trigger()).isEqualTo("delay");
		assertThat(digest.events()).isEqualTo("6");
		assertThat(digest.entries()).isEqualTo("3");
		assertThat(digest.text()).contains("Payment provider answered in 1840 ms", "Catalog cache 91% full",
				"Stock of SKU-1024 below safety level");
	}

	@Test
	void errorIsSentByTheLevelTrigger() throws Exception {
		assertRedirect(post("/scenarios/error"), "/?ran=error");
		ReceivedDigest digest = nextDigest();
		assertThat(digest.trigger()).isEqualTo("level");
		assertThat(digest.events()).isEqualTo("1");
		assertThat(digest.entries()).isEqualTo("1");
		assertThat(digest.subject()).startsWith("[memorydelay-sample] 1 error: Payment failed for order ORD-");
		assertThat(digest.html()).contains("Payment failed for order ORD-", "PaymentDeclinedException",
				"customer=alice@example.com", "<a href=\"https://tempo.example.com/trace/", ">trace</a>");
	}

	@Test
	void identicalExceptionsShareOneEntry() throws Exception {
		assertRedirect(post("/scenarios/identical"), "/?ran=identical");
		ReceivedDigest digest = nextDigest();
		assertThat(digest.trigger()).isEqualTo("delay");
		assertThat(digest.events()).isEqualTo("300");
		assertThat(digest.entries()).isEqualTo("1");
		assertThat(digest.html()).contains("&times;300", "SocketTimeoutException");
	}

	@Test
	void rejectedRowsWithConcatenatedMessagesAreOneEntry() throws Exception {
		assertRedirect(post("/scenarios/rows"), "/?ran=rows");
		assertThat(get("/").body()).contains("80 distinct messages, the last: Rejected row 80 of partner-feed.csv");
		ReceivedDigest digest = nextDigest();
		assertThat(digest.trigger()).isEqualTo("delay");
		assertThat(digest.events()).isEqualTo("80");
		assertThat(digest.entries()).isEqualTo("1");
		assertThat(digest.html()).contains("&times;80", "80 distinct messages, the last:", "NumberFormatException");
	}

	@Test
	void distinctProblemsFillTheBufferUpToCapacity() throws Exception {
		assertRedirect(post("/scenarios/distinct"), "/?ran=distinct");
		ReceivedDigest first = nextDigest();
		assertThat(first.trigger()).isEqualTo("capacity");
		assertThat(first.entries()).isEqualTo("50");
		// the capacity digest is sent while the flood goes on: the rest follows in later
		// digests
		long events = Long.parseLong(first.events());
		while (events < 80) {
			events += Long.parseLong(nextDigest().events());
		}
		assertThat(events).isEqualTo(80);
	}

	@Test
	void flushButtonSendsTheBufferAtOnce() throws Exception {
		assertRedirect(post("/scenarios/warnings"), "/?ran=warnings");
		assertThat(get("/status").body()).contains("\"bufferedEvents\":6", "\"bufferedEntries\":3");
		assertRedirect(post("/flush"), "/?flushed=6");
		ReceivedDigest digest = nextDigest();
		assertThat(digest.trigger()).isEqualTo("manual");
		assertThat(digest.events()).isEqualTo("6");
		assertThat(get("/?flushed=6").body()).contains("Flushed 6 events");
	}

	@Test
	void flushButtonWithAnEmptyBufferSendsNothing() throws Exception {
		assertRedirect(post("/flush"), "/?flushed=0");
		assertThat(get("/?flushed=0").body()).contains("The buffer was empty");
		assertThat(this.memoryDelay.status().delivery().digestsSent()).isEqualTo(this.received);
	}

	@Test
	void receivedDigestIsListedAndItsHtmlPartServedUnderAStrictPolicy() throws Exception {
		post("/scenarios/error");
		ReceivedDigest digest = nextDigest();
		assertThat(get("/").body()).contains(digest.subject().replace("&", "&amp;"), "X-MemoryDelay-Trigger: level",
				"src=\"/digests/" + digest.number() + "\"");
		HttpResponse<String> html = get("/digests/" + digest.number());
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(html.headers().firstValue("Content-Security-Policy")).hasValue(SampleController.DIGEST_POLICY);
		assertThat(html.body()).isEqualTo(digest.html());
		HttpResponse<String> text = get("/digests/" + digest.number() + "/text");
		assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(text.body()).contains("Payment failed for order");
		assertThat(get("/digests/" + (digest.number() + 1)).statusCode()).isEqualTo(404);
		assertThat(post("/scenarios/unknown").statusCode()).isEqualTo(404);
	}

	@Test
	void silenceButtonMutesAnEntryAndTheNextDigestCountsItsEvents() throws Exception {
		assertRedirect(post("/scenarios/warnings"), "/?ran=warnings");
		String page = get("/").body();
		assertThat(page).contains("Silence 1 h", "Active silences");
		Matcher button = Pattern.compile("data-silence=\"([0-9a-z]{13})\"").matcher(page);
		assertThat(button.find()).isTrue();
		String id = button.group(1);
		try {
			assertRedirect(post("/silences/" + id), "/?silenced=" + id);
			String silenced = get("/?silenced=" + id).body();
			assertThat(silenced).contains("Silenced " + id, "data-end-silence=\"" + id + "\"")
				.doesNotContain("data-silence=\"" + id + "\"");
			assertThat(post("/flush").statusCode()).isEqualTo(302);
			ReceivedDigest digest = nextDigest();
			assertThat(Long.parseLong(digest.silenced())).isPositive();
			assertThat(digest.text()).contains("silenced event").doesNotContain("Id:         " + id);
			assertThat(get("/").body()).contains("X-MemoryDelay-Silenced: " + digest.silenced());
		}
		finally {
			assertRedirect(post("/silences/" + id + "/end"), "/?ended=" + id);
		}
		assertThat(get("/").body()).doesNotContain("data-end-silence=");
		assertThat(post("/silences/NOT-AN-ID").statusCode()).isEqualTo(400);
	}

	private ReceivedDigest nextDigest() {
		int expected = this.received + 1;
		assertThat(this.smtpServer.awaitDigests(expected, WAIT_MILLIS))
			.as("digest %d within %d ms", expected, WAIT_MILLIS)
			.isTrue();
		List<ReceivedDigest> digests = this.smtpServer.digests();
		this.received = expected;
		return digests.get(expected - 1);
	}

	private static void assertRedirect(HttpResponse<String> response, String location) {
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
				(value) -> assertThat(URI.create(value).getRawPath() + "?" + URI.create(value).getRawQuery())
					.isEqualTo(location));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
