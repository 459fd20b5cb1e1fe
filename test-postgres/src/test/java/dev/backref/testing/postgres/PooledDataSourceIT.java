package dev.backref.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@link TestDatabase#dataSource()} is a pool: connections go back to it and are handed out again. */
@MigratedPostgres
class PooledDataSourceIT {

  @Test
  void theParameterIsTheDatabasesPool(DataSource dataSource, TestDatabase database) {
    assertThat(dataSource).isSameAs(database.dataSource());
  }

  @Test
  void connectionsBorrowedOneAfterAnotherAreOneBackend(PostgresServer server) throws Exception {
    try (TestDatabase database = server.createDatabase()) {
      Set<Integer> backends = new HashSet<>();
      for (int i = 0; i < 20; i++) {   // as 20 lazy loads would, one after another
        try (Connection connection = database.dataSource().getConnection()) {
          backends.add(backendPid(connection));
        }
      }

      assertThat(backends).hasSize(1);
      assertThat(backends(server, database)).isEqualTo(1);
    }
  }

  @Test
  void connectionsHeldAtOnceAreSeparateAndComeBack(PostgresServer server) throws Exception {
    try (TestDatabase database = server.createDatabase()) {
      int first;
      int second;
      try (Connection a = database.dataSource().getConnection(); Connection b = database.dataSource().getConnection()) {
        first = backendPid(a);
        second = backendPid(b);
        assertThat(first).isNotEqualTo(second);
      }
      Set<Integer> again = new HashSet<>();
      try (Connection a = database.dataSource().getConnection(); Connection b = database.dataSource().getConnection()) {
        again.add(backendPid(a));
        again.add(backendPid(b));
      }

      assertThat(again).containsExactlyInAnyOrder(first, second);
      assertThat(backends(server, database)).isEqualTo(2);
    }
  }

  @Test
  void theUnpooledDataSourceOpensAConnectionEachTime(PostgresServer server) throws Exception {
    try (TestDatabase database = server.createDatabase()) {
      int first;
      try (Connection connection = database.unpooledDataSource().getConnection()) {
        first = backendPid(connection);
      }
      try (Connection connection = database.unpooledDataSource().getConnection()) {
        assertThat(backendPid(connection)).isNotEqualTo(first);
      }
    }
  }

  @Test
  void closingTheDatabaseClosesItsPoolFirst(PostgresServer server) throws Exception {
    TestDatabase database = server.createDatabase();
    DataSource pool = database.dataSource();
    try (Connection connection = pool.getConnection()) {
      assertThat(connection.isValid(1)).isTrue();
    }

    database.close();
    database.close();   // a second close does nothing

    assertThatThrownBy(pool::getConnection).isInstanceOf(SQLException.class);
    assertThatThrownBy(database::dataSource).isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
      row.next();
      return row.getInt(1);
    }
  }

  /** Backends connected to the database, counted from the server's admin database. */
  private static long backends(PostgresServer server, TestDatabase database) throws SQLException {
    try (Connection admin = server.dataSource(server.adminDatabase()).getConnection();
        PreparedStatement count = admin.prepareStatement("select count(*) from pg_stat_activity where datname = ?")) {
      count.setString(1, database.name());
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
