package io.github.memorydelay.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.github.memorydelay.TestEvents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids of earlier digests' entries are reused, and only as many are kept as two digests
 * hold.
 */
class KnownIdsTests {

	private final TestEvents events = new TestEvents();

	private Fingerprint fingerprint(String message) {
		return Fingerprint.of(this.events.warn(message));
	}

	@Test
	void anIdIsComputedOnceAndIsTheFingerprintsId() {
		KnownIds ids = new KnownIds(100);
		Fingerprint fingerprint = fingerprint("Card issuer timed out");
		String id = ids.id(fingerprint);
		assertThat(id).isEqualTo(fingerprint.id());
		assertThat(ids.id(fingerprint("Card issuer timed out"))).isSameAs(id);
		assertThat(ids.id(fingerprint("Ledger is slow"))).isNotEqualTo(id);
	}

	@Test
	void keepsTwoGenerationsAndMovesARecurringIdToTheNewer() {
		int generation = KnownIds.MIN_GENERATION;
		KnownIds ids = new KnownIds(1);
		Fingerprint recurring = fingerprint("recurring");
		String recurringId = ids.id(recurring);
		Fingerprint dropped = fingerprint("seen once");
		String droppedId = ids.id(dropped);
		List<Fingerprint> others = new ArrayList<>();
		for (int i = 0; i < 3 * generation; i++) {
			others.add(fingerprint("distinct " + TestEvents.word(i)));
			ids.id(others.get(i));
			if (i % (generation / 2) == 0) {
				// comes back often enough to stay
				assertThat(ids.id(recurring)).isSameAs(recurringId);
			}
			assertThat(ids.size()).isLessThanOrEqualTo(2 * generation);
		}
		assertThat(ids.id(recurring)).isSameAs(recurringId);
		String again = ids.id(dropped);
		assertThat(again).isEqualTo(droppedId).isNotSameAs(droppedId);
	}

}
