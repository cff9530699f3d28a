package io.github.memorydelay.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.github.memorydelay.Await;
import io.github.memorydelay.autoconfigure.HungSmtpServer;
import io.github.memorydelay.autoconfigure.ReceivedDigest;
import io.github.memorydelay.autoconfigure.TestMail;
import io.github.memorydelay.jdbc.JdbcFleetStore;
import io.github.memorydelay.jdbc.JdbcFleetStore.SchemaInitialization;
import io.github.memorydelay.jdbc.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleet mode across real processes, as Logback's context is one per JVM: each instance is
 * a JVM of its own ({@link FleetInstance}), all share one real PostgreSQL and one SMTP
 * server.
 */
class FleetProcessTests {

	private static final Duration TICK = Duration.ofMillis(250);

	private static final Duration LEASE = Duration.ofSeconds(2);

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	@RegisterExtension
	static GreenMailExtension greenMail = TestMail.greenMail();

	private final EmbeddedPostgres postgres = TestDatabases.postgres();

	private final String prefix = TestDatabases.uniquePrefix();

	private final JdbcFleetStore inspector = new JdbcFleetStore(this.postgres.getPostgresDatabase(), "shop",
			this.prefix, SchemaInitialization.ALWAYS, Duration.ofSeconds(5));

	private final List<Instance> instances = new ArrayList<>();

	@AfterEach
	void stopAll() {
		for (Instance instance : this.instances) {
			instance.process.destroyForcibly();
		}
	}

	private Instance start(String name) {
		return start(name, this.postgres.getPort(), greenMail.getSmtp().getPort());
	}

	private Instance start(String name, int databasePort, int smtpPort) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
				FleetInstance.class.getName(), name, "jdbc:postgresql://localhost:" + databasePort + "/postgres",
				this.prefix, Integer.toString(smtpPort), Long.toString(TICK.toMillis()),
				Long.toString(LEASE.toMillis()), Long.toString(TIMEOUT.toMillis()));
		builder.redirectError(ProcessBuilder.Redirect.INHERIT);
		try {
			Instance instance = new Instance(name, builder.start());
			this.instances.add(instance);
			assertThat(instance.answer()).startsWith("ok started");
			return instance;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitFleetEvents(long events) {
		this.inspector.initialize();
		Await.until("the fleet's buffer to hold " + events + " events",
				() -> this.inspector.state().events() == events);
	}

	@Test
	void oneDigestForAnEventLoggedByEachOfThreeInstances() {
		Instance a = start("a");
		Instance b = start("b");
		Instance c = start("c");
		a.command("warn Disk low");
		b.command("warn Disk low");
		c.command("warn Disk low");
		awaitFleetEvents(3);
		b.command("error Payment failed");
		ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
		assertThat(digest.trigger()).isEqualTo("level");
		assertThat(digest.events()).isEqualTo(4);
		assertThat(digest.entries()).isEqualTo(2);
		assertThat(digest.header("X-MemoryDelay-Instances")).isEqualTo("3");
		assertThat(digest.text()).contains("WARN x3", "Instances:  a x1, b x1, c x1", "Fleet:       3 instances");
		Await.until("the digest to leave the fleet's buffer", () -> this.inspector.read().isEmpty());
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void aRollingStopSendsExactlyOneShutdownDigestWithEverything() {
		Instance a = start("a");
		Instance b = start("b");
		Instance c = start("c");
		a.command("warn Slow query");
		b.command("warn Cache miss");
		c.command("warn Slow query");
		awaitFleetEvents(3);
		a.stop();
		b.stop();
		assertThat(greenMail.getReceivedMessages()).isEmpty();
		assertThat(this.inspector.state().events()).isEqualTo(3);
		c.stop();
		ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
		assertThat(digest.trigger()).isEqualTo("shutdown");
		assertThat(digest.events()).isEqualTo(3);
		assertThat(digest.header("X-MemoryDelay-Instances")).isEqualTo("3");
		assertThat(this.inspector.read().isEmpty()).isTrue();
		assertThat(greenMail.getReceivedMessages()).hasSize(1);
	}

	@Test
	void killingTheSendingInstanceMidDigestLosesNothing() throws Exception {
		try (HungSmtpServer hung = new HungSmtpServer()) {
			// a sends to a server that never answers, and is the leader: it is alone at
			// first
			Instance a = start("a", this.postgres.getPort(), hung.port());
			Await.until("a to hold the lease", () -> a.command("status").contains("leader=true"));
			Instance b = start("b");
			b.command("warn Cache miss");
			awaitFleetEvents(1);
			a.command("error Payment failed");
			Await.until("a to be sending", () -> hung.connections() > 0);
			a.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			ReceivedDigest digest = TestMail.awaitDigests(greenMail, 1).get(0);
			assertThat(digest.events()).isEqualTo(2);
			assertThat(digest.header("X-MemoryDelay-Instances")).isEqualTo("2");
			assertThat(digest.text()).contains("Payment failed", "Cache miss");
		}
	}

	@Test
	void instancesFailOpenWithinTheTimeoutWhenTheDatabaseIsGoneAndRejoinAfter() throws Exception {
		try (TcpProxy proxy = new TcpProxy(this.postgres.getPort())) {
			Instance a = start("a", proxy.port(), greenMail.getSmtp().getPort());
			Instance b = start("b", proxy.port(), greenMail.getSmtp().getPort());
			Await.until("both to join", () -> a.command("status").contains("available=true")
					&& b.command("status").contains("available=true"));
			proxy.down();
			long start = System.nanoTime();
			a.command("error Payment failed");
			ReceivedDigest alone = TestMail.awaitDigests(greenMail, 1).get(0);
			Duration failOpen = Duration.ofNanos(System.nanoTime() - start);
			assertThat(failOpen).isLessThan(TIMEOUT.multipliedBy(3).plus(TICK.multipliedBy(4)));
			assertThat(alone.events()).isEqualTo(1);
			assertThat(alone.header("X-MemoryDelay-Instances")).isEqualTo("1");
			assertThat(alone.text()).contains("The fleet store was unavailable since");
			assertThat(a.command("status")).contains("available=false");
			proxy.up();
			Await.until("both to rejoin", () -> a.command("status").contains("available=true")
					&& b.command("status").contains("available=true"));
			a.command("warn Slow query");
			b.command("warn Slow query");
			awaitFleetEvents(2);
			b.command("error Payment failed");
			List<ReceivedDigest> digests = TestMail.awaitDigests(greenMail, 2);
			ReceivedDigest fleet = digests.get(1);
			assertThat(fleet.events()).isEqualTo(3);
			assertThat(fleet.header("X-MemoryDelay-Instances")).isEqualTo("2");
		}
	}

	/**
	 * A process of {@link FleetInstance}, and the answers it gives.
	 */
	private static final class Instance {

		private final String name;

		private final Process process;

		private final Writer in;

		private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

		Instance(String name, Process process) {
			this.name = name;
			this.process = process;
			this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
			Thread reader = new Thread(() -> {
				try (BufferedReader out = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line = out.readLine(); line != null; line = out.readLine()) {
						if (line.startsWith("ok ")) {
							this.answers.add(line);
						}
					}
				}
				catch (IOException ex) {
					// the process ended
				}
			}, "instance-" + name);
			reader.setDaemon(true);
			reader.start();
		}

		String answer() {
			try {
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
				while (System.nanoTime() < deadline) {
					String answer = this.answers.poll(100, TimeUnit.MILLISECONDS);
					if (answer != null) {
						return answer;
					}
					if (!this.process.isAlive()) {
						throw new AssertionError("Instance " + this.name + " ended with " + this.process.exitValue());
					}
				}
				throw new AssertionError("Instance " + this.name + " did not answer in time");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}

		String command(String command) {
			try {
				this.in.write(command + "\n");
				this.in.flush();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return answer();
		}

		void stop() {
			assertThat(command("stop")).isEqualTo("ok stopped true");
			try {
				assertThat(this.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
