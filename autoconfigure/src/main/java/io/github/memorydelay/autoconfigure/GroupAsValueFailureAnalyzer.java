package io.github.memorydelay.autoconfigure;

import java.util.Map;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a group of the starter's properties given a value of its own
 * ({@code memorydelay.fleet=true}), which Spring Boot's binder reports as a missing
 * converter: it names the property that was most likely meant.
 */
class GroupAsValueFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	/** Each group, and the property that is set in its place most often. */
	private static final Map<String, String> GROUPS = Map.of("memorydelay.fleet", "memorydelay.fleet.enabled=true",
			"memorydelay.quiet-hours", "memorydelay.quiet-hours.ranges=MON-FRI 20:00-08:00", "memorydelay.retry",
			"memorydelay.retry.initial-interval=30s", "memorydelay.spool", "memorydelay.spool.directory=/var/spool/app",
			"memorydelay.links", "memorydelay.links.trace=https://tempo.example.com/trace/{traceId}");

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String name = cause.getName().toString();
		String example = GROUPS.get(name);
		if (example == null) {
			return null;
		}
		String given = (cause.getProperty() != null) ? "has '" + cause.getProperty().getValue() + "'"
				: "is given a value";
		String description = String.format(
				"memorydelay cannot start: property '%s' %s, but it is a group of properties, not a value.", name,
				given);
		return new FailureAnalysis(description, "Set a property of the group instead, such as '" + example
				+ "' (the README's property table lists them all), and remove '" + name + "'.", cause);
	}

	@Override
	public int getOrder() {
		// before Spring Boot's analyzer of binding failures, which says only that no
		// converter was found
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
