package io.github.memorydelay.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * A silence: the events of one fingerprint are counted but not shown, and trigger no
 * digest, until a given time.
 *
 * @param id the entry id of the fingerprint
 * @param until when the silence ends
 * @param comment why, as the operator said, {@code null} when not said
 */
public record Silence(String id, Instant until, String comment) {

	public Silence {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(until, "until");
	}

}
