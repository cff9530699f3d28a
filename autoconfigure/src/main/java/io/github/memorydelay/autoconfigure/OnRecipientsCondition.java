package io.github.memorydelay.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code memorydelay.to} holds at least one address, in any form the binder
 * accepts (comma-separated or indexed).
 */
class OnRecipientsCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		if (MemoryDelayPropertiesMapper.hasRecipients(context.getEnvironment())) {
			return ConditionOutcome.match("memorydelay.to is set");
		}
		return ConditionOutcome.noMatch("memorydelay.to is not set");
	}

}
