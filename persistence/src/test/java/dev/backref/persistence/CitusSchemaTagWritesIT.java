package dev.backref.persistence;

import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@link TagWritesIT}'s tests (tagging and untagging, tags found or created by name (racing ones
 * too), duplicate tag names), on plain PostgreSQL migrated with the optional Citus set too ({@code
 * db/citus}: posts and post_tags keyed by user, usernames unique through a lookup table;
 * docs/scaling.md): the library behaves the same on the reshaped keys.
 */
@MigratedPostgres(extraLocations = Migrations.CITUS_LOCATION)
class CitusSchemaTagWritesIT extends TagWritesIT {

  @Test
  void runsOnTheReshapedSchema(TestDatabase database) {
    CitusSchema.assertReshaped(database);
  }
}
