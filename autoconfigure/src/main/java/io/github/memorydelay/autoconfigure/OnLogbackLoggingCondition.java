package io.github.memorydelay.autoconfigure;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when Logback is the logging system in use, not merely on the class path.
 */
class OnLogbackLoggingCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
			return ConditionOutcome.match("Logback is the logging system");
		}
		return ConditionOutcome.noMatch(
				"Logback is not the logging system (" + LoggerFactory.getILoggerFactory().getClass().getName() + ")");
	}

}
