package io.github.memorydelay.autoconfigure;

/**
 * Thrown at start-up for a {@code memorydelay.*} (or {@code spring.mail.*}) setting that
 * cannot work. {@link MemoryDelayFailureAnalyzer} turns it into a description and an
 * action naming the property.
 */
public class InvalidMemoryDelayPropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final transient Object value;

	private final String reason;

	private final String action;

	public InvalidMemoryDelayPropertyException(String property, Object value, String reason, String action) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
	}

	/**
	 * @return name of the property to fix
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * @return the value found, {@code null} when missing
	 */
	public Object getValue() {
		return this.value;
	}

	/**
	 * @return what is wrong with the value
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * @return how to fix it
	 */
	public String getAction() {
		return this.action;
	}

}
