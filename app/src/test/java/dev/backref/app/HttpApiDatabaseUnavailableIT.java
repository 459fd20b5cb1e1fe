package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.persistence.Backref;
import dev.backref.persistence.NewPost;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON API when its database is gone: every route answers 503 with a JSON error that says so
 * and nothing more (no SQL, no stack trace), and the server serves again once the database is back.
 * The database really goes away: PostgreSQL refuses new connections to it and ends the pool's
 * sessions, from a connection to the server's {@code postgres} database.
 */
@MigratedPostgres
class HttpApiDatabaseUnavailableIT {

  static final Duration TIMEOUT = Duration.ofSeconds(20);
  static final String UNAVAILABLE =
      "{\"error\":\"database_unavailable\",\"message\":\"The database is unavailable; try again later\",\"status\":503}";

  static HttpClient client;

  @BeforeAll
  static void seed(TestDatabase database) {
    client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try (HikariDataSource pool = Pools.pooled(database)) {
      Backref.create(pool).users().create("alice", List.of(new NewPost("First", "One")));
    }
  }

  @AfterAll
  static void close() {
    client.close();
  }

  /** A pool like the app's, but giving up on a connection after one second rather than five. */
  static HikariDataSource pool(String jdbcUrl, TestDatabase database) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(1_000);
    config.setInitializationFailTimeout(-1);
    config.setPoolName("unavailable-" + database.name());
    return new HikariDataSource(config);
  }

  static HttpResponse<String> send(BlogServer server, String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDatabaseThatGoesAwayIs503WithoutSqlAndTheServerServesAgainWhenItIsBack(TestDatabase database) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (HikariDataSource pool = pool(database.jdbcUrl(), database);
        BlogServer server = BlogServer.start(pool, new InetSocketAddress("127.0.0.1", 0), BlogServer.Limits.DEFAULT, new PrintStream(log, true, StandardCharsets.UTF_8), false, false);
        Connection admin = database.server().dataSource("postgres").getConnection();
        Statement statement = admin.createStatement()) {
      // given: a server whose pool holds connections that have served requests
      assertThat(send(server, "GET", "/users/alice?fetch=joined", null).statusCode()).isEqualTo(200);

      // when: the database refuses new connections and its sessions are ended
      takeDown(statement, database.name());
      try {
        // then: reads and writes, under lazy and eager policies alike, are 503 and say only that
        for (String[] call : List.of(
            new String[] {"GET", "/users/alice?fetch=lazy", null},
            new String[] {"GET", "/users/alice?fetch=joined", null},
            new String[] {"GET", "/posts?fetch=selectin", null},
            new String[] {"POST", "/users", "{\"username\": \"bob\"}"},
            new String[] {"DELETE", "/users/alice", null})) {
          HttpResponse<String> response = send(server, call[0], call[1], call[2]);

          assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(503);
          assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
          assertThat(response.body()).as(call[0] + " " + call[1]).isEqualTo(UNAVAILABLE);
        }
        assertThat(log.toString(StandardCharsets.UTF_8))
            .contains("blog serve: GET /users/alice -> 503: database unavailable: ", "GET /users/alice 503 ")
            .doesNotContain("\tat ");
      } finally {
        bringBack(statement, database.name());
      }

      // and: once the database is back, the same server serves again (when the pool's next attempt
      // to connect succeeds, within seconds), and alice is still there
      HttpResponse<String> recovered = send(server, "GET", "/users/alice?fetch=lazy", null);
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (recovered.statusCode() == 503 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        recovered = send(server, "GET", "/users/alice?fetch=lazy", null);
      }
      assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(recovered.body()).get("user").get("posts").get(0).get("title").stringValue()).isEqualTo("First");
    }
  }

  @Test
  void aDatabaseThatCannotBeReachedIs503(TestDatabase database) throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:1/blog", database);
        BlogServer server = BlogServer.start(pool, new InetSocketAddress("127.0.0.1", 0), BlogServer.Limits.DEFAULT, new PrintStream(log, true, StandardCharsets.UTF_8), false, false)) {
      HttpResponse<String> response = send(server, "GET", "/users?fetch=selectin", null);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).isEqualTo(UNAVAILABLE);
      assertThat(log.toString(StandardCharsets.UTF_8)).contains("blog serve: GET /users -> 503: database unavailable: Connection refused");
    }
  }

  private static void takeDown(Statement statement, String database) throws SQLException {
    statement.execute("alter database \"" + database + "\" with allow_connections false");
    statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
  }

  private static void bringBack(Statement statement, String database) throws SQLException {
    statement.execute("alter database \"" + database + "\" with allow_connections true");
  }
}
