package dev.backref.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The {@link PgBouncer} fixture starts a real PgBouncer, pools through it, and leaves nothing behind. */
@MigratedPostgres
class PgBouncerIT {

  @Test
  void transactionPoolingSharesOneServerConnectionBetweenClients(PostgresServer server, TestDatabase database) throws Exception {
    try (PgBouncer bouncer = PgBouncer.builder(server).poolMode(PgBouncer.PoolMode.TRANSACTION).defaultPoolSize(1).start();
        Connection first = connect(bouncer, database, "prepareThreshold=0");
        Connection second = connect(bouncer, database, "prepareThreshold=0")) {
      assertThat(bouncer.version()).startsWith("PgBouncer ");
      assertThat(bouncer.isRunning()).isTrue();

      // Two clients, one server connection: both are served by the same PostgreSQL backend.
      assertThat(backendPid(first)).isEqualTo(backendPid(second));
      assertThat(scalar(first, "select current_database()")).isEqualTo(database.name());
      assertThat(scalar(second, "select current_setting('server_version_num')::int >= 180000")).isEqualTo("t");
    }
  }

  @Test
  void sessionPoolingKeepsAServerConnectionPerClient(PostgresServer server, TestDatabase database) throws Exception {
    try (PgBouncer bouncer = PgBouncer.builder(server).poolMode(PgBouncer.PoolMode.SESSION).defaultPoolSize(2).start();
        Connection first = connect(bouncer, database, "");
        Connection second = connect(bouncer, database, "")) {
      assertThat(backendPid(first)).isNotEqualTo(backendPid(second));
    }
  }

  @Test
  void closeStopsTheProcessAndDeletesItsDirectory(PostgresServer server) throws Exception {
    PgBouncer bouncer = PgBouncer.start(server, PgBouncer.PoolMode.TRANSACTION);
    long pid = pgbouncerChild(bouncer);
    Path directory = ProcessHandle.of(pid).flatMap(handle -> handle.info().arguments())
        .map(args -> Path.of(args[args.length - 1]).getParent())
        .orElseThrow();
    assertThat(directory.resolve("pgbouncer.ini")).exists();

    bouncer.close();

    assertThat(bouncer.isRunning()).isFalse();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(directory).doesNotExist();
    bouncer.close();   // a second close does nothing
  }

  /**
   * pgjdbc 42.7 sends no start-up parameter that PgBouncer does not track (it sets {@code
   * extra_float_digits} only for servers older than 12, after connecting), so an untuned PgBouncer
   * takes its connections, {@code ApplicationName} included: PgBouncer tracks {@code
   * application_name} per client.
   */
  @Test
  void theJdbcDriverConnectsWithoutIgnoreStartupParameters(PostgresServer server, TestDatabase database) throws Exception {
    try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.PoolMode.TRANSACTION);
        Connection connection = connect(bouncer, database, "prepareThreshold=0&ApplicationName=backref-it")) {
      assertThat(scalar(connection, "show application_name")).isEqualTo("backref-it");
    }
  }

  /**
   * {@code currentSchema} (sent as the start-up parameter {@code search_path}) and {@code options}
   * are refused by PgBouncer 1.18 unless listed in {@code ignore_startup_parameters}, which drops
   * them: set them on the role or database instead.
   */
  @Test
  void startUpParametersPgBouncerDoesNotTrackAreRefused(PostgresServer server, TestDatabase database) {
    try (PgBouncer bouncer = PgBouncer.start(server, PgBouncer.PoolMode.TRANSACTION)) {
      assertThatThrownBy(() -> connect(bouncer, database, "prepareThreshold=0&currentSchema=public").close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("unsupported startup parameter: search_path");
      assertThatThrownBy(() -> connect(bouncer, database, "prepareThreshold=0&options=-c%20statement_timeout=5s").close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("unsupported startup parameter: options");
    }
  }

  @Test
  void aMissingBinaryFailsSayingHowToInstallIt() {
    String previous = System.getProperty(PgBouncer.BINARY_PROPERTY);
    System.setProperty(PgBouncer.BINARY_PROPERTY, "/nonexistent/pgbouncer");
    try {
      assertThatThrownBy(() -> PgBouncer.start("127.0.0.1", 5432, "postgres", null, PgBouncer.PoolMode.TRANSACTION))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("/nonexistent/pgbouncer");
    } finally {
      if (previous == null) {
        System.clearProperty(PgBouncer.BINARY_PROPERTY);
      } else {
        System.setProperty(PgBouncer.BINARY_PROPERTY, previous);
      }
    }
  }

  @Test
  void theInstalledBinaryIsFound() {
    assertThat(PgBouncer.binary()).as("pgbouncer must be installed (.ci/run installs it)").satisfies(path -> assertThat(Files.isExecutable(path)).isTrue());
  }

  private static Connection connect(PgBouncer bouncer, TestDatabase database, String parameters) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", bouncer.user());
    properties.setProperty("connectTimeout", "10");
    properties.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(bouncer.jdbcUrl(database) + (parameters.isEmpty() ? "" : "?" + parameters), properties);
  }

  private static int backendPid(Connection connection) throws SQLException {
    return Integer.parseInt(scalar(connection, "select pg_backend_pid()"));
  }

  private static String scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The pid of the pgbouncer child process of this JVM: the one started for the test. */
  private static long pgbouncerChild(PgBouncer bouncer) {
    return ProcessHandle.current().children()
        .filter(child -> child.info().command().map(command -> command.endsWith("pgbouncer")).orElse(false))
        .filter(child -> child.info().arguments().map(args -> args.length > 0).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no pgbouncer child process of this JVM for " + bouncer))
        .pid();
  }
}
