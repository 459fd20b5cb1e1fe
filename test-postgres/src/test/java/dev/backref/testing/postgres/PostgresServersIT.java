package dev.backref.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@MigratedPostgres
@DisabledIfSystemProperty(
    named = MigratedPostgresExtension.MIGRATIONS_PROPERTY,
    matches = ".*\\S.*",
    disabledReason = "migrates this module's toy schema, to which the backref migration sets do not apply")
class PostgresServersIT {

  @Test
  void theClassDatabaseIsACopyOfTheMigratedTemplate(TestDatabase database) throws Exception {
    assertThat(Marks.owners(database)).isEmpty();
    assertThat(tableExists(database, "flyway_schema_history")).isTrue();
  }

  @Test
  void createdDatabasesAreDroppedOnClose(PostgresServer server) throws Exception {
    TestDatabase scratch = server.createDatabase();
    String name = scratch.name();
    assertThat(databaseExists(server, name)).isTrue();

    scratch.close();

    assertThat(databaseExists(server, name)).isFalse();
  }

  @Test
  void runsRealPostgresEighteenOrNewer(TestDatabase database) throws Exception {
    try (Connection connection = database.dataSource().getConnection()) {
      assertThat(connection.getMetaData().getDatabaseMajorVersion()).isGreaterThanOrEqualTo(18);
    }
  }

  @Test
  void whenNothingCanStartTheErrorSaysWhatWasTried() {
    String previous = System.getProperty(PostgresServers.URL_PROPERTY);
    System.clearProperty(PostgresServers.URL_PROPERTY);
    try {
      if (System.getenv(PostgresServers.URL_ENV) == null) {
        assertThatThrownBy(() -> PostgresServers.start(PostgresServers.Source.EXPLICIT_URL))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("No PostgreSQL server could be started")
            .hasMessageContaining("explicit JDBC URL: not set");
      }
      System.setProperty(PostgresServers.URL_PROPERTY, "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2");
      assertThatThrownBy(() -> PostgresServers.start(PostgresServers.Source.values()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Cannot connect to the PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere");
    } finally {
      if (previous == null) {
        System.clearProperty(PostgresServers.URL_PROPERTY);
      } else {
        System.setProperty(PostgresServers.URL_PROPERTY, previous);
      }
    }
  }

  private static boolean tableExists(TestDatabase database, String table) throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = '" + table + "'")) {
      rows.next();
      return rows.getLong(1) == 1;
    }
  }

  private static boolean databaseExists(PostgresServer server, String name) throws Exception {
    try (Connection connection = server.dataSource("postgres").getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
      rows.next();
      return rows.getLong(1) == 1;
    }
  }
}
