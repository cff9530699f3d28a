package io.github.memorydelay.sample;

/**
 * The port of the embedded SMTP server is taken by another process.
 */
class EmbeddedSmtpPortInUseException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String host;

	private final int port;

	EmbeddedSmtpPortInUseException(String host, int port, Throwable cause) {
		super("The embedded SMTP server could not listen on " + host + ":" + port + ": the port is taken", cause);
		this.host = host;
		this.port = port;
	}

	String getHost() {
		return this.host;
	}

	int getPort() {
		return this.port;
	}

}
