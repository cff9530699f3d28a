package io.github.memorydelay.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML part's size budget: details rendered in full while they fit, then shortened
 * tier by tier in the order given, heads that could never fit left out at once, and the
 * tiers cutting what they say they cut.
 */
class HtmlBudgetTests {

	@Test
	void everythingFitsInFull() {
		List<FakePart> parts = parts(3, 1_000);
		HtmlBudget.fit(parts, parts, 10_000);
		assertThat(parts).extracting(FakePart::tier).containsOnly(HtmlBudget.FULL);
	}

	@Test
	void noRoomLeavesEveryDetailOut() {
		List<FakePart> parts = parts(3, 1_000);
		HtmlBudget.fit(parts, parts, 0);
		assertThat(parts).extracting(FakePart::tier).containsOnly(HtmlBudget.NONE);
		assertThat(parts).allMatch((part) -> part.renderedFull == 0);
	}

	@Test
	void detailsAreShortenedTierByTierInTheOrderGiven() {
		List<FakePart> parts = parts(3, 1_000);
		List<FakePart> shortenedFirst = List.of(parts.get(2), parts.get(0), parts.get(1));
		// in full 3,000, each shortened by a tier 2,700, not yet within 2,650: the one
		// shortened first goes one tier further, and that is enough
		HtmlBudget.fit(parts, shortenedFirst, 2_650);
		assertThat(parts.get(2).tier()).isEqualTo(HtmlBudget.NO_STACK);
		assertThat(parts.get(0).tier()).isEqualTo(HtmlBudget.SHORT_STACK);
		assertThat(parts.get(1).tier()).isEqualTo(HtmlBudget.SHORT_STACK);
		assertThat(total(parts)).isEqualTo(2_600);
	}

	@Test
	void shorteningStopsAsSoonAsTheDetailsFit() {
		List<FakePart> parts = parts(3, 1_000);
		HtmlBudget.fit(parts, parts, 2_900);
		assertThat(parts).extracting(FakePart::tier)
			.containsExactly(HtmlBudget.SHORT_STACK, HtmlBudget.FULL, HtmlBudget.FULL);
	}

	@Test
	void headsThatCouldNeverFitAreLeftOutBeforeAnythingIsRendered() {
		List<FakePart> parts = parts(10, 1_000);
		List<FakePart> shortenedFirst = new ArrayList<>(parts);
		// heads of 200 bytes each: 2,000 for all, 1,000 of room leaves out the first five
		// in the order of shortening, without rendering them
		HtmlBudget.fit(parts, shortenedFirst, 1_000);
		assertThat(parts.subList(0, 5)).allMatch((part) -> part.tier() == HtmlBudget.NONE && part.renderedFull == 0);
		assertThat(total(parts)).isLessThanOrEqualTo(1_000);
	}

	@Test
	void tiersCutWhatTheySay() {
		assertThat(HtmlBudget.FULL.stackLines()).isEqualTo(Integer.MAX_VALUE);
		assertThat(HtmlBudget.SHORT_STACK.stackLines()).isEqualTo(HtmlBudget.SHORT_STACK_LINES);
		assertThat(HtmlBudget.NO_STACK.stackLines()).isOne();
		assertThat(HtmlBudget.NO_STACK.messageChars()).isEqualTo(Integer.MAX_VALUE);
		assertThat(HtmlBudget.SHORT_TEXT.messageChars()).isLessThan(Integer.MAX_VALUE);
		assertThat(HtmlBudget.SHORT_TEXT.mdcKeys()).isLessThan(Integer.MAX_VALUE);
		assertThat(Arrays.stream(HtmlBudget.values()).filter(HtmlBudget::showsBody)).containsExactly(HtmlBudget.FULL,
				HtmlBudget.SHORT_STACK, HtmlBudget.NO_STACK, HtmlBudget.SHORT_TEXT);
		assertThat(Arrays.stream(HtmlBudget.values()).filter(HtmlBudget::shortensStackOnly))
			.containsExactly(HtmlBudget.SHORT_STACK, HtmlBudget.NO_STACK);
	}

	@Test
	void bytesCountUtf8WithoutEncoding() {
		for (String text : new String[] { "", "plain", "Grüße", "€", "\uD83D\uDE00 emoji" }) {
			assertThat(HtmlBudget.bytes(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		}
	}

	private static List<FakePart> parts(int count, int fullBytes) {
		List<FakePart> parts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			parts.add(new FakePart(fullBytes));
		}
		return parts;
	}

	private static long total(List<FakePart> parts) {
		return parts.stream().mapToLong(FakePart::bytes).sum();
	}

	/** A detail that takes 100 bytes less at each tier, and 200 as a head. */
	private static final class FakePart implements HtmlBudget.Part {

		private final Map<HtmlBudget, Integer> sizes = new EnumMap<>(HtmlBudget.class);

		private HtmlBudget tier = HtmlBudget.FULL;

		private int bytes;

		private int renderedFull;

		FakePart(int fullBytes) {
			for (HtmlBudget tier : HtmlBudget.values()) {
				this.sizes.put(tier, (tier == HtmlBudget.NONE) ? 0
						: (tier == HtmlBudget.HEAD) ? 200 : fullBytes - 100 * tier.ordinal());
			}
		}

		@Override
		public HtmlBudget tier() {
			return this.tier;
		}

		@Override
		public int bytes() {
			return this.bytes;
		}

		@Override
		public int headEstimate() {
			return 200;
		}

		@Override
		public void render(HtmlBudget tier) {
			this.tier = tier;
			this.bytes = this.sizes.get(tier);
			if (tier == HtmlBudget.FULL) {
				this.renderedFull++;
			}
		}

	}

}
