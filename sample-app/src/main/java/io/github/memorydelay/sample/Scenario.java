package io.github.memorydelay.sample;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the page's buttons make the shop log.
 */
public enum Scenario {

	/** Six warnings from three places, three entries: sent by the delay trigger. */
	WARNINGS("warnings", "Burst of 6 warnings", "WARN", 6,
			"Warnings from 3 places. Events with the same message pattern share one entry, so the digest "
					+ "shows 3 entries. Nothing here is urgent: the delay trigger sends it."),

	/** One error: sent by the level trigger. */
	ERROR("error", "One error", "ERROR", 1,
			"A failed payment at ERROR, with its cause and MDC. ERROR is the flush level: the digest goes out "
					+ "right away, or as soon as the minimum interval since the last one has passed."),

	/** The same exception over and over: one entry. */
	IDENTICAL("identical", "300 identical exceptions", "WARN", 300,
			"A flood: the inventory service times out over and over. Same logger, message pattern and "
					+ "exception: one entry counted \u00d7300 instead of 300 emails."),

	/** One problem whose messages are built by concatenation: one entry. */
	ROWS("rows", "80 rejected rows", "WARN", 80,
			"One problem, 80 messages: rejected rows whose message is built by string concatenation (row "
					+ "number, quantity). The message template masks the numbers and the quoted value, so the digest "
					+ "shows one entry \u00d780 with how many distinct messages it holds and the last one."),

	/** Distinct problems beyond capacity: sent by the capacity trigger. */
	DISTINCT("distinct", "80 distinct problems", "WARN", 80,
			"Health checks of 10 services fail in 8 different ways: 80 different problems. Reaching the capacity "
					+ "triggers a digest; problems that come while it waits for the minimum interval are counted "
					+ "as not shown.");

	private final String id;

	private final String label;

	private final String level;

	private final int events;

	private final String description;

	Scenario(String id, String label, String level, int events, String description) {
		this.id = id;
		this.label = label;
		this.level = level;
		this.events = events;
		this.description = description;
	}

	/**
	 * @return the name in the URL, {@code /scenarios/{id}}
	 */
	public String id() {
		return this.id;
	}

	/**
	 * @return the button's text
	 */
	public String label() {
		return this.label;
	}

	/**
	 * @return the level of the events it logs
	 */
	public String level() {
		return this.level;
	}

	/**
	 * @return how many events it logs
	 */
	public int events() {
		return this.events;
	}

	/**
	 * @return what happens, in a sentence or two
	 */
	public String description() {
		return this.description;
	}

	static Optional<Scenario> of(String id) {
		return Arrays.stream(values()).filter((scenario) -> scenario.id.equals(id)).findFirst();
	}

}
