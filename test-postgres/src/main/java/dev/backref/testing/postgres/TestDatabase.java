package dev.backref.testing.postgres;

import java.util.Objects;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One database on a {@link PostgresServer}, created for a test (or a build step) and dropped on
 * {@link #close()}.
 *
 * <pre>{@code
 * @MigratedPostgres
 * class UserRepositoryIT {
 *   @Test
 *   void findsUsers(TestDatabase db) {
 *     DataSource dataSource = db.dataSource();
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe; every {@link #dataSource()} call returns a new unpooled data source.
 */
public final class TestDatabase implements AutoCloseable {

  private final PostgresServer server;
  private final String name;

  TestDatabase(PostgresServer server, String name) {
    this.server = Objects.requireNonNull(server, "server");
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The database name. */
  public String name() {
    return name;
  }

  /** The server the database lives on. */
  public PostgresServer server() {
    return server;
  }

  /** A new unpooled data source connecting to this database as the server's admin user. */
  public PGSimpleDataSource dataSource() {
    return server.dataSource(name);
  }

  /** The JDBC URL of this database (user and password not included). */
  public String jdbcUrl() {
    return dataSource().getUrl();
  }

  /** The user to connect as. */
  public String user() {
    return server.user();
  }

  /** The password to connect with; empty when none is needed. */
  public String password() {
    return server.password() == null ? "" : server.password();
  }

  /** Drops the database, terminating connections still open to it. */
  @Override
  public void close() {
    server.dropDatabase(name);
  }

  @Override
  public String toString() {
    return "TestDatabase[" + name + " on " + server.description() + "]";
  }
}
