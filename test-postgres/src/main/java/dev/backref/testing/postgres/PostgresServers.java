package dev.backref.testing.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Finds a PostgreSQL server, trying in order:
 *
 * <ol>
 *   <li>{@link Source#EXPLICIT_URL}: the JDBC URL in system property {@value #URL_PROPERTY} or
 *       environment variable {@value #URL_ENV} (user and password from {@code
 *       backref.test.jdbc.user}/{@code BACKREF_TEST_JDBC_USER} and {@code
 *       backref.test.jdbc.password}/{@code BACKREF_TEST_JDBC_PASSWORD}). If it is set, nothing else
 *       is tried. The user needs the {@code CREATEDB} privilege: every test class gets a database of
 *       its own, dropped afterwards;
 *   <li>{@link Source#TESTCONTAINERS}: a {@code postgres:18} container, when Testcontainers ({@code
 *       org.testcontainers:testcontainers-postgresql}, an optional dependency of this module) is on
 *       the class path and finds Docker. Without it this source is skipped without a Docker probe.
 *       {@value #TESTCONTAINERS_PROPERTY} (or {@value #TESTCONTAINERS_ENV}) set to {@code false}
 *       never tries it; set to {@code true} it is required: if Testcontainers is missing or finds no
 *       Docker, {@link #start} fails saying so instead of going on to the embedded server;
 *   <li>{@link Source#EMBEDDED}: embedded PostgreSQL 18 (zonky), which needs neither Docker nor an
 *       installed server.
 * </ol>
 *
 * <pre>{@code
 * try (PostgresServer server = PostgresServers.start(Source.EXPLICIT_URL, Source.EMBEDDED)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>If nothing starts, {@link #start} throws an {@link IllegalStateException} that says what was
 * tried and why each failed: tests fail, they never skip silently. Thread-safe (stateless).
 */
public final class PostgresServers {

  /** System property holding an explicit JDBC URL. */
  public static final String URL_PROPERTY = "backref.test.jdbc.url";

  /** Environment variable holding an explicit JDBC URL. */
  public static final String URL_ENV = "BACKREF_TEST_JDBC_URL";

  /**
   * System property that turns the Testcontainers source off ({@code false}) or makes it required
   * ({@code true}); unset, it is used when Testcontainers is on the class path and finds Docker.
   */
  public static final String TESTCONTAINERS_PROPERTY = "backref.test.testcontainers";

  /** Environment variable read when {@value #TESTCONTAINERS_PROPERTY} is not set. */
  public static final String TESTCONTAINERS_ENV = "BACKREF_TEST_TESTCONTAINERS";

  /** The Docker image Testcontainers starts. */
  public static final String IMAGE = "postgres:18";

  /** Where a server may come from. */
  public enum Source {
    /** A server named by JDBC URL. */
    EXPLICIT_URL,
    /** A Docker container, through Testcontainers. */
    TESTCONTAINERS,
    /** Embedded PostgreSQL binaries started as a child process. */
    EMBEDDED
  }

  private PostgresServers() {}

  /**
   * Starts (or connects to) the first server that works among {@code sources}, in the order of
   * {@link Source}.
   *
   * @throws IllegalStateException if none works; the message lists each attempt
   */
  public static PostgresServer start(Source... sources) {
    Set<Source> allowed = EnumSet.noneOf(Source.class);
    allowed.addAll(Arrays.asList(sources));
    List<String> attempts = new ArrayList<>();

    String url = setting(URL_PROPERTY, URL_ENV);
    if (allowed.contains(Source.EXPLICIT_URL)) {
      if (url != null) {
        return explicit(url);
      }
      attempts.add("explicit JDBC URL: not set (" + URL_PROPERTY + " / " + URL_ENV + ")");
    }
    if (allowed.contains(Source.TESTCONTAINERS)) {
      String wanted = setting(TESTCONTAINERS_PROPERTY, TESTCONTAINERS_ENV);
      String failure;
      if ("false".equalsIgnoreCase(wanted)) {
        failure = "disabled by " + TESTCONTAINERS_PROPERTY + "=false";
      } else if (!testcontainersOnClassPath()) {
        // Nothing of Testcontainers is loaded on this path, so Docker is not probed either.
        failure = "not on the class path (add the test dependency " + TestcontainersServer.DEPENDENCY + " to use Docker)";
      } else {
        try {
          if (TestcontainersServer.dockerAvailable()) {
            return TestcontainersServer.start();
          }
          failure = "no Docker environment available";
        } catch (RuntimeException | LinkageError e) {
          failure = e.toString();
        }
      }
      if ("true".equalsIgnoreCase(wanted)) {
        throw new IllegalStateException(
            "Testcontainers is required (" + TESTCONTAINERS_PROPERTY + "=true or " + TESTCONTAINERS_ENV
                + "=true) but could not start PostgreSQL: " + failure);
      }
      attempts.add("Testcontainers: " + failure);
    }
    if (allowed.contains(Source.EMBEDDED)) {
      try {
        return new EmbeddedServer();
      } catch (IOException | RuntimeException e) {
        attempts.add("embedded PostgreSQL: " + e);
      }
    }
    throw new IllegalStateException(
        "No PostgreSQL server could be started. Tried: "
            + String.join("; ", attempts)
            + ". Set "
            + URL_ENV
            + " (and BACKREF_TEST_JDBC_USER / BACKREF_TEST_JDBC_PASSWORD) to use your own server.");
  }

  /**
   * Whether Testcontainers' PostgreSQL module is on the class path. Looks the class up by name
   * without initializing it; nothing else of Testcontainers is touched.
   */
  static boolean testcontainersOnClassPath() {
    try {
      Class.forName(TestcontainersServer.PROBE_CLASS, false, PostgresServers.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static String setting(String property, String env) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static PostgresServer explicit(String url) {
    ExplicitServer server =
        new ExplicitServer(
            url,
            setting("backref.test.jdbc.user", "BACKREF_TEST_JDBC_USER"),
            setting("backref.test.jdbc.password", "BACKREF_TEST_JDBC_PASSWORD"));
    try (Connection ignored = server.dataSource(server.adminDatabase()).getConnection()) {
      return server;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot connect to the PostgreSQL at " + url + " (from " + URL_PROPERTY + " / " + URL_ENV
              + "): " + e.getMessage(),
          e);
    }
  }

  private static final class ExplicitServer extends PostgresServer {
    private final String url;
    private final String user;
    private final String password;
    private final String adminDatabase;

    ExplicitServer(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
      PGSimpleDataSource parsed = new PGSimpleDataSource();
      parsed.setUrl(url);
      String database = parsed.getDatabaseName();
      this.adminDatabase = database == null || database.isEmpty() ? "postgres" : database;
    }

    @Override
    public String description() {
      return "PostgreSQL at " + url;
    }

    @Override
    String baseUrl() {
      return url;
    }

    @Override
    String adminDatabase() {
      return adminDatabase;
    }

    @Override
    String user() {
      return user;
    }

    @Override
    String password() {
      return password;
    }

    @Override
    public void close() {}
  }

  private static final class EmbeddedServer extends PostgresServer {
    private final EmbeddedPostgres postgres;

    EmbeddedServer() throws IOException {
      postgres =
          EmbeddedPostgres.builder()
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .setServerConfig("max_connections", "200")
              .start();
    }

    @Override
    public String description() {
      return "embedded PostgreSQL on port " + postgres.getPort();
    }

    @Override
    String baseUrl() {
      return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    @Override
    String adminDatabase() {
      return "postgres";
    }

    @Override
    String user() {
      return "postgres";
    }

    @Override
    String password() {
      return null;
    }

    @Override
    public void close() {
      try {
        postgres.close();
      } catch (IOException e) {
        // The server process is gone either way; nothing left to release.
      }
    }
  }
}
