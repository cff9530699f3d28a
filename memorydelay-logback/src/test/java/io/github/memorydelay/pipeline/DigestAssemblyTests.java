package io.github.memorydelay.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import io.github.memorydelay.digest.Digest;
import io.github.memorydelay.digest.DigestEntry;
import io.github.memorydelay.digest.Trigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one assembly of a digest, fed rows as the engine and the fleet feed it.
 */
class DigestAssemblyTests {

	private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

	private final DigestSettings settings = DigestSettings.builder().application("shop").host("web-1").build();

	private static DigestEntry entry(String message, Level level, long count, int secondsAfterT0) {
		Instant seen = T0.plusSeconds(secondsAfterT0);
		return new DigestEntry(level, "shop.Orders", count, seen, seen, "main", message, Map.of(), "");
	}

	@Test
	void entriesBeyondTheCapacityAreCountedAsNotShownByLevel() {
		DigestAssembly assembly = new DigestAssembly(2);
		assertThat(assembly.add(entry("a", Level.WARN, 3, 1))).isTrue();
		assertThat(assembly.add(entry("b", Level.ERROR, 1, 2))).isTrue();
		assertThat(assembly.add(entry("c", Level.ERROR, 4, 3))).isFalse();
		assertThat(assembly.add(entry("d", Level.INFO, 2, 0))).isFalse();
		assembly.notShown(Level.ERROR, 5);
		assembly.notShown(new long[] { 0, 0, 0, 7, 0 });
		assembly.silenced(6);
		Digest digest = assembly.digest(9, this.settings, Trigger.CAPACITY, T0, T0.plusSeconds(60), null, null, null);
		assertThat(digest.entries()).extracting(DigestEntry::message).containsExactly("a", "b");
		assertThat(digest.notShown()).containsExactly(Map.entry(Level.ERROR, 9L), Map.entry(Level.INFO, 2L),
				Map.entry(Level.DEBUG, 7L));
		assertThat(digest.silenced()).isEqualTo(6);
		assertThat(digest.events()).isEqualTo(3 + 1 + 9 + 2 + 7 + 6);
		assertThat(digest.sequence()).isEqualTo(9);
		assertThat(digest.application()).isEqualTo("shop");
		assertThat(digest.host()).isEqualTo("web-1");
		assertThat(assembly.firstSeen()).as("of every entry added, shown or not").isEqualTo(T0);
	}

	@Test
	void entriesAHistoryReportedAreMarkedRecurringSinceItFirstDid() {
		DigestAssembly assembly = new DigestAssembly(10);
		DigestEntry known = entry("known", Level.ERROR, 1, 1);
		assembly.add(known);
		assembly.add(entry("fresh", Level.ERROR, 1, 2));
		Instant reported = T0.minusSeconds(3600);
		assembly.markRecurring(Map.of(known.id(), reported)::get);
		Digest digest = assembly.digest(1, this.settings, Trigger.LEVEL, T0, T0.plusSeconds(5), null, null, null);
		assertThat(digest.entries().get(0).firstReported()).isEqualTo(reported);
		assertThat(digest.entries().get(1).isNew()).isTrue();
	}

	@Test
	void anEntryAlreadyMarkedKeepsItsMarkAndAnUnchangedListIsTheSameList() {
		DigestEntry marked = entry("known", Level.ERROR, 1, 1).recurringSince(T0.minusSeconds(60));
		List<DigestEntry> entries = List.of(marked, entry("fresh", Level.ERROR, 1, 2));
		assertThat(DigestAssembly.recurring(entries, (id) -> T0.minusSeconds(10))).element(0).isEqualTo(marked);
		assertThat(DigestAssembly.recurring(entries, (id) -> null)).isSameAs(entries);
	}

}
