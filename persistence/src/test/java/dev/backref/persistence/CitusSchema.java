package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.testing.postgres.TestDatabase;
import org.jooq.DSLContext;

/** Checks that a CitusSchema*IT class really runs on the schema the Citus set reshaped. */
final class CitusSchema {

  private CitusSchema() {}

  static void assertReshaped(TestDatabase database) {
    DSLContext sql = org.jooq.impl.DSL.using(database.dataSource(), Backref.DIALECT);
    assertThat(sql.fetchValue("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'post_tags_pkey'"))
        .isEqualTo("PRIMARY KEY (user_id, post_id, tag_id)");
    assertThat(sql.fetchValue("SELECT to_regclass('usernames')::text")).isEqualTo("usernames");
    assertThat(sql.fetchValue("SELECT version FROM flyway_schema_history ORDER BY installed_rank DESC LIMIT 1")).isEqualTo("4.103");
  }
}
