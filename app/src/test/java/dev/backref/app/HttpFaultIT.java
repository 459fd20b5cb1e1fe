package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.persistence.Backref;
import dev.backref.persistence.NewPost;
import dev.backref.schema.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The fault suite: {@code blog serve}'s server and pool, as the app configures them, on a
 * PostgreSQL of its own (so that it can be stopped, restarted and frozen), under a steady
 * concurrent load with 10% writes, while the database's backends are terminated, the database is
 * stopped and restarted, frozen with SIGSTOP past the timeouts, and its pool exhausted behind a
 * lock. For every fault: the server stays up, every failed request got a documented 5xx within the
 * configured time, no write is lost or half-applied, requests succeed again within a second of the
 * database answering, and no connection leaks. Everything listens on 127.0.0.1 only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpFaultIT {

  static final int POOL_SIZE = 10;
  /** 1 s statements (3 s socket), 2 s to connect, 500 ms for a pooled connection. */
  static final Database.Timeouts TIMEOUTS = Database.Timeouts.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500));
  /** The longest any request may take: a pool wait, then a statement cut by the socket timeout, plus CPU starvation on 2 cores. */
  static final Duration LONGEST_ANSWER = TIMEOUTS.poolWait().plus(TIMEOUTS.socket()).plus(Duration.ofSeconds(2));
  static final Duration RECOVERY = Duration.ofSeconds(1);
  static final int USERS = 20;

  static Path dataDir;
  static int port;
  static EmbeddedPostgres postgres;
  static Database database;
  static BlogServer server;
  static HttpClient client;
  static final ByteArrayOutputStream log = new ByteArrayOutputStream();
  static final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  static final AtomicInteger writes = new AtomicInteger();
  static long lockedPostId;

  /** One request of the load: when it ran, what it was, and how it ended ({@code status} -1: no answer). */
  record Outcome(long started, long ended, String method, String path, int status, String error, String title) {
    Duration took() {
      return Duration.ofNanos(ended - started);
    }

    boolean ok() {
      return status >= 200 && status < 300;
    }

    @Override
    public String toString() {
      return method + " " + path + " -> " + status + " " + error + " in " + took().toMillis() + " ms";
    }
  }

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("blog-faults-");
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    postgres = startPostgres();
    try (Connection admin = admin("postgres"); Statement statement = admin.createStatement()) {
      statement.execute("create database blog");
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/blog";
    database = Database.open(Database.Settings.external(url, "postgres", null), POOL_SIZE, TIMEOUTS, notice -> {});
    Migrations.of(database.dataSource()).migrate();
    Backref backref = Backref.create(database.dataSource());
    for (int i = 0; i < USERS; i++) {
      backref.users().create("u" + i, List.of(new NewPost("Hello " + i, "first"), new NewPost("Again " + i, "second")));
    }
    lockedPostId = backref.users().create("locked", List.of(new NewPost("Locked", "held by a test"))).posts().get().getFirst().id();
    server = BlogServer.start(database.dataSource(), new InetSocketAddress("127.0.0.1", 0), BlogServer.Limits.DEFAULT,
        new PrintStream(log, true, StandardCharsets.UTF_8), false, false);
    client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() throws IOException {
    try {
      if (client != null) {
        client.close();
      }
      if (server != null) {
        server.close();
      }
      if (database != null) {
        database.close();
      }
    } finally {
      try {
        resume();
        if (postgres != null) {
          postgres.close();
        }
      } finally {
        try (Stream<Path> paths = Files.walk(dataDir)) {
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    }
  }

  static EmbeddedPostgres startPostgres() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("fsync", "off")
        .setServerConfig("full_page_writes", "off")
        .start();
  }

  static Connection admin(String databaseName) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName + "?connectTimeout=5&socketTimeout=10", "postgres", "");
  }

  // ---- the load ----

  /** Runs {@code workers} clients until {@link Load#close()}: 90% reads over three routes, 10% posts with two tags each. */
  static final class Load implements AutoCloseable {
    final AtomicBoolean running = new AtomicBoolean(true);
    final ExecutorService threads;
    final List<Future<?>> futures = new ArrayList<>();

    Load(int workers) {
      threads = Executors.newFixedThreadPool(workers);
      for (int i = 0; i < workers; i++) {
        futures.add(threads.submit(() -> {
          while (running.get()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int user = random.nextInt(USERS);
            if (random.nextInt(10) == 0) {
              String title = "w" + writes.incrementAndGet();
              call("POST", "/posts", "{\"author\": \"u" + user + "\", \"title\": \"" + title
                  + "\", \"content\": \"written under faults\", \"tags\": [\"fault\", \"t" + random.nextInt(5) + "\"]}", title);
            } else {
              switch (random.nextInt(3)) {
                case 0 -> call("GET", "/users?limit=20&fetch=selectin", null, null);
                case 1 -> call("GET", "/users/u" + user + "?fetch=joined", null, null);
                default -> call("GET", "/posts?limit=20&fetchTags=selectin", null, null);
              }
            }
            pause(2);
          }
          return null;
        }));
      }
    }

    @Override
    public void close() throws Exception {
      running.set(false);
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
      threads.shutdown();
      assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  static Outcome call(String method, String path, String body, String title) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    long started = System.nanoTime();
    Outcome outcome;
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      String error = null;
      if (response.statusCode() >= 400) {
        JsonNode json = Json.MAPPER.readTree(response.body());
        error = json.get("error").stringValue();
        if (response.statusCode() == 503) {
          assertThat(response.headers().firstValue("Retry-After")).as(method + " " + path + " " + response.body()).hasValue("1");
        }
      }
      outcome = new Outcome(started, System.nanoTime(), method, path, response.statusCode(), error, title);
    } catch (IOException e) {
      outcome = new Outcome(started, System.nanoTime(), method, path, -1, e.toString(), title);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = new Outcome(started, System.nanoTime(), method, path, -1, "interrupted", title);
    }
    outcomes.add(outcome);
    return outcome;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- the faults ----

  static List<Long> postgresProcesses() {
    long postmaster = PostgresProcesses.mentioning(dataDir.toString()).stream()
        .filter(pid -> ProcessHandle.of(pid).flatMap(p -> p.parent()).map(parent -> !PostgresProcesses.mentioning(dataDir.toString()).contains(parent.pid())).orElse(true))
        .findFirst().orElseThrow(() -> new AssertionError("no PostgreSQL process on " + dataDir));
    List<Long> pids = new ArrayList<>();
    pids.add(postmaster);
    ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(child -> pids.add(child.pid()));
    return pids;
  }

  static volatile List<Long> frozen = List.of();

  static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  static void resume() {
    if (!frozen.isEmpty()) {
      try {
        signal("CONT", frozen);
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("Cannot resume PostgreSQL " + frozen, e);
      }
      frozen = List.of();
    }
  }

  /**
   * Runs {@code fault} under load; {@code fault} returns the moment the database answers again.
   * Then checks the answers given during the fault and a second after it.
   */
  static void underLoad(String name, FaultAction fault) throws Exception {
    outcomes.clear();
    long answering;
    long started = System.nanoTime();
    try (Load load = new Load(8)) {
      pause(300);
      answering = fault.run();
      long recovered = firstSuccessAfter(answering);
      assertThat(Duration.ofNanos(recovered - answering)).as(name + ": a read succeeds within a second of the database answering again")
          .isLessThan(RECOVERY);
      pause(500);
    }
    List<Outcome> seen = List.copyOf(outcomes);
    assertThat(seen).as(name + ": the load ran").hasSizeGreaterThan(50);
    assertThat(seen).as(name + ": every answer is 2xx or a documented 5xx").allSatisfy(outcome -> {
      assertThat(outcome.status()).as(outcome.toString()).isNotEqualTo(-1);
      if (!outcome.ok()) {
        assertThat(outcome.status() + " " + outcome.error()).as(outcome.toString())
            .isIn("503 database_unavailable", "503 busy", "504 database_timeout");
      }
    });
    assertThat(seen).as(name + ": every answer within " + LONGEST_ANSWER).allSatisfy(outcome ->
        assertThat(outcome.took()).as(outcome.toString()).isLessThan(LONGEST_ANSWER));
    assertThat(seen.stream().filter(o -> !o.ok()).count()).as(name + ": the fault was felt").isPositive();
    assertThat(call("GET", "/health", null, null).status()).as(name + ": the server is up").isEqualTo(200);
    Map<String, Long> summary = seen.stream().collect(Collectors.groupingBy(o -> o.status() + (o.error() == null ? "" : " " + o.error()), TreeMap::new, Collectors.counting()));
    System.out.printf("%s: %d requests in %d ms: %s%n", name, seen.size(), Duration.ofNanos(System.nanoTime() - started).toMillis(), summary);
    writesAreWholeOrAbsent(name, seen);
  }

  @FunctionalInterface
  interface FaultAction {
    long run() throws Exception;
  }

  /** Polls with reads until one succeeds; returns when it started. */
  static long firstSuccessAfter(long answering) {
    long deadline = answering + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Outcome probe = call("GET", "/users?limit=1", null, null);
      if (probe.ok()) {
        return probe.started();
      }
      pause(20);
    }
    throw new AssertionError("no read succeeded within 10 s of the database answering again");
  }

  /** Every 2xx post is stored with both its tags; every failed one is absent or stored whole. */
  static void writesAreWholeOrAbsent(String name, List<Outcome> seen) throws SQLException {
    try (Connection admin = admin("blog");
        PreparedStatement statement = admin.prepareStatement(
            "select count(distinct p.id), count(pt.tag_id) from posts p left join post_tags pt on pt.post_id = p.id where p.title = ?")) {
      int checked = 0;
      for (Outcome outcome : seen) {
        if (outcome.title() == null) {
          continue;
        }
        statement.setString(1, outcome.title());
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          long posts = row.getLong(1);
          long tags = row.getLong(2);
          if (outcome.ok()) {
            assertThat(List.of(posts, tags)).as(name + ": " + outcome + " is stored whole").containsExactly(1L, 2L);
          } else {
            assertThat(List.of(posts, tags)).as(name + ": " + outcome + " is absent or whole").isIn(List.of(0L, 0L), List.of(1L, 2L));
          }
          checked++;
        }
      }
      assertThat(checked).as(name + ": writes were made").isPositive();
    }
  }

  static long blogConnections() throws SQLException {
    try (Connection admin = admin("postgres");
        Statement statement = admin.createStatement();
        ResultSet row = statement.executeQuery("select count(*) from pg_stat_activity where application_name = 'blog'")) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  @Order(1)
  void backendsTerminatedThreeTimes() throws Exception {
    underLoad("terminate", () -> {
      long last = 0;
      for (int i = 0; i < 3; i++) {
        try (Connection admin = admin("postgres"); Statement statement = admin.createStatement()) {
          statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'blog'");
        }
        last = System.nanoTime();
        pause(400);
      }
      return last;
    });
  }

  @Test
  @Order(2)
  void databaseStoppedAndRestarted() throws Exception {
    underLoad("restart", () -> {
      postgres.close();
      pause(1_000);
      postgres = startPostgres();
      return System.nanoTime();
    });
  }

  @Test
  @Order(3)
  void databaseFrozenPastTheTimeouts() throws Exception {
    underLoad("freeze", () -> {
      frozen = postgresProcesses();
      signal("STOP", frozen);
      pause(TIMEOUTS.socket().plus(Duration.ofSeconds(1)).toMillis());
      resume();
      return System.nanoTime();
    });
  }

  @Test
  @Order(4)
  void poolExhaustedBehindAHeldLock() throws Exception {
    underLoad("exhaust", () -> {
      ExecutorService blocked = Executors.newFixedThreadPool(POOL_SIZE + 2);
      try (Connection lock = admin("blog")) {
        lock.setAutoCommit(false);
        try (Statement statement = lock.createStatement()) {
          statement.execute("select * from posts where id = " + lockedPostId + " for update");
        }
        List<Future<Outcome>> waiting = new ArrayList<>();
        for (int i = 0; i < POOL_SIZE + 2; i++) {
          waiting.add(blocked.submit(() -> call("POST", "/posts/" + lockedPostId + "/tags", "{\"tags\": [\"held\"]}", null)));
        }
        pause(1_500);
        lock.rollback();
        for (Future<Outcome> future : waiting) {
          Outcome outcome = future.get(LONGEST_ANSWER.toMillis() + 5_000, TimeUnit.MILLISECONDS);
          assertThat(outcome.status() + " " + outcome.error()).as(outcome.toString())
              .isIn("200 null", "503 busy", "504 database_timeout");
        }
      } finally {
        blocked.shutdownNow();
        assertThat(blocked.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
      return System.nanoTime();
    });
    assertThat(outcomes.stream().filter(o -> "busy".equals(o.error())).count()).as("a full pool answers busy").isPositive();
  }

  @Test
  @Order(5)
  void noConnectionLeaksAndTheDatabaseClosesThemAll() throws Exception {
    assertThat(blogConnections()).as("at most the pool's connections").isLessThanOrEqualTo(POOL_SIZE);
    server.close();
    database.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (blogConnections() > 0 && System.nanoTime() < deadline) {
      pause(50);
    }
    assertThat(blogConnections()).as("every connection closed with the pool").isZero();
    server = null;
    database = null;
  }
}
