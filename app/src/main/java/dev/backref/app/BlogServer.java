package dev.backref.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;

/**
 * The JSON API over HTTP: the JDK's {@link HttpServer} with one virtual thread per request (the
 * connection pool bounds the work reaching the database) and {@link HttpApi} as the only handler.
 *
 * <pre>{@code
 * try (BlogServer server = BlogServer.start(pool, new InetSocketAddress("127.0.0.1", 0), System.err, false, false)) {
 *   URI users = URI.create("http://127.0.0.1:" + server.port() + "/users");
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops accepting, waits up to a second for requests in flight,
 * and ends the request threads; it does not close the data source.
 */
final class BlogServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private BlogServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free port).
   *
   * @param log where the access log and server errors go
   * @param printSql whether to print every statement on {@code log}
   * @throws UncheckedIOException if the address cannot be bound
   */
  static BlogServer start(DataSource dataSource, InetSocketAddress address, PrintStream log, boolean verbose, boolean printSql) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot listen on " + address + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", new HttpApi(dataSource, log, verbose, printSql));
    server.start();
    return new BlogServer(server, executor);
  }

  /** The port listened on. */
  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.close();
  }
}
