package io.github.memorydelay.pipeline;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The defaults that depend on where the application runs, in one place for the Logback
 * appender and the Spring Boot starter: the application's name, the host's and the spool
 * folder.
 */
public final class Defaults {

	/** Application name in digests when none is configured. */
	public static final String APPLICATION = "application";

	private static volatile String localHost;

	private Defaults() {
	}

	/**
	 * The application's name in digests.
	 * @param configured the name configured (Spring Boot's
	 * {@code spring.application.name}, the Logback context's name), {@code null} or blank
	 * for none
	 * @return the name configured, trimmed, else {@value #APPLICATION}
	 */
	public static String application(String configured) {
		return (configured != null && !configured.isBlank()) ? configured.trim() : APPLICATION;
	}

	/**
	 * This machine's host name, looked up once: the local host's name, else the
	 * {@code HOSTNAME} environment variable, else {@code localhost}.
	 * @return the name
	 */
	public static String host() {
		String name = localHost;
		if (name == null) {
			try {
				name = InetAddress.getLocalHost().getHostName();
			}
			catch (Exception ex) {
				name = System.getenv("HOSTNAME");
			}
			name = (name != null && !name.isBlank()) ? name.trim() : "localhost";
			localHost = name;
		}
		return name;
	}

	/**
	 * Where digests that could not be sent wait unless a folder is configured: a folder
	 * under {@code java.io.tmpdir} named after the application.
	 * @param application the application's name
	 * @return the folder
	 */
	public static Path spoolDirectory(String application) {
		String name = application.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
		return Path.of(System.getProperty("java.io.tmpdir"), "memorydelay-" + name);
	}

}
