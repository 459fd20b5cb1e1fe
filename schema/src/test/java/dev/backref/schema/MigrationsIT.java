package dev.backref.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@MigratedPostgres
class MigrationsIT {

  @Test
  void migrateAppliesEveryMigrationToAnEmptyDatabase(PostgresServer server) throws SQLException {
    try (TestDatabase empty = server.createDatabase()) {
      Migrations migrations = Migrations.of(empty.dataSource());
      assertThat(migrations.pending()).extracting(MigrationStatus::version).containsExactly("1", "2", "3", "4");

      MigrationReport report = migrations.migrate();

      assertThat(report.initialVersion()).isEmpty();
      assertThat(report.currentVersion()).contains("4");
      assertThat(report.applied())
          .extracting(MigrationReport.Applied::version, MigrationReport.Applied::description)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("1", "create users"),
              org.assertj.core.groups.Tuple.tuple("2", "create posts"),
              org.assertj.core.groups.Tuple.tuple("3", "create tags"),
              org.assertj.core.groups.Tuple.tuple("4", "name rules"));
      assertThat(tables(empty.dataSource())).contains("users", "posts", "tags", "post_tags");
      assertThat(migrations.info())
          .extracting(MigrationStatus::state)
          .containsOnly(MigrationStatus.State.APPLIED);
      assertThat(migrations.info()).allSatisfy(status -> assertThat(status.installedOn()).isPresent());
    }
  }

  @Test
  void migratingAnUpToDateDatabaseIsANoOp(PostgresServer server) {
    try (TestDatabase database = server.createDatabase()) {
      Migrations migrations = Migrations.of(database.dataSource());
      migrations.migrate();

      MigrationReport again = migrations.migrate();

      assertThat(again.upToDate()).isTrue();
      assertThat(again.initialVersion()).contains("4");
      assertThat(again.currentVersion()).contains("4");
      assertThat(migrations.pending()).isEmpty();
    }
  }

  @Test
  void validatePassesOnAnUntouchedDatabaseAndCatchesAnEditedAppliedMigration(PostgresServer server)
      throws SQLException {
    try (TestDatabase database = server.createDatabase()) {
      Migrations migrations = Migrations.of(database.dataSource());
      migrations.migrate();
      migrations.validate();

      // What Flyway sees when a released script is edited: its checksum no longer matches.
      execute(database.dataSource(), "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");

      assertThatThrownBy(migrations::validate)
          .isInstanceOf(MigrationValidationException.class)
          .hasMessageContaining("version 1 (create users)")
          .hasMessageContaining("checksum")
          .satisfies(e -> assertThat(((MigrationValidationException) e).problems()).hasSize(1));
      assertThatThrownBy(migrations::migrate).isInstanceOf(MigrationValidationException.class);
    }
  }

  @Test
  void validateDoesNotTreatPendingMigrationsAsErrors(PostgresServer server) {
    try (TestDatabase empty = server.createDatabase()) {
      Migrations.of(empty.dataSource()).validate();
    }
  }

  @Test
  void aFailingMigrationIsRolledBackAndReportedClearly(PostgresServer server) throws SQLException {
    try (TestDatabase database = server.createDatabase()) {
      Migrations broken = Migrations.of(database.dataSource(), "classpath:db/broken");

      assertThatThrownBy(broken::migrate)
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("V2__half_broken.sql")
          .hasMessageContaining("no_such_function");

      assertThat(tables(database.dataSource())).contains("good_table").doesNotContain("half_table");
      assertThat(count(database.dataSource(), "SELECT count(*) FROM good_table")).isZero();
      assertThat(broken.info())
          .extracting(MigrationStatus::version, MigrationStatus::state)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("1", MigrationStatus.State.APPLIED),
              org.assertj.core.groups.Tuple.tuple("2", MigrationStatus.State.PENDING));
    }
  }

  @Test
  void anUnreachableDatabaseIsAClearError(PostgresServer server) {
    org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://127.0.0.1:1/none");
    nowhere.setConnectTimeout(2);

    assertThatThrownBy(() -> Migrations.of(nowhere).migrate())
        .isInstanceOf(MigrationFailedException.class)
        .hasMessageContaining("Migration failed");
  }

  @Test
  void argumentsAreChecked() {
    assertThatThrownBy(() -> Migrations.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Migrations.of(new org.postgresql.ds.PGSimpleDataSource(), new String[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static List<String> tables(DataSource dataSource) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
