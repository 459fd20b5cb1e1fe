package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.testing.postgres.PrimaryAndStandby;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --db-read-url} against a real primary and a real streaming standby: the command line reads
 * from the standby and writes to the primary, and says which answered with {@code --sql}; {@code
 * serve} sends GETs to the standby and writes to the primary.
 */
class ReadReplicaIT {

  static PrimaryAndStandby servers;

  @BeforeAll
  static void start() throws Exception {
    servers = PrimaryAndStandby.start();
    Cli.Result migrated = Cli.run("--db-url", servers.primaryUrl(), "--db-user", PrimaryAndStandby.USER, "migrate");
    assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
    servers.awaitReplay();
  }

  @AfterAll
  static void stop() {
    if (servers != null) {
      servers.close();
    }
  }

  static Cli.Result blog(String... args) {
    List<String> all = new ArrayList<>(List.of(
        "--db-url", servers.primaryUrl(), "--db-read-url", servers.standbyUrl(), "--db-user", PrimaryAndStandby.USER, "--sql"));
    all.addAll(List.of(args));
    return Cli.run(Map.of(), all);
  }

  static List<String> sql(Cli.Result result) {
    return result.err().lines().filter(line -> line.endsWith("-- primary") || line.endsWith("-- replica")).toList();
  }

  @Test
  void theCommandLineWritesToThePrimaryReadsFromTheStandbyAndSaysWhichAnswered() throws Exception {
    Cli.Result created = blog("users", "create", "ada");
    servers.awaitReplay();
    Cli.Result listed = blog("users", "list", "--fetch", "selectin");

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(sql(created)).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith("; -- primary"));
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(listed.out()).contains("ada");
    assertThat(sql(listed)).hasSize(2).allSatisfy(line -> assertThat(line).endsWith("; -- replica"));
  }

  @Test
  void theEnvironmentNamesTheReplicasToo() {
    Cli.Result listed = Cli.run(Map.of("BLOG_DB_READ_URL", servers.standbyUrl()),
        List.of("--db-url", servers.primaryUrl(), "--db-user", PrimaryAndStandby.USER, "--sql", "users", "list"));
    assertThat(listed.exitCode()).as(listed.toString()).isZero();
    assertThat(sql(listed)).isNotEmpty().allSatisfy(line -> assertThat(line).endsWith("; -- replica"));
  }

  @Test
  void replicasWithoutAPrimaryUrlAreAUsageError() {
    Cli.Result result = Cli.run("--db-read-url", servers.standbyUrl(), "users", "list");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err().strip()).isEqualTo("blog: --db-read-url needs --db-url: the embedded PostgreSQL has no replicas");
  }

  @Test
  void replicasThatCannotBeReachedFailReadsWithExitCode7AndLeaveWritesAlone() throws Exception {
    int closed;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    List<String> connection = List.of("--db-url", servers.primaryUrl(), "--db-read-url", "jdbc:postgresql://127.0.0.1:" + closed + "/blog",
        "--db-user", PrimaryAndStandby.USER);
    List<String> create = new ArrayList<>(connection);
    create.addAll(List.of("users", "create", "linus"));
    List<String> list = new ArrayList<>(connection);
    list.addAll(List.of("users", "list"));

    Cli.Result created = Cli.run(Map.of(), create);
    Cli.Result listed = Cli.run(Map.of(), list);

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(listed.exitCode()).as(listed.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(listed.err().strip()).startsWith("blog: The read replica cannot be reached: ").doesNotContain("\n");
  }

  static HikariDataSource pool(String url, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(PrimaryAndStandby.USER);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(2_000);
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  @Test
  void theServerSendsGetsToTheStandbyAndWritesToThePrimary() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (HikariDataSource primary = pool(servers.primaryUrl(), "primary");
        HikariDataSource replica = pool(servers.standbyUrl(), "replica");
        BlogServer server = BlogServer.start(primary, replica, new InetSocketAddress("127.0.0.1", 0), BlogServer.Limits.DEFAULT,
            new PrintStream(log, true, StandardCharsets.UTF_8), false, true);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(base + "/users"))
          .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"grace\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      String afterPost = log.toString(StandardCharsets.UTF_8);
      servers.awaitReplay();
      HttpResponse<String> read = client.send(HttpRequest.newBuilder(URI.create(base + "/users/grace?fetch=selectin"))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      String afterGet = log.toString(StandardCharsets.UTF_8).substring(afterPost.length());

      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      assertThat(afterPost.lines().filter(line -> line.contains("; -- ")).toList())
          .isNotEmpty().allSatisfy(line -> assertThat(line).endsWith("; -- primary"));
      assertThat(read.statusCode()).as(read.body() + "\n" + log.toString(StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(read.body()).get("statements").intValue()).isEqualTo(2);
      assertThat(afterGet.lines().filter(line -> line.contains("; -- ")).toList())
          .hasSize(2).allSatisfy(line -> assertThat(line).endsWith("; -- replica"));
    }
  }
}
