package dev.backref.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * The optional Citus set ({@code db/citus}, docs/scaling.md) on plain PostgreSQL: it migrates a
 * database that already holds rows, leaves keys that Citus would accept, keeps usernames unique
 * regardless of case through the lookup table, and its distribution step is skipped here and,
 * run against stand-ins for the Citus functions, distributes the tables in an order Citus accepts.
 * The library's own tests on this schema: the Citus*IT classes of the persistence module.
 */
@MigratedPostgres(extraLocations = Migrations.CITUS_LOCATION)
class CitusMigrationsIT {

  /** The distribution column each table would get; tags and usernames become reference tables. */
  private static final Map<String, String> DISTRIBUTED = Map.of("users", "id", "posts", "user_id", "post_tags", "user_id");

  private final DataSource dataSource;

  CitusMigrationsIT(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Test
  void migratesADatabaseThatHoldsRowsAndFillsTheNewKeys(PostgresServer server) throws SQLException {
    try (TestDatabase database = server.createDatabase()) {
      DataSource data = database.dataSource();
      Migrations.of(data).migrate();
      long alice = value(data, "INSERT INTO users (username) VALUES ('Alice') RETURNING id");
      long bob = value(data, "INSERT INTO users (username) VALUES ('bob') RETURNING id");
      long hello = value(data, "INSERT INTO posts (user_id, title, content) VALUES (?, 'Hello', '') RETURNING id", alice);
      long again = value(data, "INSERT INTO posts (user_id, title, content) VALUES (?, 'Again', '') RETURNING id", bob);
      long java = value(data, "INSERT INTO tags (name) VALUES ('java') RETURNING id");
      run(data, "INSERT INTO post_tags (post_id, tag_id) VALUES (?, ?), (?, ?)", hello, java, again, java);

      Migrations migrations = Migrations.of(data, Migrations.DEFAULT_LOCATION, Migrations.CITUS_LOCATION);
      assertThat(migrations.pending()).extracting(MigrationStatus::version).containsExactly("4.100", "4.101", "4.102", "4.103");
      MigrationReport report = migrations.migrate();

      assertThat(report.currentVersion()).contains("4.103");
      assertThat(rows(data, "SELECT post_id, user_id FROM post_tags ORDER BY post_id"))
          .containsExactly(List.of(hello, alice), List.of(again, bob));
      assertThat(rows(data, "SELECT lower_name, user_id FROM usernames ORDER BY lower_name"))
          .containsExactly(List.of("alice", alice), List.of("bob", bob));
      assertThat(rows(data, "SELECT username, username_key FROM users ORDER BY id"))
          .containsExactly(List.of("Alice", "alice"), List.of("bob", "bob"));
      assertThat(value(data, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'")).isZero();
      assertThat(migrations.info()).extracting(MigrationStatus::state).containsOnly(MigrationStatus.State.APPLIED);
    }
  }

  @Test
  void theKeysAreOnesCitusCanEnforce() throws SQLException {
    assertThat(constraint("posts_pkey")).isEqualTo("PRIMARY KEY (user_id, id)");
    assertThat(constraint("post_tags_pkey")).isEqualTo("PRIMARY KEY (user_id, post_id, tag_id)");
    assertThat(constraint("post_tags_post_id_fkey"))
        .isEqualTo("FOREIGN KEY (user_id, post_id) REFERENCES posts(user_id, id) ON DELETE CASCADE");
    assertThat(constraint("users_username_key_fkey"))
        .isEqualTo("FOREIGN KEY (username_key, id) REFERENCES usernames(lower_name, user_id)");

    // Citus: a primary key or unique index of a distributed table must include its distribution
    // column (and an index over an expression of other columns cannot).
    List<List<Object>> uniques = rows(dataSource, """
        SELECT t.relname, i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE x.indisunique AND t.relname IN ('users', 'posts', 'post_tags')""");
    assertThat(uniques).extracting(row -> row.get(1)).containsExactlyInAnyOrder("users_pkey", "posts_pkey", "post_tags_pkey");
    for (List<Object> index : uniques) {
      String column = DISTRIBUTED.get((String) index.get(0));
      assertThat((String) index.get(2)).as("unique index %s", index.get(1)).containsPattern("[(, ]" + column + "[,)]");
    }
    // Citus: a foreign key between distributed tables must include the distribution column on both
    // sides; one from a distributed table to a reference table may use any column; none may point
    // from a reference table to a distributed table.
    List<List<Object>> foreignKeys = rows(dataSource, """
        SELECT c.conname, f.relname, r.relname,
               (SELECT array_agg(a.attname::text) FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)),
               (SELECT array_agg(a.attname::text) FROM pg_attribute a WHERE a.attrelid = c.confrelid AND a.attnum = ANY (c.confkey))
        FROM pg_constraint c JOIN pg_class f ON f.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
        WHERE c.contype = 'f'""");
    assertThat(foreignKeys)
        .extracting(row -> row.getFirst())
        .containsExactlyInAnyOrder("posts_user_id_fkey", "post_tags_post_id_fkey", "post_tags_tag_id_fkey", "users_username_key_fkey");
    for (List<Object> key : foreignKeys) {
      String from = (String) key.get(1);
      String to = (String) key.get(2);
      assertThat(DISTRIBUTED).as("%s points from a reference table", key.get(0)).containsKey(from);
      if (DISTRIBUTED.containsKey(to)) {
        assertThat(List.of((String[]) key.get(3))).as("%s", key.get(0)).contains(DISTRIBUTED.get(from));
        assertThat(List.of((String[]) key.get(4))).as("%s", key.get(0)).contains(DISTRIBUTED.get(to));
      }
    }
  }

  @Test
  void usernamesStayUniqueRegardlessOfCaseThroughTheLookup() throws SQLException {
    long holder = insertUser("Case.Holder");

    assertThatThrownBy(() -> insertUser("case.HOLDER"))
        .satisfies(e -> assertThat(state(e)).isEqualTo("23505"))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_lower_key"));

    // A change of case keeps the claim; a new name moves it, and frees the old one.
    run(dataSource, "UPDATE users SET username = 'CASE.holder' WHERE id = ?", holder);
    run(dataSource, "UPDATE users SET username = 'Renamed.Holder' WHERE id = ?", holder);
    assertThat(rows(dataSource, "SELECT lower_name FROM usernames WHERE user_id = ?", holder))
        .containsExactly(List.of("renamed.holder"));
    long other = insertUser("case.holder");
    assertThatThrownBy(() -> run(dataSource, "UPDATE users SET username = 'RENAMED.holder' WHERE id = ?", other))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_lower_key"));

    run(dataSource, "DELETE FROM users WHERE id = ?", holder);
    assertThat(value(dataSource, "SELECT count(*) FROM usernames WHERE user_id = ?", holder)).isZero();
    insertUser("Renamed.Holder");
  }

  @Test
  void linksGetTheirPostsUserAndAMissingPostIsRefusedAsBefore() throws SQLException {
    long author = insertUser("linker");
    long post = value(dataSource, "INSERT INTO posts (user_id, title, content) VALUES (?, 'Linked', '') RETURNING id", author);
    long tag = value(dataSource, "INSERT INTO tags (name) VALUES ('linked') RETURNING id");

    run(dataSource, "INSERT INTO post_tags (post_id, tag_id) VALUES (?, ?)", post, tag);
    assertThat(value(dataSource, "SELECT user_id FROM post_tags WHERE post_id = ?", post)).isEqualTo(author);

    assertThatThrownBy(() -> run(dataSource, "INSERT INTO post_tags (post_id, tag_id) VALUES (?, ?)", 999_999_999L, tag))
        .satisfies(e -> assertThat(state(e)).isEqualTo("23503"))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("post_tags_post_id_fkey"));
    long stranger = insertUser("stranger");
    assertThatThrownBy(
            () -> run(dataSource, "INSERT INTO post_tags (post_id, tag_id, user_id) VALUES (?, ?, ?)", post, tag, stranger))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("post_tags_post_id_fkey"));

    run(dataSource, "DELETE FROM posts WHERE id = ?", post);
    assertThat(value(dataSource, "SELECT count(*) FROM post_tags WHERE tag_id = ?", tag)).isZero();
  }

  /**
   * On Citus the bridging triggers are gone (V4.103 drops them) and the writer maintains usernames
   * and post_tags.user_id. A writer that does not is refused by the constraints: never a duplicate
   * name, never a link routed nowhere.
   */
  @Test
  void withoutTheTriggersTheConstraintsStillRefuseWhatTheTriggersDid() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        run(connection, "ALTER TABLE users DISABLE TRIGGER USER");
        run(connection, "ALTER TABLE post_tags DISABLE TRIGGER USER");

        assertThatThrownBy(() -> savepoint(connection, "INSERT INTO users (username) VALUES ('Unclaimed')"))
            .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_key_fkey"));

        long id = value(connection, "SELECT nextval(pg_get_serial_sequence('users', 'id'))");
        run(connection, "INSERT INTO usernames (lower_name, user_id) VALUES ('claimed', ?)", id);
        run(connection, "INSERT INTO users (id, username) OVERRIDING SYSTEM VALUE VALUES (?, 'Claimed')", id);
        long twin = value(connection, "SELECT nextval(pg_get_serial_sequence('users', 'id'))");
        assertThatThrownBy(() -> savepoint(connection, "INSERT INTO usernames (lower_name, user_id) VALUES ('claimed', " + twin + ")"))
            .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_lower_key"));
        assertThatThrownBy(() -> savepoint(connection, "INSERT INTO users (id, username) OVERRIDING SYSTEM VALUE VALUES (" + twin + ", 'CLAIMED')"))
            .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_key_fkey"));

        long post = value(connection, "INSERT INTO posts (user_id, title, content) VALUES (?, 'Routed', '') RETURNING id", id);
        long tag = value(connection, "INSERT INTO tags (name) VALUES ('routed') RETURNING id");
        assertThatThrownBy(() -> savepoint(connection, "INSERT INTO post_tags (post_id, tag_id) VALUES (" + post + ", " + tag + ")"))
            .satisfies(e -> assertThat(state(e)).isEqualTo("23502"));
        run(connection, "INSERT INTO post_tags (user_id, post_id, tag_id) VALUES (?, ?, ?)", id, post, tag);
      } finally {
        connection.rollback();
      }
    }
  }

  /**
   * The distribution step, against stand-ins for create_reference_table and
   * create_distributed_table that record their calls: refused until the writers are declared
   * ready, then referenced tables first, every distributed table co-located with users, the
   * triggers gone. Rolled back.
   */
  @Test
  void theDistributionStepDistributesInAnOrderCitusAccepts() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        run(connection, "CREATE TEMP TABLE citus_calls (n serial, call text)");
        run(connection, """
            CREATE FUNCTION create_reference_table(table_name regclass) RETURNS void LANGUAGE sql
            AS $$ INSERT INTO citus_calls (call) VALUES ('reference ' || table_name) $$""");
        run(connection, """
            CREATE FUNCTION create_distributed_table(table_name regclass, distribution_column text,
                                                     colocate_with text DEFAULT 'default') RETURNS void LANGUAGE sql
            AS $$ INSERT INTO citus_calls (call) VALUES (format('distributed %s by %s with %s', table_name, distribution_column, colocate_with)) $$""");

        assertThatThrownBy(() -> savepoint(connection, "SELECT backref_citus_distribute()"))
            .hasMessageContaining("the application must write post_tags.user_id and usernames itself first");

        run(connection, "SET LOCAL backref.citus_writers_ready = 'on'");
        run(connection, "SELECT backref_citus_distribute()");

        assertThat(rows(connection, "SELECT call FROM citus_calls ORDER BY n"))
            .extracting(row -> row.getFirst())
            .containsExactly(
                "reference tags",
                "reference usernames",
                "distributed users by id with default",
                "distributed posts by user_id with users",
                "distributed post_tags by user_id with users");
        assertThat(value(connection, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal")).isZero();
      } finally {
        connection.rollback();
      }
    }
  }

  /**
   * The set's versions (4.100..4.103) sort between V4 and any V5, so a default migration released
   * after a database took the set still applies, in order, like on every other database.
   */
  @Test
  void aLaterDefaultMigrationStillAppliesInOrder(PostgresServer server, @TempDir Path later) throws Exception {
    Files.writeString(later.resolve("V5__later_default_migration.sql"), "CREATE TABLE later_default (id bigint);\n");
    try (TestDatabase database = server.createDatabase()) {
      Migrations.of(database.dataSource(), Migrations.DEFAULT_LOCATION, Migrations.CITUS_LOCATION).migrate();

      Migrations withV5 =
          Migrations.of(database.dataSource(), Migrations.DEFAULT_LOCATION, "filesystem:" + later, Migrations.CITUS_LOCATION);
      assertThat(withV5.migrate().applied()).extracting(MigrationReport.Applied::version).containsExactly("5");
      assertThat(withV5.info())
          .extracting(MigrationStatus::version)
          .containsExactly("1", "2", "3", "4", "4.100", "4.101", "4.102", "4.103", "5");
    }
  }

  @Test
  void theSetNeedsTheDefaultMigrationsFirst(PostgresServer server) {
    try (TestDatabase database = server.createDatabase()) {
      assertThatThrownBy(() -> Migrations.of(database.dataSource(), Migrations.CITUS_LOCATION).migrate())
          .isInstanceOf(MigrationFailedException.class)
          .hasMessageContaining("V4.100__citus_posts_keyed_by_user.sql");
    }
  }

  private long insertUser(String username) throws SQLException {
    return value(dataSource, "INSERT INTO users (username) VALUES (?) RETURNING id", username);
  }

  private String constraint(String name) throws SQLException {
    List<List<Object>> rows = rows(dataSource, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = ?", name);
    assertThat(rows).as(name).hasSize(1);
    return (String) rows.getFirst().getFirst();
  }

  private static String constraint(Throwable e) {
    return ((PSQLException) e).getServerErrorMessage().getConstraint();
  }

  private static String state(Throwable e) {
    return ((PSQLException) e).getSQLState();
  }

  private static long value(DataSource dataSource, String sql, Object... arguments) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return value(connection, sql, arguments);
    }
  }

  private static long value(Connection connection, String sql, Object... arguments) throws SQLException {
    return ((Number) rows(connection, sql, arguments).getFirst().getFirst()).longValue();
  }

  private static void run(DataSource dataSource, String sql, Object... arguments) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      run(connection, sql, arguments);
    }
  }

  private static void run(Connection connection, String sql, Object... arguments) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, arguments)) {
      statement.execute();
    }
  }

  /** Runs {@code sql} so that its failure leaves the transaction usable. */
  private static void savepoint(Connection connection, String sql) throws SQLException {
    var savepoint = connection.setSavepoint();
    try {
      run(connection, sql);
      connection.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      connection.rollback(savepoint);
      throw e;
    }
  }

  private static List<List<Object>> rows(DataSource dataSource, String sql, Object... arguments) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return rows(connection, sql, arguments);
    }
  }

  private static List<List<Object>> rows(Connection connection, String sql, Object... arguments) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, arguments);
        ResultSet result = statement.executeQuery()) {
      List<List<Object>> rows = new ArrayList<>();
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<Object> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          Object value = result.getObject(i);
          row.add(value instanceof java.sql.Array array ? array.getArray() : value);
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... arguments) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < arguments.length; i++) {
      statement.setObject(i + 1, arguments[i]);
    }
    return statement;
  }
}
