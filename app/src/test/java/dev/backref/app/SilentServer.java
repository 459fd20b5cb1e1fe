package dev.backref.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener on 127.0.0.1 that accepts every connection and never sends a byte: a database
 * that takes connections but never answers. Closing it closes the listener and the connections.
 */
final class SilentServer implements AutoCloseable {

  private final ServerSocket listener;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  SilentServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    acceptor = Thread.ofPlatform().daemon().name("silent-server").start(() -> {
      try {
        while (true) {
          accepted.add(listener.accept());
        }
      } catch (IOException closed) {
        // close() ends the loop
      }
    });
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + "/blog";
  }

  /** How many connections it took. */
  int accepted() {
    return accepted.size();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    listener.close();
    for (Socket socket : accepted) {
      socket.close();
    }
    acceptor.join(5_000);
  }
}
