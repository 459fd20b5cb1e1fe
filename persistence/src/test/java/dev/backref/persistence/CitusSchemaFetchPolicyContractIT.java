package dev.backref.persistence;

import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * {@link FetchPolicyContractIT}'s tests (users with their posts and posts with their author under
 * every fetch policy: statement counts, graphs, orders), on plain PostgreSQL migrated with the
 * optional Citus set too ({@code db/citus}: posts and post_tags keyed by user, usernames unique
 * through a lookup table; docs/scaling.md): the library behaves the same on the reshaped keys.
 */
@MigratedPostgres(extraLocations = Migrations.CITUS_LOCATION)
class CitusSchemaFetchPolicyContractIT extends FetchPolicyContractIT {

  @Test
  void runsOnTheReshapedSchema(TestDatabase database) {
    CitusSchema.assertReshaped(database);
  }
}
