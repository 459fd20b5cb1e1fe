package dev.backref.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** Which Flyway locations a class database is migrated with. */
class MigrationLocationsTest {

  @MigratedPostgres
  static class Plain {}

  @MigratedPostgres(extraLocations = {"classpath:db/citus", "classpath:db/migration"})
  static class Reshaped {}

  static class InheritsReshaped extends Reshaped {}

  @Test
  @DisabledIfSystemProperty(named = MigratedPostgresExtension.MIGRATIONS_PROPERTY, matches = ".*\\S.*")
  void classesMigrateDbMigrationThenTheirOwnExtraLocationsEachOnce() {
    assertThat(MigratedPostgresExtension.locations(Plain.class)).containsExactly("classpath:db/migration");
    assertThat(MigratedPostgresExtension.locations(Reshaped.class))
        .containsExactly("classpath:db/migration", "classpath:db/citus");
    assertThat(MigratedPostgresExtension.locations(InheritsReshaped.class))
        .containsExactly("classpath:db/migration", "classpath:db/citus");
  }

  @Test
  void theRunWideSettingTakesSetNamesOrLocations() {
    assertThat(MigratedPostgresExtension.fromSetting(null)).isEmpty();
    assertThat(MigratedPostgresExtension.fromSetting(" ")).isEmpty();
    assertThat(MigratedPostgresExtension.fromSetting("citus")).containsExactly("classpath:db/citus");
    assertThat(MigratedPostgresExtension.fromSetting(" citus , filesystem:/tmp/extra"))
        .containsExactly("classpath:db/citus", "filesystem:/tmp/extra");
    assertThatThrownBy(() -> MigratedPostgresExtension.fromSetting("cittus"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown migration set 'cittus'")
        .hasMessageContaining("citus");
  }
}
