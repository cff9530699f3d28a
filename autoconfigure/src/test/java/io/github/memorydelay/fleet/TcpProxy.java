package io.github.memorydelay.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the database that can freeze, as a network that drops every
 * packet does: while it is down, bytes are no longer passed on either way and new
 * connections are accepted but get no answer. When it is up again, the frozen connections
 * are closed and new ones pass.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket serverSocket;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean down;

	TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	void down() {
		this.down = true;
	}

	void up() {
		this.down = false;
		for (Socket socket : this.sockets) {
			close(socket);
		}
		this.sockets.clear();
	}

	private void accept() {
		while (!this.serverSocket.isClosed()) {
			try {
				Socket client = this.serverSocket.accept();
				this.sockets.add(client);
				if (this.down) {
					continue;
				}
				Socket target = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(target);
				pipe(client, target);
				pipe(target, client);
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[8192];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					while (this.down && !from.isClosed()) {
						Thread.sleep(10);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// closed
			}
			finally {
				close(from);
				close(to);
			}
		}, "tcp-proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

	@Override
	public void close() throws IOException {
		this.serverSocket.close();
		up();
	}

}
