package io.github.memorydelay.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that accepts connections and never says a word: what a hung mail server
 * looks like to a client. Bound to the loopback address only.
 */
public final class HungSmtpServer implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	public HungSmtpServer() throws IOException {
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::accept, "hung-smtp-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	public int port() {
		return this.serverSocket.getLocalPort();
	}

	public int connections() {
		return this.accepted.size();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				this.accepted.add(this.serverSocket.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
	}

}
