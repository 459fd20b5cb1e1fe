package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.net.ConnectException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * The timeouts on every connection the app opens, and how their failures are told apart, from real
 * exceptions: a full pool against a database that answers, a pool that cannot connect, a statement
 * canceled at statement_timeout, a listener that accepts and never answers.
 */
@MigratedPostgres
class DatabaseTimeoutsIT {

  /** What a command may take beyond the timeout it reports: JVM work, migrations, closing the pool. */
  static final Duration MARGIN = Duration.ofSeconds(3);

  static Database open(TestDatabase db, String url, int poolSize, Database.Timeouts timeouts) {
    return Database.open(Database.Settings.external(url, db.user(), db.password()), poolSize, timeouts, notice -> {});
  }

  static String show(Connection connection, String setting) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("show " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  @Test
  void everyPooledConnectionHasTheStatementTimeoutAndTheSocketTimeoutItWasOpenedWith(TestDatabase db) throws SQLException {
    Database.Timeouts timeouts = Database.Timeouts.of(Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(1));

    try (Database database = open(db, db.jdbcUrl(), 1, timeouts); Connection connection = database.dataSource().getConnection()) {
      assertThat(database.timeouts()).isEqualTo(timeouts);
      assertThat(timeouts.socket()).isEqualTo(Duration.ofMillis(3500));
      assertThat(show(connection, "statement_timeout")).as("sent as a startup option").isEqualTo("1500ms");
      assertThat(connection.getNetworkTimeout()).as("pgjdbc's socketTimeout, whole seconds").isEqualTo(4000);
    }
  }

  @Test
  void optionsInTheUrlAreKeptAndTheStatementTimeoutIsSetAllTheSame(TestDatabase db) throws SQLException {
    String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "options=-c%20search_path%3Dpublic,pg_catalog";

    try (Database database = open(db, url, 1, Database.Timeouts.DEFAULTS); Connection connection = database.dataSource().getConnection()) {
      assertThat(show(connection, "search_path")).isEqualTo("public,pg_catalog");
      assertThat(show(connection, "statement_timeout")).isEqualTo("5s");
    }
  }

  @Test
  void longerStatementsLastWhileTheConnectionIsBorrowedOnly(TestDatabase db) throws SQLException {
    Database.Timeouts timeouts = Database.Timeouts.of(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(1));

    // One connection in the pool: the second borrow gets the same one back.
    try (Database database = open(db, db.jdbcUrl(), 1, timeouts)) {
      try (Connection connection = database.dataSource(Duration.ofMinutes(30)).getConnection()) {
        assertThat(show(connection, "statement_timeout")).isEqualTo("30min");
        assertThat(connection.getNetworkTimeout()).isEqualTo((30 * 60 + 2) * 1000);
        connection.setAutoCommit(false);
        show(connection, "server_version");
        // closed inside a transaction: the rollback on close must not undo the restored timeout
      }
      try (Connection connection = database.dataSource().getConnection()) {
        assertThat(show(connection, "statement_timeout")).isEqualTo("2s");
        assertThat(connection.getNetworkTimeout()).isEqualTo(4000);
        assertThat(connection.getAutoCommit()).isTrue();
      }
    }
  }

  @Test
  void aFullPoolIsBusyNotUnavailable(TestDatabase db) throws SQLException {
    Database.Timeouts timeouts = Database.Timeouts.of(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(250));

    try (Database database = open(db, db.jdbcUrl(), 1, timeouts); Connection held = database.dataSource().getConnection()) {
      SQLException direct = catchThrowableOfType(SQLException.class, () -> database.dataSource().getConnection());
      DataAccessException viaJooq = catchThrowableOfType(DataAccessException.class,
          () -> DSL.using(database.dataSource(), SQLDialect.POSTGRES).fetch("select 1"));

      assertThat(held.isValid(1)).as("the database answers all along").isTrue();
      assertThat((Throwable) direct).isInstanceOf(SQLTransientConnectionException.class).hasNoCause();
      for (Throwable failure : List.of(direct, viaJooq)) {
        assertThat(Failures.isPoolExhausted(failure)).as("%s", failure).isTrue();
        assertThat(Failures.isConnectionFailure(failure)).as("%s", failure).isFalse();
        assertThat(Failures.isTimeout(failure)).as("%s", failure).isFalse();
        assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      }
      assertThat(Failures.message(viaJooq, timeouts, BlogCommand.TIMEOUT_OPTION))
          .startsWith("database busy: no connection of the pool was free within 250ms (--db-pool-wait): "
              + "blog - Connection is not available, request timed out after ")
          .contains("(total=1, active=1, idle=0");
      assertThat(Failures.message(viaJooq)).startsWith("database busy: no connection of the pool was free in time: blog - ");
    }
  }

  @Test
  void aPoolThatCannotConnectIsUnavailableNotBusy() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/blog");
    config.setConnectionTimeout(500);
    config.setInitializationFailTimeout(-1);
    config.setPoolName("unreachable");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      SQLException failure = catchThrowableOfType(SQLException.class, pool::getConnection);

      assertThat((Throwable) failure).isInstanceOf(SQLTransientConnectionException.class).hasRootCauseInstanceOf(ConnectException.class);
      assertThat(Failures.isPoolExhausted(failure)).isFalse();
      assertThat(Failures.isTimeout(failure)).isFalse();
      assertThat(Failures.isConnectionFailure(failure)).isTrue();
      assertThat(Failures.message(failure, Database.Timeouts.DEFAULTS, BlogCommand.TIMEOUT_OPTION))
          .isEqualTo("database unavailable: Connection refused");
    }
  }

  @Test
  void aStatementOverTheStatementTimeoutIsCanceledByTheServer(TestDatabase db) {
    Database.Timeouts timeouts = Database.Timeouts.of(Duration.ofMillis(300), Duration.ofSeconds(5), Duration.ofSeconds(1));

    try (Database database = open(db, db.jdbcUrl(), 1, timeouts)) {
      long start = System.nanoTime();
      DataAccessException failure = catchThrowableOfType(DataAccessException.class,
          () -> DSL.using(database.dataSource(), SQLDialect.POSTGRES).fetch("select pg_sleep(10)"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofMillis(300).plus(MARGIN));
      assertThat(Failures.isTimeout(failure)).isTrue();
      assertThat(Failures.isPoolExhausted(failure)).isFalse();
      assertThat(Failures.isConnectionFailure(failure)).isFalse();
      assertThat(Failures.exitCode(failure)).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(Failures.message(failure, timeouts, BlogCommand.TIMEOUT_OPTION))
          .isEqualTo("database did not answer within 300ms (--db-timeout): ERROR: canceling statement due to statement timeout");
      assertThat(Failures.message(failure))
          .isEqualTo("database did not answer in time: ERROR: canceling statement due to statement timeout");
    }
  }

  @Test
  void aWriteBlockedByALockExitsSevenAtTheStatementTimeout(TestDatabase db) throws SQLException {
    assertThat(Cli.run(db, "users", "create", "locked-lee").exitCode()).isZero();
    try (Connection locker = db.dataSource().getConnection(); Statement statement = locker.createStatement()) {
      locker.setAutoCommit(false);
      statement.execute("select id from users where username = 'locked-lee' for update");

      long start = System.nanoTime();
      Cli.Result result = Cli.run(db, "users", "rename", "locked-lee", "free-lee", "--db-timeout", "1s");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      locker.rollback();

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(result.err()).isEqualTo(
          "blog: database did not answer within 1s (--db-timeout): ERROR: canceling statement due to statement timeout" + System.lineSeparator());
      assertThat(took).isLessThan(Duration.ofSeconds(1).plus(MARGIN));
    }
    assertThat(Cli.run(db, "users", "rename", "locked-lee", "free-lee").exitCode()).as("the lock is gone").isZero();
  }

  /**
   * While users are locked against writes for 2.5 s, a write under a 1s --db-timeout gives up, and
   * seed, which runs under --db-bulk-timeout, waits and succeeds.
   */
  @Test
  void seedRunsUnderTheBulkTimeoutNotTheStatementTimeout(TestDatabase db) throws Exception {
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (Connection locker = db.dataSource().getConnection(); Statement statement = locker.createStatement()) {
      locker.setAutoCommit(false);
      statement.execute("lock table users in exclusive mode");
      long lockedAt = System.nanoTime();

      Cli.Result create = Cli.run(db, "users", "create", "waiting-will", "--db-timeout", "1s");
      Future<Cli.Result> seeding = runner.submit(() -> Cli.run(db, "seed", "--users", "2", "--posts-per-user", "1", "--tags", "1",
          "--db-timeout", "1s", "--db-bulk-timeout", "1m"));
      Thread.sleep(Math.max(0, 2500 - Duration.ofNanos(System.nanoTime() - lockedAt).toMillis()));
      assertThat(seeding.isDone()).as("seed waits for the lock").isFalse();
      locker.rollback();
      Cli.Result seeded = seeding.get(30, TimeUnit.SECONDS);

      assertThat(create.exitCode()).as(create.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(create.err()).startsWith("blog: database did not answer within 1s (--db-timeout): ");
      assertThat(seeded.exitCode()).as(seeded.toString()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - lockedAt)).isGreaterThan(Duration.ofMillis(2500));
    } finally {
      runner.shutdownNow();
      assertThat(runner.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aListenerThatNeverAnswersExitsSevenAtTheConnectTimeout() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      long start = System.nanoTime();
      Cli.Result byDefault = Cli.run(Map.of(), List.of("--db-url", silent.jdbcUrl(), "users", "list"));
      Duration tookByDefault = Duration.ofNanos(System.nanoTime() - start);
      start = System.nanoTime();
      Cli.Result fromEnvironment = Cli.run(Map.of("BLOG_DB_CONNECT_TIMEOUT", "2s"), List.of("--db-url", silent.jdbcUrl(), "users", "list"));
      Duration tookFromEnvironment = Duration.ofNanos(System.nanoTime() - start);

      assertThat(silent.accepted()).isPositive();
      assertThat(byDefault.exitCode()).as(byDefault.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(byDefault.err()).isEqualTo(
          "blog: Cannot connect to " + silent.jdbcUrl() + ": no answer within 5s (--db-connect-timeout)" + System.lineSeparator());
      assertThat(tookByDefault).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(5).plus(MARGIN));
      assertThat(fromEnvironment.exitCode()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(fromEnvironment.err()).isEqualTo(
          "blog: Cannot connect to " + silent.jdbcUrl() + ": no answer within 2s (--db-connect-timeout)" + System.lineSeparator());
      assertThat(tookFromEnvironment).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(2).plus(MARGIN));
    }
  }
}
