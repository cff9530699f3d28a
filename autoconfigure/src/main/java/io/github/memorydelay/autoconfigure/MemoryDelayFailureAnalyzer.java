package io.github.memorydelay.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidMemoryDelayPropertyException}: which property, what is wrong,
 * how to fix it.
 */
class MemoryDelayFailureAnalyzer extends AbstractFailureAnalyzer<InvalidMemoryDelayPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidMemoryDelayPropertyException cause) {
		String found = (cause.getValue() != null) ? "'" + cause.getValue() + "'" : "no value";
		String description = String.format("memorydelay cannot send digests: property '%s' has %s.%n%nReason: %s",
				cause.getProperty(), found, cause.getReason());
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
