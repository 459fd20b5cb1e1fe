package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.persistence.Backref;
import dev.backref.persistence.NewPost;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP server itself, spoken to over raw sockets on loopback so that requests no well-behaved
 * client would send (bad percent-encoding, NUL, HEAD) can be sent: keep-alive, HEAD, malformed
 * requests, health and readiness, the bounded queue, graceful shutdown and listen failures.
 */
@MigratedPostgres
class HttpServerIT {

  static final int SOCKET_TIMEOUT_MS = 15_000;

  static TestDatabase database;
  static HikariDataSource pool;
  static BlogServer server;
  static final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeAll
  static void start(TestDatabase db) {
    database = db;
    pool = Pools.pooled(db);
    Backref.create(pool).users().create("alice", List.of(new NewPost("First", "One")));
    Backref.create(pool).users().create("bob");
    server = start(BlogServer.Limits.DEFAULT);
  }

  @AfterAll
  static void stop() {
    server.close();
    pool.close();
  }

  static BlogServer start(BlogServer.Limits limits) {
    return BlogServer.start(pool, new InetSocketAddress("127.0.0.1", 0), limits, new PrintStream(log, true, StandardCharsets.UTF_8), false, false);
  }

  /** A response read off the wire: status, headers (lower-case names) and the body bytes. */
  record Reply(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      return Json.MAPPER.readTree(body);
    }
  }

  /** One HTTP/1.1 connection; requests are written by hand. */
  static final class Connection11 implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Connection11(int port) throws IOException {
      socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), SOCKET_TIMEOUT_MS);
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      socket.setTcpNoDelay(true);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    Reply exchange(String method, String target) throws IOException {
      return exchange(method, target, null);
    }

    Reply exchange(String method, String target, String body) throws IOException {
      send(method, target, body);
      return read(method.equals("HEAD"));
    }

    void send(String method, String target, String body) throws IOException {
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n") + "\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
    }

    Reply read(boolean head) throws IOException {
      String statusLine = line();
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = line(); !line.isEmpty(); line = line()) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
      }
      int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      assertThat(body).as("the announced body").hasSize(length);
      return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed by the server");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void keepAliveRequestsOnOneConnectionDoNotWaitForTheDelayedAck() throws IOException {
    try (Connection11 connection = new Connection11(server.port())) {
      connection.exchange("GET", "/users?limit=20");
      long start = System.nanoTime();
      for (int i = 0; i < 30; i++) {
        Reply reply = connection.exchange("GET", "/users?limit=20");
        assertThat(reply.status()).isEqualTo(200);
      }
      // With Nagle's algorithm against a delayed ACK every response waited ~40 ms: 1.2 s for 30.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
    }
  }

  @ParameterizedTest(name = "HEAD {0}")
  @ValueSource(strings = {"/users?limit=5", "/users/alice", "/posts", "/tags", "/health", "/"})
  void headAnswersWithTheHeadersOfGetAndNoBody(String target) throws IOException {
    try (Connection11 connection = new Connection11(server.port())) {
      Reply get = connection.exchange("GET", target);
      Reply head = connection.exchange("HEAD", target);
      // The same connection still parses: no body followed the HEAD response.
      Reply after = connection.exchange("GET", "/health");

      assertThat(head.status()).isEqualTo(get.status()).isEqualTo(200);
      assertThat(head.headers()).containsEntry("content-type", "application/json; charset=utf-8")
          .containsEntry("content-length", Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length));
      assertThat(after.json().get("status").stringValue()).isEqualTo("up");
    }
  }

  @Test
  void headOfAMissingUserIs404WithoutABody() throws IOException {
    try (Connection11 connection = new Connection11(server.port())) {
      Reply head = connection.exchange("HEAD", "/users/nobody");
      assertThat(head.status()).isEqualTo(404);
      assertThat(connection.exchange("GET", "/health").status()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "GET {0}")
  @ValueSource(strings = {
    "/posts/%zz", "/users/a%00b", "/users?after=%00", "/users/%ff", "/users/a%2", "/users?fetch=%e2%28%a1", "/tags?name=%00",
    "/users/%C0%AF", "/posts?title=x%"
  })
  void malformedUrlsAreJson400s(String target) throws IOException {
    try (Connection11 connection = new Connection11(server.port())) {
      Reply reply = connection.exchange("GET", target);

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.headers()).containsEntry("content-type", "application/json; charset=utf-8");
      assertThat(reply.json().get("error").stringValue()).isEqualTo("bad_request");
      assertThat(reply.json().get("status").intValue()).isEqualTo(400);
      assertThat(reply.json().get("message").stringValue()).isNotBlank().doesNotContain("<html");
    }
  }

  @Test
  void aRequestLineTooLongIsJson() throws IOException {
    try (Connection11 connection = new Connection11(server.port())) {
      Reply reply = connection.exchange("GET", "/users/" + "a".repeat(20_000));
      assertThat(reply.status()).isEqualTo(414);
      assertThat(reply.json().get("error").stringValue()).isEqualTo("uri_too_long");
    }
  }

  @Test
  void healthAndReadinessWhileTheDatabaseIsUp() throws IOException {
    try (Connection11 connection = new Connection11(server.port())) {
      assertThat(connection.exchange("GET", "/health").json().get("status").stringValue()).isEqualTo("up");
      Reply ready = connection.exchange("GET", "/ready");
      assertThat(ready.status()).isEqualTo(200);
      assertThat(ready.json().get("database").stringValue()).isEqualTo("up");
    }
  }

  @Test
  void notReadyButAliveWhenTheDatabaseCannotBeReached() throws IOException {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/blog?connectTimeout=2");
    config.setUsername("nobody");
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(1_000);
    config.setPoolName("unreachable");
    try (HikariDataSource unreachable = new HikariDataSource(config);
        BlogServer alone = BlogServer.start(unreachable, new InetSocketAddress("127.0.0.1", 0), BlogServer.Limits.DEFAULT,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false);
        Connection11 connection = new Connection11(alone.port())) {
      assertThat(connection.exchange("GET", "/health").status()).isEqualTo(200);
      Reply ready = connection.exchange("GET", "/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.headers()).containsEntry("retry-after", "1");
      assertThat(ready.json().get("error").stringValue()).isEqualTo("database_unavailable");
    }
  }

  /** Creates a user and holds the lock on its row, so that a request renaming it waits inside the server. */
  static Connection createAndLock(String username) throws SQLException {
    Backref.create(pool).users().create(username);
    Connection lock = pool.getConnection();
    lock.setAutoCommit(false);
    try (Statement statement = lock.createStatement()) {
      statement.execute("select * from users where username = '" + username + "' for update");
    }
    return lock;
  }

  static void release(Connection lock) throws SQLException {
    lock.rollback();
    lock.close();
  }

  /** Polls until {@code condition} holds, for at most ten seconds. */
  static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  static long waitingForLocks() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        var rows = statement.executeQuery(
            "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void beyondTheConcurrentRequestsAndTheQueueTheAnswerIs503BusyWithRetryAfter() throws Exception {
    BlogServer.Limits limits = new BlogServer.Limits(1, 1, Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(5));
    ExecutorService clients = Executors.newFixedThreadPool(3);
    Connection lock = createAndLock("carol");
    try (BlogServer small = start(limits)) {
      Future<Reply> rename = clients.submit(() -> {
        try (Connection11 connection = new Connection11(small.port())) {
          return connection.exchange("PUT", "/users/carol", "{\"username\": \"carol2\", \"version\": 0}");
        }
      });
      await("the rename to wait for the lock", () -> waitingForLocks() == 1);

      Future<Reply> queued = clients.submit(() -> {
        try (Connection11 connection = new Connection11(small.port())) {
          return connection.exchange("GET", "/users/bob");
        }
      });
      // Whichever of the next two arrives second finds the queue full; the other waits 300 ms in it.
      Thread.sleep(50);
      Reply rejected;
      try (Connection11 connection = new Connection11(small.port())) {
        rejected = connection.exchange("GET", "/users/bob");
      }
      Reply expired = queued.get(10, TimeUnit.SECONDS);
      release(lock);
      lock = null;
      Reply renamed = rename.get(10, TimeUnit.SECONDS);

      for (Reply busy : List.of(rejected, expired)) {
        assertThat(busy.status()).isEqualTo(503);
        assertThat(busy.headers()).containsEntry("retry-after", "1").containsEntry("content-type", "application/json; charset=utf-8");
        assertThat(busy.json().get("error").stringValue()).isEqualTo("busy");
      }
      assertThat(renamed.status()).isEqualTo(200);
      try (Connection11 connection = new Connection11(small.port())) {
        assertThat(connection.exchange("GET", "/users/bob").status()).as("served again once the first request ended").isEqualTo(200);
      }
    } finally {
      if (lock != null) {
        release(lock);
      }
      clients.shutdownNow();
      assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closingFinishesTheRequestsInFlightAndRefusesNewConnections() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(2);
    Connection lock = createAndLock("dave");
    BlogServer closing = start(BlogServer.Limits.DEFAULT);
    int port = closing.port();
    try {
      Future<Reply> rename = clients.submit(() -> {
        try (Connection11 connection = new Connection11(port)) {
          return connection.exchange("PUT", "/users/dave", "{\"username\": \"dave2\", \"version\": 0}");
        }
      });
      await("the rename to wait for the lock", () -> waitingForLocks() == 1);
      Future<?> close = clients.submit(closing::close);
      await("the server to stop accepting", () -> {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
          return false;
        } catch (ConnectException refused) {
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      assertThat(rename.isDone()).as("the request in flight is still running").isFalse();
      release(lock);
      lock = null;

      Reply renamed = rename.get(10, TimeUnit.SECONDS);
      close.get(10, TimeUnit.SECONDS);
      assertThat(renamed.status()).isEqualTo(200);
      assertThat(renamed.json().get("user").get("username").stringValue()).isEqualTo("dave2");
    } finally {
      if (lock != null) {
        release(lock);
      }
      closing.close();
      clients.shutdownNow();
      assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aBusyPortIsAUsageErrorThatSaysSo() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> BlogServer.start(pool, new InetSocketAddress("127.0.0.1", taken.getLocalPort()), BlogServer.Limits.DEFAULT,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false))
          .isInstanceOf(UsageException.class)
          .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use (another program is using port "
              + taken.getLocalPort() + "; choose another with --port)");
    }
  }

  @Test
  void anAddressThatIsNotOneOfThisMachineIsAUsageError() {
    assertThatThrownBy(() -> BlogServer.start(pool, new InetSocketAddress("999.1.1.1", 0), BlogServer.Limits.DEFAULT,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("cannot listen on 999.1.1.1:0: unknown host 999.1.1.1")
        .hasMessageContaining("--host");
    assertThatThrownBy(() -> BlogServer.start(pool, new InetSocketAddress("192.0.2.1", 0), BlogServer.Limits.DEFAULT,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false, false))
        .as("a documentation address (TEST-NET-1) that this machine does not have")
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--host");
  }

  @Test
  void theCommandLineExitsWithTheUsageCodeOnABusyPort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Cli.Result result = Cli.run(database, "serve", "--port", Integer.toString(taken.getLocalPort()));
      assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err().strip()).isEqualTo("blog: cannot listen on 127.0.0.1:" + taken.getLocalPort()
          + ": address already in use (another program is using port " + taken.getLocalPort() + "; choose another with --port)");
    }
  }
}
