package dev.backref.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

@MigratedPostgres
@DisabledIfSystemProperty(
    named = MigratedPostgresExtension.MIGRATIONS_PROPERTY,
    matches = ".*\\S.*",
    disabledReason = "migrates this module's toy schema, to which the backref migration sets do not apply")
class IsolationTwoIT {

  @Test
  void seesOnlyItsOwnRows(TestDatabase database) throws Exception {
    Marks.insert(database, "Two");

    assertThat(Marks.owners(database)).containsExactly("Two");
    assertThat(database.name()).startsWith("backref_test_");
  }
}
