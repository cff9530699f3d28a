package io.github.memorydelay.logback;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The commit the application was built from, as the {@code git.properties} that the
 * {@code git-commit-id} Maven plugin (or the Gradle plugin
 * {@code com.gorylenko.gradle-git-properties}) writes to the class path says: what Spring
 * Boot's {@code GitProperties} reads, for applications without Spring Boot.
 */
final class GitCommit {

	private GitCommit() {
	}

	/**
	 * The commit id.
	 * @param classLoader where {@code git.properties} is looked for
	 * @return {@code git.commit.id} (else {@code git.commit.id.full}), {@code null} when
	 * there is no such file or no commit in it
	 */
	static String read(ClassLoader classLoader) {
		try (InputStream in = classLoader.getResourceAsStream("git.properties")) {
			if (in == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(in);
			String commit = properties.getProperty("git.commit.id");
			if (commit == null || commit.isBlank()) {
				commit = properties.getProperty("git.commit.id.full");
			}
			return (commit != null && !commit.isBlank()) ? commit.trim() : null;
		}
		catch (IOException | IllegalArgumentException ex) {
			return null;
		}
	}

}
