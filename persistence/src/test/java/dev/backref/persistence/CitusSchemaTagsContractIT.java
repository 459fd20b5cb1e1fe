package dev.backref.persistence;

import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@link TagsContractIT}'s tests (posts with their tags and tags with their posts under every
 * fetch policy, through post_tags), on plain PostgreSQL migrated with the optional Citus set too
 * ({@code db/citus}: posts and post_tags keyed by user, usernames unique through a lookup table;
 * docs/scaling.md): the library behaves the same on the reshaped keys.
 */
@MigratedPostgres(extraLocations = Migrations.CITUS_LOCATION)
class CitusSchemaTagsContractIT extends TagsContractIT {

  @Test
  void runsOnTheReshapedSchema(TestDatabase database) {
    CitusSchema.assertReshaped(database);
  }
}
