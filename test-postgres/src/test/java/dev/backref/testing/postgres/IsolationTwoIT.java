package dev.backref.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@MigratedPostgres
class IsolationTwoIT {

  @Test
  void seesOnlyItsOwnRows(TestDatabase database) throws Exception {
    Marks.insert(database, "Two");

    assertThat(Marks.owners(database)).containsExactly("Two");
    assertThat(database.name()).startsWith("backref_test_");
  }
}
