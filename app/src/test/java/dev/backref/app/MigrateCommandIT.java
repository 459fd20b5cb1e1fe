package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code blog migrate}, {@code --info} and {@code --validate} on a database that starts empty. */
@MigratedPostgres
class MigrateCommandIT {

  @Test
  void infoShowsPendingThenMigrateAppliesThenNothingIsLeft(PostgresServer server) {
    try (TestDatabase empty = server.createDatabase()) {
      Cli.Result before = Cli.run(empty, "migrate", "--info");
      assertThat(before.exitCode()).as(before.toString()).isZero();
      assertThat(before.out()).contains("V1__create_users.sql", "V2__create_posts.sql", "V3__create_tags.sql", "V4__name_rules.sql", "PENDING")
          .contains("4 pending: run 'blog migrate' to apply.");

      Cli.Result migrated = Cli.run(empty, "migrate");
      assertThat(migrated.exitCode()).as(migrated.toString()).isZero();
      assertThat(migrated.out().lines().toList())
          .hasSize(5)
          .satisfies(lines -> assertThat(lines.getFirst()).startsWith("Applied 4 migrations to PostgreSQL at jdbc:postgresql:").endsWith("schema version none -> 4:"))
          .satisfies(lines -> assertThat(lines.get(1)).matches("  V1 +create users +V1__create_users\\.sql"))
          .satisfies(lines -> assertThat(lines.get(2)).matches("  V2 +create posts +V2__create_posts\\.sql"))
          .satisfies(lines -> assertThat(lines.get(3)).matches("  V3 +create tags +V3__create_tags\\.sql"))
          .satisfies(lines -> assertThat(lines.get(4)).matches("  V4 +name rules +V4__name_rules\\.sql"));

      JsonNode again = Cli.run(empty, "migrate", "--format", "json").json();
      assertThat(again.get("applied")).isEmpty();
      assertThat(again.get("initialVersion").stringValue()).isEqualTo("4");
      assertThat(again.get("currentVersion").stringValue()).isEqualTo("4");
      assertThat(again.get("statements").intValue()).as("Flyway's statements, through the recorder").isPositive();

      JsonNode info = Cli.run(empty, "migrate", "--info", "--format", "json").json();
      assertThat(info.get("migrations")).hasSize(4).allSatisfy(migration -> {
        assertThat(migration.get("state").stringValue()).isEqualTo("APPLIED");
        assertThat(migration.get("installedOn").isString()).isTrue();
      });

      Cli.Result valid = Cli.run(empty, "migrate", "--validate");
      assertThat(valid.exitCode()).isZero();
      assertThat(valid.out()).startsWith("Valid: 4 applied migrations match their scripts; 0 pending");
    }
  }

  @Test
  void anEditedMigrationFailsValidationAndMigrationWithExitCodeEight(PostgresServer server) throws SQLException {
    try (TestDatabase database = server.createDatabase()) {
      assertThat(Cli.run(database, "migrate").exitCode()).isZero();
      try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
        statement.execute("update flyway_schema_history set checksum = checksum + 1 where version = '1'");
      }

      Cli.Result validate = Cli.run(database, "migrate", "--validate");
      Cli.Result migrate = Cli.run(database, "migrate");
      Cli.Result data = Cli.run(database, "users", "list");

      assertThat(validate.exitCode()).isEqualTo(ExitCodes.MIGRATION_FAILED);
      assertThat(validate.err()).startsWith("blog: Applied migrations do not match their scripts: version 1 (create users)");
      assertThat(validate.err().lines()).hasSize(1);
      assertThat(migrate.exitCode()).isEqualTo(ExitCodes.MIGRATION_FAILED);
      assertThat(data.exitCode()).as("data commands migrate, and so validate, first").isEqualTo(ExitCodes.MIGRATION_FAILED);
    }
  }

  @Test
  void dataCommandsBringAnEmptyDatabaseUpToDateFirst(PostgresServer server) {
    try (TestDatabase empty = server.createDatabase()) {
      Cli.Result result = Cli.run(empty, "users", "list", "--format", "json");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.json().get("users")).isEmpty();
      assertThat(result.json().get("statements").intValue()).as("migrations are not counted").isEqualTo(1);
    }
  }
}
