package dev.backref.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.Driver;

/**
 * An open database: a HikariCP pool on the PostgreSQL named by a JDBC URL, or on an embedded
 * PostgreSQL that this object started and stops. {@link #close()} closes the pool, stops the
 * embedded server and deletes a throwaway data directory, in that order.
 *
 * <p>Thread-safe once open (the pool is); {@link #close()} is idempotent.
 */
final class Database implements AutoCloseable {

  /** The database the app creates inside its embedded server. */
  static final String EMBEDDED_DATABASE = "blog";

  private final HikariDataSource pool;
  private final EmbeddedPostgres embedded;
  private final Path throwawayDirectory;
  private final String location;
  private boolean closed;

  private Database(HikariDataSource pool, EmbeddedPostgres embedded, Path throwawayDirectory, String location) {
    this.pool = pool;
    this.embedded = embedded;
    this.throwawayDirectory = throwawayDirectory;
    this.location = location;
  }

  /**
   * Where the data is.
   *
   * @param url a JDBC URL, or null for embedded PostgreSQL
   * @param dataDir the embedded data directory; null with a URL, or for a throwaway one
   */
  record Settings(String url, String user, String password, Path dataDir) {

    static Settings external(String url, String user, String password) {
      return new Settings(Objects.requireNonNull(url, "url"), user, password, null);
    }

    static Settings embedded(Path dataDir) {
      return new Settings(null, null, null, Objects.requireNonNull(dataDir, "dataDir"));
    }

    static Settings throwaway() {
      return new Settings(null, null, null, null);
    }

    boolean isEmbedded() {
      return url == null;
    }

    @Override
    public String toString() {
      return "Settings[" + (url == null ? "embedded " + (dataDir == null ? "(throwaway)" : dataDir) : redact(url)) + "]";
    }
  }

  /**
   * Opens the database, starting embedded PostgreSQL if {@code settings} name no URL.
   *
   * @param maxPoolSize the most connections the pool opens
   * @throws DatabaseUnavailableException if it cannot be reached or started
   * @throws UsageException if the URL is not a PostgreSQL JDBC URL, or one the driver cannot parse
   */
  static Database open(Settings settings, int maxPoolSize) {
    if (!settings.isEmbedded()) {
      if (!settings.url().startsWith("jdbc:postgresql:")) {
        throw new UsageException(
            "--db-url must be a PostgreSQL JDBC URL such as jdbc:postgresql://localhost:5432/blog, was " + redact(settings.url()));
      }
      if (Driver.parseURL(settings.url(), null) == null) {
        throw new UsageException("--db-url is not a valid PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE, port 1 to 65535), was "
            + redact(settings.url()));
      }
      HikariDataSource pool = pool(settings.url(), settings.user(), settings.password(), maxPoolSize);
      return new Database(pool, null, null, "at " + redact(settings.url()));
    }
    Path throwaway = null;
    EmbeddedPostgres embedded = null;
    try {
      Path dataDir = settings.dataDir();
      if (dataDir == null) {
        throwaway = Files.createTempDirectory("blog-demo-");
        dataDir = throwaway;
      } else {
        Files.createDirectories(dataDir.toAbsolutePath().getParent());
      }
      embedded = startEmbedded(dataDir, throwaway != null);
      createDatabaseIfMissing(embedded);
      String url = "jdbc:postgresql://localhost:" + embedded.getPort() + "/" + EMBEDDED_DATABASE;
      HikariDataSource pool = pool(url, "postgres", null, maxPoolSize);
      String where = throwaway != null ? "in a throwaway data directory" : "in " + dataDir.toAbsolutePath();
      return new Database(pool, embedded, throwaway, where);
    } catch (IOException | RuntimeException e) {
      stop(embedded);
      deleteRecursively(throwaway);
      if (e instanceof DatabaseUnavailableException known) {
        throw known;
      }
      throw new DatabaseUnavailableException("Cannot start embedded PostgreSQL: " + Failures.rootMessage(e), e);
    }
  }

  /** The pooled data source. */
  DataSource dataSource() {
    return pool;
  }

  /** For messages: "embedded PostgreSQL in /home/me/.blog/pgdata" or "PostgreSQL at jdbc:...". */
  String description() {
    return description("");
  }

  /** {@link #description()} with the server version: "embedded PostgreSQL 18.1 in ...". */
  String describeWithVersion() {
    return description(" " + serverVersion());
  }

  private String description(String version) {
    return (embedded != null ? "embedded PostgreSQL" : "PostgreSQL") + version + " " + location;
  }

  /** Whether this is an embedded server the app started. */
  boolean isEmbedded() {
    return embedded != null;
  }

  /** The server's version, for example {@code "18.1"}. */
  String serverVersion() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("show server_version")) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("Cannot read the server version: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pool.close();
    } finally {
      try {
        stop(embedded);
      } finally {
        deleteRecursively(throwawayDirectory);
      }
    }
  }

  private static EmbeddedPostgres startEmbedded(Path dataDir, boolean throwaway) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(throwaway);
    if (throwaway) {
      builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
    }
    try {
      return builder.start();
    } catch (OverlappingFileLockException e) {
      throw inUse(dataDir, e);
    } catch (IllegalStateException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("could not lock")) {
        throw inUse(dataDir, e);
      }
      if (message.contains("initdb")) {
        throw new DatabaseUnavailableException(
            "Cannot create a PostgreSQL data directory in " + dataDir + ": it must be empty or a blog data directory", e);
      }
      throw e;
    }
  }

  /** Another process (tryLock fails) or this one (the lock overlaps) runs a server on {@code dataDir}. */
  private static DatabaseUnavailableException inUse(Path dataDir, RuntimeException e) {
    return new DatabaseUnavailableException(
        "The data directory " + dataDir + " is in use by another blog process (stop it, or use another --data-dir)", e);
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres embedded) {
    try (Connection connection = embedded.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      boolean exists;
      try (ResultSet rows = statement.executeQuery("select 1 from pg_database where datname = '" + EMBEDDED_DATABASE + "'")) {
        exists = rows.next();
      }
      if (!exists) {
        statement.execute("create database " + EMBEDDED_DATABASE);
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("Cannot create the blog database in embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static HikariDataSource pool(String url, String user, String password, int maxPoolSize) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("blog");
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(5_000);
    config.addDataSourceProperty("connectTimeout", "5");
    config.addDataSourceProperty("ApplicationName", "blog");
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      throw new DatabaseUnavailableException("Cannot connect to " + redact(url) + ": " + Failures.rootMessage(e), e);
    }
  }

  private static void stop(EmbeddedPostgres embedded) {
    if (embedded == null) {
      return;
    }
    try {
      embedded.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop embedded PostgreSQL", e);
    }
  }

  private static void deleteRecursively(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete the throwaway data directory " + directory, e);
    }
  }

  /** A URL without its query string, which may carry a password. */
  static String redact(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?...";
  }
}
