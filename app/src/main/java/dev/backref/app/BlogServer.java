package dev.backref.app;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The JSON API over HTTP: Jetty 12's core server (no servlets) with {@link HttpApi} as its handler,
 * behind a bound on concurrent requests and a bounded queue of waiting ones.
 *
 * <pre>{@code
 * try (BlogServer server = BlogServer.start(pool, new InetSocketAddress("127.0.0.1", 0), Limits.DEFAULT, System.err, false, false)) {
 *   URI users = URI.create("http://127.0.0.1:" + server.port() + "/users");
 * }
 * }</pre>
 *
 * <p>What a client sees under load: at most {@link Limits#concurrentRequests()} requests run at
 * once; up to {@link Limits#queuedRequests()} more wait, each at most {@link Limits#queueWait()};
 * beyond that, or after that wait, the answer is 503 {@code busy} with {@code Retry-After}. A
 * connection idle for {@link Limits#idleTimeout()} (including one that stops sending half-way
 * through a request) is closed. Responses go out with TCP_NODELAY, so keep-alive requests do not
 * wait for the peer's delayed ACK.
 *
 * <p>Thread-safe. {@link #close()} stops accepting connections, lets requests in flight finish
 * (at most {@link Limits#shutdownTimeout()}), then stops the threads; it does not close the data
 * source.
 */
final class BlogServer implements AutoCloseable {

  /**
   * How much the server takes on.
   *
   * @param concurrentRequests requests handled at once; the database pool bounds the work further
   * @param queuedRequests requests that wait for one of those places before 503 {@code busy}
   * @param queueWait the longest a request waits in that queue
   * @param idleTimeout a connection with nothing to read or write for this long is closed
   * @param shutdownTimeout the longest {@link #close()} waits for requests in flight
   */
  record Limits(int concurrentRequests, int queuedRequests, Duration queueWait, Duration idleTimeout, Duration shutdownTimeout) {

    static final Limits DEFAULT = new Limits(64, 1_024, Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(10));

    Limits {
      if (concurrentRequests < 1 || queuedRequests < 0) {
        throw new IllegalArgumentException("concurrentRequests must be positive and queuedRequests not negative");
      }
      Objects.requireNonNull(queueWait, "queueWait");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }
  }

  private final Server server;
  private final ServerConnector connector;

  private BlogServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free port).
   *
   * @param log where the access log and server errors go
   * @param printSql whether to print every statement on {@code log}
   * @throws UsageException if the address cannot be listened on: port in use, not an address of
   *     this machine, unknown host (see {@link Failures#listenFailure})
   */
  static BlogServer start(DataSource dataSource, InetSocketAddress address, Limits limits, PrintStream log, boolean verbose, boolean printSql) {
    return start(dataSource, null, address, limits, log, verbose, printSql);
  }

  /**
   * Starts serving, with the reads of every GET (reads outside a transaction) sent to {@code
   * readDataSource}, a pool on read replicas; null sends them to {@code dataSource}.
   */
  static BlogServer start(
      DataSource dataSource, DataSource readDataSource, InetSocketAddress address, Limits limits, PrintStream log, boolean verbose, boolean printSql) {
    QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, limits.concurrentRequests() + 8), 4);
    threads.setName("blog-http");
    Server server = new Server(threads);
    server.setStopTimeout(limits.shutdownTimeout().toMillis());
    server.setStopAtShutdown(false);
    server.setErrorHandler(new JsonErrorHandler());

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(address.getHostString());
    connector.setPort(address.getPort());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptedTcpNoDelay(true);
    server.addConnector(connector);

    QoSHandler qos = new QoSHandler(new HttpApi(dataSource, readDataSource, log, verbose, printSql));
    qos.setMaxRequestCount(limits.concurrentRequests());
    qos.setMaxSuspendedRequestCount(limits.queuedRequests());
    qos.setMaxSuspend(limits.queueWait());
    qos.excludePath("/health");
    server.setHandler(new GracefulHandler(qos));
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server);
      throw Failures.listenFailure(address.getHostString(), address.getPort(), e);
    }
    return new BlogServer(server, connector);
  }

  /** The port listened on. */
  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    stopQuietly(server);
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the HTTP server: " + e.getMessage(), e);
    }
  }
}
