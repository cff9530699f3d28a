package io.github.memorydelay.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small SMTP server that answers what a test needs: a reply to each recipient and a
 * reply to the end of the message data. Bound to the loopback address only; one
 * connection at a time.
 */
final class ScriptedSmtpServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final Function<String, String> recipientReply;

	private final String dataReply;

	private final AtomicInteger messages = new AtomicInteger();

	private final List<String> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	/**
	 * @param recipientReply the reply to {@code RCPT TO} for an address, such as
	 * {@code 250 OK}
	 * @param dataReply the reply to the end of the message data, such as
	 * {@code 554 5.7.1 Rejected}
	 */
	ScriptedSmtpServer(Function<String, String> recipientReply, String dataReply) throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.recipientReply = recipientReply;
		this.dataReply = dataReply;
		this.acceptor = new Thread(this::accept, "scripted-smtp-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/**
	 * A server that refuses every message at the end of its data with the given reply.
	 */
	static ScriptedSmtpServer replyingToData(String reply) throws IOException {
		return new ScriptedSmtpServer((address) -> "250 2.1.5 OK", reply);
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * @return messages whose data the client sent, whatever the server answered
	 */
	int messages() {
		return this.messages.get();
	}

	/**
	 * @return recipients the server accepted
	 */
	List<String> acceptedRecipients() {
		return this.accepted;
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try (Socket socket = this.serverSocket.accept()) {
				socket.setSoTimeout(10_000);
				converse(socket);
			}
			catch (IOException ex) {
				// the client went away, or the server was closed
			}
		}
	}

	private void converse(Socket socket) throws IOException {
		BufferedReader in = new BufferedReader(
				new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
		OutputStream out = socket.getOutputStream();
		reply(out, "220 scripted.test ESMTP");
		String line;
		while ((line = in.readLine()) != null) {
			String command = line.toUpperCase(Locale.ROOT);
			if (command.startsWith("EHLO") || command.startsWith("HELO")) {
				reply(out, "250 scripted.test");
			}
			else if (command.startsWith("MAIL FROM")) {
				reply(out, "250 2.1.0 OK");
			}
			else if (command.startsWith("RCPT TO")) {
				String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
				String answer = this.recipientReply.apply(address);
				if (answer.startsWith("2")) {
					this.accepted.add(address);
				}
				reply(out, answer);
			}
			else if (command.equals("DATA")) {
				reply(out, "354 End data with <CR><LF>.<CR><LF>");
				while ((line = in.readLine()) != null && !line.equals(".")) {
					// the message is not kept
				}
				this.messages.incrementAndGet();
				reply(out, this.dataReply);
			}
			else if (command.equals("QUIT")) {
				reply(out, "221 2.0.0 Bye");
				return;
			}
			else {
				reply(out, "250 OK");
			}
		}
	}

	private static void reply(OutputStream out, String line) throws IOException {
		out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
	}

}
