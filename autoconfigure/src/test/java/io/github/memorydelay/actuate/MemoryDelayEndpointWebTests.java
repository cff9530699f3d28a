package io.github.memorydelay.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.memorydelay.Await;
import io.github.memorydelay.autoconfigure.ReceivedDigest;
import io.github.memorydelay.autoconfigure.TestMail;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint, health and metrics of a real web application over real HTTP, with digests
 * sent to GreenMail.
 */
class MemoryDelayEndpointWebTests {

	private static final Logger logger = LoggerFactory.getLogger("com.example.web.Checkout");

	@RegisterExtension
	static GreenMailExtension greenMail = TestMail.greenMail();

	@TempDir
	Path spool;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void statusShowsBufferAndFlushSendsExactlyOneDigest() throws Exception {
		try (ConfigurableApplicationContext context = run(greenMail.getSmtp().getPort(),
				"management.endpoints.web.exposure.include=health,memorydelay")) {
			HttpResponse<String> before = get(context, "/actuator/memorydelay");
			assertThat(before.statusCode()).isEqualTo(200);
			assertThat(before.body()).contains("\"bufferedEvents\":0", "\"bufferedEntries\":0", "\"digestsSent\":0",
					"\"spooled\":0");
			logger.warn("Cart {} abandoned", 1);
			logger.warn("Cart {} abandoned", 2);
			logger.warn("Coupon service slow");
			HttpResponse<String> after = get(context, "/actuator/memorydelay");
			assertThat(after.body()).contains("\"bufferedEvents\":3", "\"bufferedEntries\":2", "\"nextFlushAt\":\"");
			HttpResponse<String> flush = post(context, "/actuator/memorydelay");
			assertThat(flush.statusCode()).isEqualTo(200);
			assertThat(flush.body()).contains("\"flushedEvents\":3");
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.trigger()).isEqualTo("manual");
			assertThat(digest.events()).isEqualTo(3);
			// the email can arrive before the dispatcher thread has counted it
			Await.until("digest counted", () -> body(context, "/actuator/memorydelay").contains("\"digestsSent\":1"));
			assertThat(get(context, "/actuator/memorydelay").body()).contains("\"bufferedEvents\":0",
					"\"lastSentAt\":\"");
			assertThat(greenMail.getReceivedMessages()).hasSize(1);
		}
	}

	@Test
	void flushOfAnEmptyBufferSendsNothing() throws Exception {
		try (ConfigurableApplicationContext context = run(greenMail.getSmtp().getPort(),
				"management.endpoints.web.exposure.include=memorydelay")) {
			HttpResponse<String> flush = post(context, "/actuator/memorydelay");
			assertThat(flush.statusCode()).isEqualTo(200);
			assertThat(flush.body()).contains("\"flushedEvents\":0");
			assertThat(greenMail.waitForIncomingEmail(500, 1)).isFalse();
		}
	}

	@Test
	void endpointIsNotFoundUnlessExposed() throws Exception {
		try (ConfigurableApplicationContext context = run(greenMail.getSmtp().getPort())) {
			assertThat(get(context, "/actuator/memorydelay").statusCode()).isEqualTo(404);
			assertThat(post(context, "/actuator/memorydelay").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void healthAndMetricsAfterSuccessfulSend() throws Exception {
		try (ConfigurableApplicationContext context = run(greenMail.getSmtp().getPort(),
				"management.endpoints.web.exposure.include=health,memorydelay",
				"management.endpoint.health.show-details=always")) {
			logger.error("Order failed");
			TestMail.awaitDigests(greenMail, 1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			awaitCount(registry, "memorydelay.digests.sent", 1);
			HttpResponse<String> health = get(context, "/actuator/health/memorydelay");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"", "\"digestsSent\":1");
			assertThat(registry.get("memorydelay.events.buffered").tag("level", "ERROR").functionCounter().count())
				.isEqualTo(1);
			assertThat(registry.get("memorydelay.digests.failed").functionCounter().count()).isZero();
			assertThat(registry.get("memorydelay.digests.send").functionTimer().count()).isEqualTo(1);
		}
	}

	@Test
	void healthAndMetricsAfterFailedSend() throws Exception {
		int closedPort;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext context = run(closedPort,
				"management.endpoints.web.exposure.include=health,memorydelay",
				"management.endpoint.health.show-details=always")) {
			logger.error("Order failed");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			awaitCount(registry, "memorydelay.digests.failed", 1);
			HttpResponse<String> health = get(context, "/actuator/health/memorydelay");
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"status\":\"DOWN\"", "\"spooled\":1", "\"lastFailure\":");
			assertThat(registry.get("memorydelay.digests.sent").functionCounter().count()).isZero();
			assertThat(registry.get("memorydelay.spool.size").gauge().value()).isEqualTo(1);
			assertThat(get(context, "/actuator/memorydelay").body()).contains("\"sendFailures\":1", "\"spooled\":1");
		}
	}

	/**
	 * Waits, with a bound, for the dispatcher thread to account for a send: the email may
	 * arrive before the counter is updated.
	 */
	private static void awaitCount(MeterRegistry registry, String name, double expected) {
		Await.until(name + " = " + expected, () -> registry.get(name).functionCounter().count() >= expected);
		assertThat(registry.get(name).functionCounter().count()).isEqualTo(expected);
	}

	private ConfigurableApplicationContext run(int smtpPort, String... properties) {
		return new SpringApplicationBuilder(WebApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "spring.mail.host=localhost", "spring.mail.port=" + smtpPort,
					"memorydelay.to=" + TestMail.RECIPIENT, "memorydelay.from=" + TestMail.SENDER,
					"memorydelay.spool.directory=" + this.spool, "memorydelay.shutdown-timeout=2s")
			.properties(properties)
			.run();
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(context, path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String body(ConfigurableApplicationContext context, String path) {
		try {
			return get(context, path).body();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(context, path))
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

}
