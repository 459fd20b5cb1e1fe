package dev.backref.testing.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import javax.sql.DataSource;
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
 *     DataSource dataSource = db.dataSource();   // pooled, closed with db
 *   }
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #dataSource()} is one HikariCP pool per database, as an application would
 * use: code that borrows a connection for every statement or lazy load reuses the pool's
 * connections instead of opening a new one each time.
 */
public final class TestDatabase implements AutoCloseable {

  /** The most connections {@link #dataSource()} opens to one database. */
  public static final int MAXIMUM_POOL_SIZE = 10;

  private final PostgresServer server;
  private final String name;
  private HikariDataSource pool;
  private boolean closed;

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

  /**
   * The pooled data source of this database, connecting as the server's admin user: a HikariCP pool
   * of at most {@value #MAXIMUM_POOL_SIZE} connections that opens them when first needed and closes
   * them when idle for 10 seconds. Every call returns the same pool; {@link #close()} closes it. Do
   * not close it yourself.
   *
   * @throws IllegalStateException if this database was closed
   */
  public synchronized DataSource dataSource() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
    if (pool == null) {
      HikariConfig config = new HikariConfig();
      config.setDataSource(unpooledDataSource());
      config.setPoolName("backref-test-" + name);
      config.setMaximumPoolSize(MAXIMUM_POOL_SIZE);
      config.setMinimumIdle(0);
      config.setIdleTimeout(10_000);
      pool = new HikariDataSource(config);
    }
    return pool;
  }

  /**
   * A new unpooled data source for this database, as the server's admin user: every {@code
   * getConnection()} opens a connection of its own. For tests about connections themselves (what
   * happens when the database is gone, say); other code should use {@link #dataSource()}.
   */
  public PGSimpleDataSource unpooledDataSource() {
    return server.dataSource(name);
  }

  /** The JDBC URL of this database (user and password not included). */
  public String jdbcUrl() {
    return unpooledDataSource().getUrl();
  }

  /** The user to connect as. */
  public String user() {
    return server.user();
  }

  /** The password to connect with; empty when none is needed. */
  public String password() {
    return server.password() == null ? "" : server.password();
  }

  /** Closes the pool of {@link #dataSource()}, then drops the database, terminating connections still open to it. */
  @Override
  public void close() {
    HikariDataSource open;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      open = pool;
      pool = null;
    }
    try {
      if (open != null) {
        open.close();
      }
    } finally {
      server.dropDatabase(name);
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + name + " on " + server.description() + "]";
  }
}
