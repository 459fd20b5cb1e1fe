package dev.backref.persistence;

import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteSideIT}'s tests (creating, renaming, editing and deleting users and posts, duplicate
 * usernames (racing ones too) and every refused input), on plain PostgreSQL migrated with the
 * optional Citus set too ({@code db/citus}: posts and post_tags keyed by user, usernames unique
 * through a lookup table; docs/scaling.md): the library behaves the same on the reshaped keys.
 */
@MigratedPostgres(extraLocations = Migrations.CITUS_LOCATION)
class CitusSchemaWriteSideIT extends WriteSideIT {

  @Test
  void runsOnTheReshapedSchema(TestDatabase database) {
    CitusSchema.assertReshaped(database);
  }
}
