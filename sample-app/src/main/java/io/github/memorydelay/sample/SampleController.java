package io.github.memorydelay.sample;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.memorydelay.autoconfigure.MemoryDelayProperties;
import io.github.memorydelay.pipeline.DigestSettings;
import io.github.memorydelay.pipeline.MemoryDelay;
import io.github.memorydelay.policy.Silences;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * The sample's page: buttons that log, the buffer's status, a flush button and the
 * digests received. It uses the {@link MemoryDelay} bean directly; the actuator endpoint
 * offers the same over HTTP. Actions are plain form posts that redirect back to the page,
 * so that it works without JavaScript.
 */
@Controller
class SampleController {

	/**
	 * Policy of a digest's HTML part: the inline styles it is made of and nothing else,
	 * framed by this page only. No more than a careful mail client allows.
	 */
	static final String DIGEST_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
			+ "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

	private static final String PAGE_POLICY = "default-src 'self'; style-src 'unsafe-inline'; "
			+ "script-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; base-uri 'none'; "
			+ "form-action 'self'; frame-ancestors 'none'";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss")
		.withZone(ZoneId.systemDefault());

	private final MemoryDelay memoryDelay;

	private final MemoryDelayProperties properties;

	private final ScenarioRunner scenarios;

	private final EmbeddedSmtpServer smtpServer;

	private final Environment environment;

	private final Clock clock = Clock.systemUTC();

	SampleController(MemoryDelay memoryDelay, MemoryDelayProperties properties, ScenarioRunner scenarios,
			ObjectProvider<EmbeddedSmtpServer> smtpServer, Environment environment) {
		this.memoryDelay = memoryDelay;
		this.properties = properties;
		this.scenarios = scenarios;
		this.smtpServer = smtpServer.getIfAvailable();
		this.environment = environment;
	}

	@GetMapping("/")
	String page(@RequestParam(required = false) String ran, @RequestParam(required = false) Long flushed,
			@RequestParam(required = false) String silenced, @RequestParam(required = false) String ended, Model model,
			HttpServletResponse response) {
		response.setHeader("Content-Security-Policy", PAGE_POLICY);
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
		List<ReceivedDigest> digests = new ArrayList<>(received());
		Collections.reverse(digests);
		model.addAttribute("scenarios", Scenario.values());
		model.addAttribute("buffer", status());
		model.addAttribute("settings", settings());
		model.addAttribute("embedded", this.smtpServer != null);
		model.addAttribute("digests", digests);
		model.addAttribute("entries", this.memoryDelay.bufferedEntries());
		model.addAttribute("silences",
				this.memoryDelay.silences()
					.stream()
					.map((silence) -> new SilenceRow(silence.id(), TIME.format(silence.until()), silence.comment()))
					.toList());
		model.addAttribute("notice", notice(ran, flushed, silenced, ended));
		return "sample";
	}

	@PostMapping("/scenarios/{id}")
	String run(@PathVariable String id) {
		Scenario scenario = Scenario.of(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No scenario " + id));
		this.scenarios.run(scenario);
		return "redirect:/?ran=" + scenario.id();
	}

	@PostMapping("/flush")
	String flush() {
		return "redirect:/?flushed=" + this.memoryDelay.flush();
	}

	/**
	 * Silences an entry for an hour, as {@code POST /actuator/memorydelay/{id}} with
	 * {@code {"duration":"1h"}} does.
	 */
	@PostMapping("/silences/{id}")
	String silence(@PathVariable String id) {
		if (!Silences.isWellFormed(id)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Not an entry id: " + id);
		}
		this.memoryDelay.silence(id, Duration.ofHours(1), "silenced from the sample page");
		return "redirect:/?silenced=" + id;
	}

	/**
	 * Ends a silence, as {@code DELETE /actuator/memorydelay/{id}} does.
	 */
	@PostMapping("/silences/{id}/end")
	String endSilence(@PathVariable String id) {
		if (!Silences.isWellFormed(id)) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Not an entry id: " + id);
		}
		this.memoryDelay.endSilence(id);
		return "redirect:/?ended=" + id;
	}

	@GetMapping(path = "/status", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	BufferView status() {
		return BufferView.of(this.memoryDelay, (this.smtpServer != null) ? received().size() : -1, this.clock);
	}

	@GetMapping("/digests/{number}")
	ResponseEntity<String> digestHtml(@PathVariable int number) {
		return part(digest(number).html(), MediaType.TEXT_HTML);
	}

	@GetMapping("/digests/{number}/text")
	ResponseEntity<String> digestText(@PathVariable int number) {
		return part(digest(number).text(), MediaType.TEXT_PLAIN);
	}

	private static ResponseEntity<String> part(String content, MediaType type) {
		if (content == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No " + type + " part");
		}
		return ResponseEntity.ok()
			.contentType(new MediaType(type, StandardCharsets.UTF_8))
			.header("Content-Security-Policy", DIGEST_POLICY)
			.header("X-Content-Type-Options", "nosniff")
			.header("Referrer-Policy", "no-referrer")
			.cacheControl(CacheControl.noStore())
			.body(content);
	}

	private ReceivedDigest digest(int number) {
		ReceivedDigest digest = (this.smtpServer != null) ? this.smtpServer.digest(number) : null;
		if (digest == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No digest " + number);
		}
		return digest;
	}

	private List<ReceivedDigest> received() {
		return (this.smtpServer != null) ? this.smtpServer.digests() : List.of();
	}

	private Map<String, String> settings() {
		DigestSettings settings = this.memoryDelay.settings();
		Map<String, String> shown = new LinkedHashMap<>();
		shown.put("level", settings.level().toString());
		shown.put("flush-level", settings.flushLevel().toString());
		shown.put("capacity", Integer.toString(settings.capacity()));
		shown.put("delay", duration(settings.delay()));
		shown.put("min-interval", duration(settings.minInterval()));
		shown.put("to", String.join(", ", this.properties.getTo()));
		shown.put("smtp",
				this.environment.getProperty("spring.mail.host", "?") + ":"
						+ this.environment.getProperty("spring.mail.port", "25")
						+ ((this.smtpServer != null) ? " (embedded)" : ""));
		return shown;
	}

	private static String duration(Duration duration) {
		if (duration.isZero()) {
			return "0";
		}
		if (duration.toMillis() < 1000) {
			return duration.toMillis() + " ms";
		}
		long seconds = duration.toSeconds();
		return (seconds < 120 || seconds % 60 != 0) ? seconds + " s" : (seconds / 60) + " min";
	}

	private static String notice(String ran, Long flushed, String silenced, String ended) {
		if (silenced != null && Silences.isWellFormed(silenced)) {
			return "Silenced " + silenced + " for 1 h: its events are counted, trigger nothing, and the next digest "
					+ "says how many there were (header X-MemoryDelay-Silenced).";
		}
		if (ended != null && Silences.isWellFormed(ended)) {
			return "Silence of " + ended + " ended: its next events are shown again.";
		}
		if (ran != null) {
			return Scenario.of(ran)
				.map((scenario) -> "Logged: " + scenario.label()
						+ ". The digest appears in the inbox as soon as it is sent.")
				.orElse(null);
		}
		if (flushed != null) {
			return (flushed > 0)
					? "Flushed " + flushed + ((flushed == 1) ? " event" : " events")
							+ ": a digest with trigger manual is on its way."
					: "The buffer was empty: nothing to flush, no digest sent.";
		}
		return null;
	}

	/**
	 * A silence as the page shows it.
	 *
	 * @param id the entry id
	 * @param until when it ends, {@code HH:mm:ss}
	 * @param comment why, {@code null} when not said
	 */
	record SilenceRow(String id, String until, String comment) {
	}

}
