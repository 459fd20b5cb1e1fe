package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL that stops answering: its postmaster and backends are stopped with SIGSTOP (and
 * continued in a {@code finally}). The kernel still accepts connections, so only the app's timeouts
 * end the wait. A server of this class's own, so that freezing it disturbs no other test.
 */
class FrozenPostgresIT {

  static final Duration MARGIN = Duration.ofSeconds(3);

  @TempDir static Path dataDir;
  static EmbeddedPostgres postgres;
  static String url;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
        .setServerConfig("fsync", "off").start();
    url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    Cli.Result migrated = blog("users", "create", "frozen-fay");
    assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  static Cli.Result blog(String... args) {
    List<String> all = new ArrayList<>(List.of("--db-url", url, "--db-user", "postgres"));
    all.addAll(List.of(args));
    return Cli.run(Map.of(), all);
  }

  @Test
  void aFrozenServerIsNoAnswerWithinTheConnectTimeout() throws Exception {
    Cli.Result result;
    Duration took;
    Set<Long> frozen = PostgresProcesses.freeze(dataDir);
    try {
      long start = System.nanoTime();
      result = blog("users", "list", "--db-connect-timeout", "2s");
      took = Duration.ofNanos(System.nanoTime() - start);
    } finally {
      PostgresProcesses.thaw(frozen);
    }

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(result.err()).isEqualTo("blog: Cannot connect to " + url + ": no answer within 2s (--db-connect-timeout)" + System.lineSeparator());
    assertThat(took).isLessThan(Duration.ofSeconds(2).plus(MARGIN));
  }

  /**
   * The command's UPDATE waits for a row lock; the server freezes before its 2s statement timeout
   * can cancel it, so the command's socket timeout (2s + 2s) ends the wait.
   */
  @Test
  void aServerThatFreezesDuringAStatementIsNoAnswerWithinTheSocketTimeout() throws Exception {
    DataSource admin = postgres.getPostgresDatabase();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (Connection locker = admin.getConnection(); Statement lock = locker.createStatement();
        Connection watcher = admin.getConnection()) {
      locker.setAutoCommit(false);
      lock.execute("select id from users where username = 'frozen-fay' for update");
      Future<Cli.Result> renaming = runner.submit(() -> blog("users", "rename", "frozen-fay", "fay", "--db-timeout", "2s"));
      awaitBlockedUpdate(watcher);

      Cli.Result result;
      Duration took;
      Set<Long> frozen = PostgresProcesses.freeze(dataDir);
      try {
        long frozenAt = System.nanoTime();
        result = renaming.get(30, TimeUnit.SECONDS);
        took = Duration.ofNanos(System.nanoTime() - frozenAt);
      } finally {
        PostgresProcesses.thaw(frozen);
      }
      locker.rollback();

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(result.err()).isEqualTo("blog: database did not answer within 4s (--db-timeout 2s + 2s): Read timed out" + System.lineSeparator());
      assertThat(took).isLessThan(Duration.ofSeconds(4).plus(MARGIN));
    } finally {
      runner.shutdownNow();
      assertThat(runner.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aSocketTimeoutIsATimeoutAndSaysWhichOne() throws Exception {
    Database.Timeouts timeouts = Database.Timeouts.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1));
    try (Database database = Database.open(Database.Settings.external(url, "postgres", null), 1, timeouts, notice -> {});
        Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      SQLException failure;
      Duration took;
      Set<Long> frozen = PostgresProcesses.freeze(dataDir);
      try {
        long start = System.nanoTime();
        failure = catchThrowableOfType(SQLException.class, () -> statement.executeQuery("select 1"));
        took = Duration.ofNanos(System.nanoTime() - start);
      } finally {
        PostgresProcesses.thaw(frozen);
      }

      assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(3).plus(MARGIN));
      assertThat(Failures.isTimeout(failure)).as("%s", failure).isTrue();
      assertThat(Failures.isPoolExhausted(failure)).isFalse();
      assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(Failures.message(failure, timeouts, BlogCommand.TIMEOUT_OPTION))
          .isEqualTo("database did not answer within 3s (--db-timeout 1s + 2s): Read timed out");
    }
  }

  /** Waits (at most 20 s) until a connection of the app waits for a lock. */
  private static void awaitBlockedUpdate(Connection watcher) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Statement statement = watcher.createStatement();
          ResultSet rows = statement.executeQuery(
              "select count(*) from pg_stat_activity where application_name = 'blog' and wait_event_type = 'Lock'")) {
        rows.next();
        if (rows.getInt(1) > 0) {
          return;
        }
      }
      assertThat(System.nanoTime()).as("the command's UPDATE waits for the lock").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
