package io.github.memorydelay.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.memorydelay.autoconfigure.ReceivedDigest;
import io.github.memorydelay.autoconfigure.TestMail;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Silences through the endpoint over real HTTP, with digests sent to GreenMail: what an
 * operator does with one {@code curl}.
 */
@ExtendWith(OutputCaptureExtension.class)
class MemoryDelaySilenceWebTests {

	private static final Logger logger = LoggerFactory.getLogger("com.example.web.Payments");

	private static final Pattern ID = Pattern.compile("Id: +([0-9a-z]{13})");

	private static final String EXPOSED = "management.endpoints.web.exposure.include=health,memorydelay";

	@RegisterExtension
	static GreenMailExtension greenMail = TestMail.greenMail();

	@TempDir
	Path spool;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void operatorSilencesAnIdReadInADigestAndTheNextDigestCountsTheSilencedEvents() throws Exception {
		try (ConfigurableApplicationContext context = run(EXPOSED)) {
			logger.error("Payment gateway down");
			ReceivedDigest first = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(first.header("X-MemoryDelay-Silenced")).isEqualTo("0");
			Matcher matcher = ID.matcher(first.text());
			assertThat(matcher.find()).isTrue();
			String id = matcher.group(1);
			HttpResponse<String> silenced = send(context, "POST", "/actuator/memorydelay/" + id,
					"{\"duration\":\"2h\",\"comment\":\"known, fix deploying\"}");
			assertThat(silenced.statusCode()).isEqualTo(200);
			assertThat(silenced.body()).contains("\"id\":\"" + id + "\"", "\"until\":\"",
					"\"comment\":\"known, fix deploying\"");
			logger.error("Payment gateway down");
			logger.error("Payment gateway down");
			logger.error("Payment gateway down");
			assertThat(body(context)).contains("\"silencedEvents\":3", "\"bufferedEvents\":3", "\"entries\":[]");
			assertThat(greenMail.waitForIncomingEmail(300, 2)).as("silenced errors trigger nothing").isFalse();
			logger.warn("Coupon service slow");
			assertThat(send(context, "POST", "/actuator/memorydelay", null).body()).contains("\"flushedEvents\":4");
			ReceivedDigest second = TestMail.awaitDigests(greenMail, 2).get(1);
			assertThat(second.header("X-MemoryDelay-Silenced")).isEqualTo("3");
			assertThat(second.events()).isEqualTo(4);
			assertThat(second.entries()).isEqualTo(1);
			assertThat(second.text()).contains("3 silenced events are counted but not shown.")
				.doesNotContain("Payment gateway down");
			assertThat(second.html()).contains("3 silenced events are counted but not shown.");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("memorydelay.events.silenced").functionCounter().count()).isEqualTo(3);
			assertThat(registry.get("memorydelay.silences.active").gauge().value()).isEqualTo(1);
		}
	}

	@Test
	void entriesSayHowManyDistinctMessagesTheyHoldAndTheLast() throws Exception {
		try (ConfigurableApplicationContext context = run(EXPOSED, "memorydelay.delay=1h")) {
			for (int order = 1; order <= 3; order++) {
				logger.warn("Coupon " + (4710 + order) + " rejected for cart '" + order + "b'");
			}
			String status = body(context);
			assertThat(status).contains("\"count\":3", "\"message\":\"Coupon 4711 rejected for cart '1b'\"",
					"\"messages\":3", "\"lastMessage\":\"Coupon 4713 rejected for cart '3b'\"");
		}
	}

	@Test
	void silenceListAndDelete() throws Exception {
		try (ConfigurableApplicationContext context = run(EXPOSED, "memorydelay.delay=1h",
				"management.endpoint.health.show-details=always")) {
			logger.warn("Coupon service slow");
			logger.warn("Coupon service slow");
			String status = body(context);
			assertThat(status).contains("\"entries\":[{\"id\":\"", "\"level\":\"WARN\"",
					"\"logger\":\"com.example.web.Payments\"", "\"count\":2", "\"message\":\"Coupon service slow\"",
					"\"firstSeen\":\"", "\"lastSeen\":\"", "\"messages\":1", "\"silences\":[]");
			String id = field(status, "id");
			HttpResponse<String> silenced = send(context, "POST", "/actuator/memorydelay/" + id,
					"{\"duration\":\"30m\"}");
			assertThat(silenced.statusCode()).isEqualTo(200);
			assertThat(silenced.body()).contains("\"id\":\"" + id + "\"");
			Instant until = Instant.parse(field(silenced.body(), "until"));
			assertThat(until).isBetween(Instant.now().plus(Duration.ofMinutes(29)),
					Instant.now().plus(Duration.ofMinutes(31)));
			status = body(context);
			assertThat(status).contains("\"entries\":[]", "\"silences\":[{\"id\":\"" + id + "\"",
					"\"bufferedEvents\":2", "\"silencedEvents\":2");
			assertThat(get(context, "/actuator/health/memorydelay").body()).contains("\"activeSilences\":1");
			// any well-formed id, buffered or not
			assertThat(send(context, "POST", "/actuator/memorydelay/0123456789abc", "{\"duration\":\"PT2H\"}")
				.statusCode()).isEqualTo(200);
			HttpResponse<String> deleted = send(context, "DELETE", "/actuator/memorydelay/" + id, null);
			assertThat(deleted.statusCode()).isBetween(200, 204);
			assertThat(body(context)).doesNotContain("\"id\":\"" + id + "\"").contains("0123456789abc");
			assertThat(get(context, "/actuator/health/memorydelay").body()).contains("\"activeSilences\":1");
			logger.warn("Coupon service slow");
			assertThat(body(context)).contains("\"count\":1", "\"bufferedEvents\":3");
		}
	}

	@Test
	void badIdOrDurationAnswers400() throws Exception {
		try (ConfigurableApplicationContext context = run(EXPOSED)) {
			String path = "/actuator/memorydelay/abcdefgh12345";
			for (String duration : List.of("0", "0s", "-1h", "31d", "P31D", "721h", "soon", "")) {
				assertThat(send(context, "POST", path, "{\"duration\":\"" + duration + "\"}").statusCode()).as(duration)
					.isEqualTo(400);
			}
			HttpResponse<String> noDuration = send(context, "POST", path, "{\"comment\":\"no duration\"}");
			assertThat(noDuration.statusCode()).isEqualTo(400);
			assertThat(noDuration.body()).contains("{\"error\":\"the duration is missing: send a JSON body such as");
			HttpResponse<String> tooLong = send(context, "POST", path, "{\"duration\":\"31d\"}");
			assertThat(tooLong.body())
				.isEqualTo("{\"error\":\"duration must be more than 0 and at most 30 days (30d), not '31d'\"}");
			HttpResponse<String> badId = send(context, "DELETE", "/actuator/memorydelay/ABCDEFGH", null);
			assertThat(badId.body()).startsWith("{\"error\":\"'ABCDEFGH' is not an entry id: an entry id has 8 to 16");
			for (String id : List.of("ABCDEFGH", "abc", "abcdefgh12345678x", "abcd-efgh")) {
				assertThat(send(context, "POST", "/actuator/memorydelay/" + id, "{\"duration\":\"2h\"}").statusCode())
					.as(id)
					.isEqualTo(400);
				assertThat(send(context, "DELETE", "/actuator/memorydelay/" + id, null).statusCode()).as(id)
					.isEqualTo(400);
			}
			assertThat(send(context, "POST", path, "{\"duration\":\"30d\"}").statusCode()).isEqualTo(200);
			HttpResponse<String> withoutComment = send(context, "POST", path, "{\"duration\":\"1h\"}");
			assertThat(withoutComment.statusCode()).isEqualTo(200);
			assertThat(withoutComment.body()).contains("\"id\":\"abcdefgh12345\"").doesNotContain("\"comment\":\"");
		}
	}

	@Test
	void aRequestTheWebLayerRejectsBeforeTheEndpointNeverBecomesABufferedEvent() throws Exception {
		try (ConfigurableApplicationContext context = run(EXPOSED, "memorydelay.delay=1h")) {
			String url = "http://localhost:" + context.getEnvironment().getProperty("local.server.port")
					+ "/actuator/memorydelay/abcdefgh12345";
			// curl -X POST ... -d 'duration=2h': a form, not JSON
			HttpResponse<String> form = this.http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("duration=2h"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(form.statusCode()).isEqualTo(415);
			HttpResponse<String> broken = this.http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"duration\":"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(broken.statusCode()).isEqualTo(400);
			logger.warn("Coupon service slow");
			assertThat(body(context)).contains("\"bufferedEvents\":1", "Coupon service slow")
				.doesNotContain("Resolved [", "HttpMediaTypeNotSupportedException");
		}
	}

	@Test
	void silencesSurviveARestart() throws Exception {
		String id = "0123456789abc";
		try (ConfigurableApplicationContext context = run(EXPOSED)) {
			assertThat(
					send(context, "POST", "/actuator/memorydelay/" + id, "{\"duration\":\"2h\",\"comment\":\"known\"}")
						.statusCode())
				.isEqualTo(200);
		}
		assertThat(this.spool.resolve("silences.txt")).exists();
		try (ConfigurableApplicationContext context = run(EXPOSED)) {
			assertThat(body(context)).contains("\"silences\":[{\"id\":\"" + id + "\"", "\"comment\":\"known\"");
		}
	}

	@Test
	void aDamagedSilencesFileCostsTheSilencesWithOneWarningNotTheStart(CapturedOutput output) throws Exception {
		Files.writeString(this.spool.resolve("silences.txt"), "0123456789abc\tnot a time\n", StandardCharsets.UTF_8);
		try (ConfigurableApplicationContext context = run(EXPOSED)) {
			assertThat(body(context)).contains("\"silences\":[]");
			logger.error("Payment gateway down");
			TestMail.awaitDigests(greenMail, 1);
		}
		String log = output.getOut() + output.getErr();
		assertThat(log.split("The silences file ", -1)).hasSize(2);
		assertThat(log).contains("cannot be read");
	}

	@Test
	void readOnlyAccessRefusesSilencing() throws Exception {
		try (ConfigurableApplicationContext context = run(EXPOSED,
				"management.endpoint.memorydelay.access=read-only")) {
			assertThat(get(context, "/actuator/memorydelay").statusCode()).isEqualTo(200);
			int post = send(context, "POST", "/actuator/memorydelay/0123456789abc", "{\"duration\":\"2h\"}")
				.statusCode();
			assertThat(post).isBetween(400, 499);
			assertThat(send(context, "DELETE", "/actuator/memorydelay/0123456789abc", null).statusCode()).isBetween(400,
					499);
			assertThat(send(context, "POST", "/actuator/memorydelay", null).statusCode()).isBetween(400, 499);
			assertThat(body(context)).contains("\"silences\":[]");
		}
	}

	@Test
	void silencingIsNotFoundUnlessExposed() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(
					send(context, "POST", "/actuator/memorydelay/0123456789abc", "{\"duration\":\"2h\"}").statusCode())
				.isEqualTo(404);
			assertThat(send(context, "DELETE", "/actuator/memorydelay/0123456789abc", null).statusCode())
				.isEqualTo(404);
		}
	}

	private static String field(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
		assertThat(matcher.find()).as(name + " in " + json).isTrue();
		return matcher.group(1);
	}

	private ConfigurableApplicationContext run(String... properties) {
		return new SpringApplicationBuilder(WebApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.mail.host=localhost",
					"spring.mail.port=" + greenMail.getSmtp().getPort(), "memorydelay.to=" + TestMail.RECIPIENT,
					"memorydelay.from=" + TestMail.SENDER, "memorydelay.spool.directory=" + this.spool,
					"memorydelay.shutdown-timeout=2s", "memorydelay.min-interval=0")
			.properties(properties)
			.run();
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
		return send(context, "GET", path, null);
	}

	private String body(ConfigurableApplicationContext context) throws Exception {
		return get(context, "/actuator/memorydelay").body();
	}

	private HttpResponse<String> send(ConfigurableApplicationContext context, String method, String path, String json)
			throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(
					URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port") + path))
			.timeout(Duration.ofSeconds(10));
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

}
