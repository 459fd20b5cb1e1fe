package dev.backref.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@MigratedPostgres
class IsolationOneIT {

  @Test
  void seesOnlyItsOwnRows(TestDatabase database) throws Exception {
    Marks.insert(database, "One");

    assertThat(Marks.owners(database)).containsExactly("One");
    assertThat(database.name()).startsWith("backref_test_");
  }
}
