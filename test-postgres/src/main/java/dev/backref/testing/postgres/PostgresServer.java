package dev.backref.testing.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A running PostgreSQL server on which databases can be created and dropped: an explicit server,
 * a Testcontainers container or an embedded one. Obtain one with {@link PostgresServers#start}.
 *
 * <pre>{@code
 * try (PostgresServer server = PostgresServers.start(PostgresServers.Source.values());
 *      TestDatabase db = server.createDatabase()) {
 *   Migrations.of(db.dataSource()).migrate();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it stops what it started (a container or an embedded server) and leaves an
 * explicit server running.
 */
public abstract class PostgresServer implements AutoCloseable {

  private static final AtomicInteger DATABASE_COUNTER = new AtomicInteger();

  private final String runId = UUID.randomUUID().toString().substring(0, 8);

  PostgresServer() {}

  /** A human-readable description, for example {@code "embedded PostgreSQL on port 5433"}. */
  public abstract String description();

  /** A data source for {@code database} on this server, as its admin user. */
  public final PGSimpleDataSource dataSource(String database) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(baseUrl());
    dataSource.setDatabaseName(database);
    if (user() != null && !user().isEmpty()) {
      dataSource.setUser(user());
    }
    if (password() != null && !password().isEmpty()) {
      dataSource.setPassword(password());
    }
    return dataSource;
  }

  /** Creates a new, empty database with a unique name; close it to drop it. */
  public final TestDatabase createDatabase() {
    return createDatabase(null);
  }

  /**
   * Creates a new database with a unique name as a copy of {@code template} (which must have no open
   * connections); close it to drop it.
   */
  public final TestDatabase createDatabase(String template) {
    String name = uniqueName("backref_test");
    String sql =
        "CREATE DATABASE " + quote(name) + (template == null ? "" : " TEMPLATE " + quote(template));
    execute(sql);
    return new TestDatabase(this, name);
  }

  /** A database name not used before in this JVM nor, with high probability, by another run. */
  final String uniqueName(String prefix) {
    return prefix + "_" + runId + "_" + DATABASE_COUNTER.incrementAndGet();
  }

  final void dropDatabase(String name) {
    execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
  }

  final void execute(String sql) {
    try (Connection connection = dataSource(adminDatabase()).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not run \"" + sql + "\" on " + description() + ": " + e.getMessage(), e);
    }
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The JDBC URL of the admin database, the one databases are created from. */
  abstract String baseUrl();

  abstract String adminDatabase();

  abstract String user();

  abstract String password();

  /** Stops what this server started; never throws. */
  @Override
  public abstract void close();
}
