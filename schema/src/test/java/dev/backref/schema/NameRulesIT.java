package dev.backref.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.Normalizer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * V4: the characters names, titles and content may hold, enforced by PostgreSQL itself. The lists
 * of characters in the migration are compared with Java's Unicode tables, which the library uses.
 */
@MigratedPostgres
class NameRulesIT {

  /** Cc (without NUL, which text cannot hold at all), Cf, Zl, Zp: refused anywhere in names. */
  private static final IntPredicate INVISIBLE =
      codePoint ->
          codePoint != 0
              && switch (Character.getType(codePoint)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
                default -> false;
              };

  /** Whitespace that the printable checks do not already refuse: the space separators (Zs). */
  private static final IntPredicate SPACE =
      codePoint -> (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) && !INVISIBLE.test(codePoint);

  private final DataSource dataSource;
  private long userId;

  NameRulesIT(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    execute(dataSource, "DELETE FROM users");
    execute(dataSource, "DELETE FROM tags");
    userId = insertReturningId("INSERT INTO users (username) VALUES ('author') RETURNING id");
  }

  @Test
  void theIssueExamplesAreRefusedByName() {
    assertRefused("INSERT INTO users (username) VALUES (?)", "bell\u0007\u001b[31mred", "users_username_printable_check");
    assertRefused("INSERT INTO users (username) VALUES (?)", "o'brien ", "users_username_trimmed_check");
    assertRefused("INSERT INTO users (username) VALUES (?)", " o'brien", "users_username_trimmed_check");
    assertRefused("INSERT INTO users (username) VALUES (?)", "a\u200bb", "users_username_printable_check");
    assertRefused("INSERT INTO users (username) VALUES (?)", "a\u0085b", "users_username_printable_check");
    assertRefused("INSERT INTO users (username) VALUES (?)", "a\u2028b", "users_username_printable_check");
    assertRefused("INSERT INTO users (username) VALUES (?)", "e\u0301", "users_username_nfc_check");
    assertRefused("INSERT INTO tags (name) VALUES (?)", "tag\u001b", "tags_name_printable_check");
    assertRefused("INSERT INTO tags (name) VALUES (?)", "\u00a0tag", "tags_name_trimmed_check");
    assertRefused("INSERT INTO tags (name) VALUES (?)", "cafe\u0301", "tags_name_nfc_check");
  }

  @Test
  void everyControlAndInvisibleCharacterThatJavaKnowsIsRefusedAnywhereInANameAndNothingElseIs() throws SQLException {
    List<Integer> refused = codePoints(INVISIBLE);
    assertThat(refused).contains(0x01, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x9b, 0xad, 0x200b, 0x200d, 0x2028, 0x2029,
        0x202e, 0x2060, 0x2066, 0x2069, 0xfeff, 0xe0001);

    assertThat(outcomes("INSERT INTO users (username) VALUES (?)", refused, codePoint -> "a" + Character.toString(codePoint) + "b"))
        .allSatisfy((codePoint, outcome) -> assertThat(outcome).as(hex(codePoint)).isEqualTo("users_username_printable_check"));
    assertThat(outcomes("INSERT INTO tags (name) VALUES (?)", refused, codePoint -> "a" + Character.toString(codePoint) + "b"))
        .allSatisfy((codePoint, outcome) -> assertThat(outcome).as(hex(codePoint)).isEqualTo("tags_name_printable_check"));

    // Letters, marks, symbols, inner spaces: accepted.
    List<String> fine = List.of("o'brien", "o'brien smith", "a\u00a0b", "Zoë", "日本語", "\ud83d\ude00", "\ufb01x", "fix", "a  b");
    for (String name : fine) {
      insert("INSERT INTO users (username) VALUES (?)", name);
      insert("INSERT INTO tags (name) VALUES (?)", name);
    }
    assertThat(count("SELECT count(*) FROM users WHERE username <> 'author'")).isEqualTo(fine.size());
  }

  @Test
  void whitespaceAtEitherEndIsRefusedAndInsideIsAccepted() throws SQLException {
    // In NFC (U+2000 EN QUAD is canonically U+2002 EN SPACE), so that the NFC checks stay quiet.
    List<Integer> spaces = codePoints(SPACE.and(codePoint -> Normalizer.isNormalized(Character.toString(codePoint), Normalizer.Form.NFC)));
    assertThat(spaces).contains(0x20, 0xa0, 0x1680, 0x2002, 0x200a, 0x202f, 0x205f, 0x3000).doesNotContain(0x2000, 0x2001);

    for (String table : List.of("users/username", "tags/name")) {
      String sql = "INSERT INTO " + table.split("/")[0] + " (" + table.split("/")[1] + ") VALUES (?)";
      String check = table.split("/")[0] + "_" + table.split("/")[1] + "_trimmed_check";
      assertThat(outcomes(sql, spaces, codePoint -> Character.toString(codePoint) + "x"))
          .allSatisfy((codePoint, outcome) -> assertThat(outcome).as(hex(codePoint)).isEqualTo(check));
      assertThat(outcomes(sql, spaces, codePoint -> "x" + Character.toString(codePoint)))
          .allSatisfy((codePoint, outcome) -> assertThat(outcome).as(hex(codePoint)).isEqualTo(check));
      assertThat(outcomes(sql, spaces, codePoint -> "in" + Character.toString(codePoint) + "side"))
          .allSatisfy((codePoint, outcome) -> assertThat(outcome).as(hex(codePoint)).isEqualTo("ok"));
    }
    assertThat(outcomes("INSERT INTO posts (user_id, title, content) VALUES (" + userId + ", ?, 'c')", spaces,
            codePoint -> "x" + Character.toString(codePoint)))
        .allSatisfy((codePoint, outcome) -> assertThat(outcome).as(hex(codePoint)).isEqualTo("posts_title_trimmed_check"));
  }

  @Test
  void aBlankNameIsStillReportedAsBlankAndATooLongOneAsTooLong() {
    // CHECK constraints fire in the order of their names: length, nfc, not_blank, printable, trimmed.
    assertRefused("INSERT INTO users (username) VALUES (?)", " \t ", "users_username_not_blank_check");
    assertRefused("INSERT INTO tags (name) VALUES (?)", " \n ", "tags_name_not_blank_check");
    assertRefused("INSERT INTO users (username) VALUES (?)", "\u001b".repeat(81), "users_username_length_check");
  }

  @Test
  void titlesRefuseControlsAndLineBreaksButKeepFormatCharacters() throws SQLException {
    String sql = "INSERT INTO posts (user_id, title, content) VALUES (" + userId + ", ?, 'c')";
    IntPredicate refusedInTitles =
        codePoint -> codePoint != 0 && INVISIBLE.test(codePoint) && Character.getType(codePoint) != Character.FORMAT;
    List<Integer> refused = codePoints(refusedInTitles);
    assertThat(refused).contains(0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x85, 0x2028, 0x2029);

    assertThat(outcomes(sql, refused, codePoint -> "a" + Character.toString(codePoint) + "b"))
        .allSatisfy((codePoint, outcome) -> assertThat(outcome).as(hex(codePoint)).isEqualTo("posts_title_printable_check"));
    assertThat(outcomes(sql, codePoints(codePoint -> Character.getType(codePoint) == Character.FORMAT), codePoint -> "a" + Character.toString(codePoint) + "b"))
        .allSatisfy((codePoint, outcome) -> assertThat(outcome).as(hex(codePoint)).isEqualTo("ok"));
    assertRefused(sql, "Cafe\u0301", "posts_title_nfc_check");
    assertRefused(sql, "Title ", "posts_title_trimmed_check");
  }

  @Test
  void contentKeepsTabLineFeedAndCarriageReturnAndRefusesEveryOtherControl() throws SQLException {
    String sql = "INSERT INTO posts (user_id, title, content) VALUES (" + userId + ", 't', ?)";
    List<Integer> controls = codePoints(codePoint -> codePoint != 0 && Character.getType(codePoint) == Character.CONTROL);
    Map<Integer, String> outcomes = outcomes(sql, controls, codePoint -> "a" + Character.toString(codePoint) + "b");

    outcomes.forEach(
        (codePoint, outcome) ->
            assertThat(outcome)
                .as(hex(codePoint))
                .isEqualTo(codePoint == '\t' || codePoint == '\n' || codePoint == '\r' ? "ok" : "posts_content_printable_check"));
    // Content is not checked for NFC, nor for whitespace at its ends.
    insert(sql, " e\u0301\u2028\u200b ");
  }

  @Test
  void nfcMakesCanonicallyEquivalentNamesOneAndNfkcIsNotApplied() throws SQLException {
    insert("INSERT INTO users (username) VALUES (?)", "caf\u00e9");

    assertRefused("INSERT INTO users (username) VALUES (?)", "cafe\u0301", "users_username_nfc_check");
    assertRefused("INSERT INTO users (username) VALUES (?)", "CAF\u00c9", "users_username_lower_key");
    insert("INSERT INTO users (username) VALUES (?)", "\ufb01le");
    insert("INSERT INTO users (username) VALUES (?)", "file");
    assertThat(count("SELECT count(*) FROM users WHERE username IN ('\ufb01le', 'file')")).isEqualTo(2);
  }

  @Test
  void aDatabaseWithRowsWrittenBeforeTheRulesStillMigratesAndKeepsThem(PostgresServer server) throws SQLException {
    try (TestDatabase old = server.createDatabase()) {
      DataSource db = old.dataSource();
      Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(db)
          .locations(Migrations.DEFAULT_LOCATION)
          .target("3")
          .load()
          .migrate();
      execute(db, "INSERT INTO users (username) VALUES (E'bell\\x07\\x1b[31mred'), ('o''brien '), (E'e\\u0301')");
      execute(db, "INSERT INTO tags (name) VALUES (E'tab\\tbed')");

      MigrationReport report = Migrations.of(db).migrate();

      assertThat(report.currentVersion()).contains("4");
      assertThat(count(db, "SELECT count(*) FROM users")).isEqualTo(3);
      assertThat(count(db, "SELECT count(*) FROM pg_constraint WHERE conname LIKE '%\\_check' AND NOT convalidated"))
          .as("every V4 constraint is NOT VALID")
          .isEqualTo(10);
      // New rows are checked; an old row is checked when it is next updated, so it must be fixed then.
      assertThatThrownBy(() -> execute(db, "INSERT INTO users (username) VALUES ('new ')"))
          .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_trimmed_check"));
      assertThatThrownBy(() -> execute(db, "UPDATE users SET version = version + 1 WHERE username = 'o''brien '"))
          .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_trimmed_check"));
      execute(db, "UPDATE users SET username = 'o''brien', version = version + 1 WHERE username = 'o''brien '");
      assertThat(count(db, "SELECT count(*) FROM users WHERE username = 'o''brien'")).isEqualTo(1);
    }
  }

  private static List<Integer> codePoints(IntPredicate predicate) {
    return IntStream.rangeClosed(0, Character.MAX_CODE_POINT)
        .filter(codePoint -> Character.getType(codePoint) != Character.SURROGATE)
        .filter(predicate)
        .boxed()
        .toList();
  }

  /** Per code point, "ok" if the insert was accepted (and rolled back), else the violated constraint. */
  private Map<Integer, String> outcomes(String sql, List<Integer> codePoints, java.util.function.IntFunction<String> value)
      throws SQLException {
    Map<Integer, String> outcomes = new TreeMap<>();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(sql)) {
        for (int codePoint : codePoints) {
          insert.setString(1, value.apply(codePoint));
          try {
            insert.executeUpdate();
            outcomes.put(codePoint, "ok");
          } catch (PSQLException e) {
            outcomes.put(codePoint, e.getSQLState().equals("23514") ? e.getServerErrorMessage().getConstraint() : e.getSQLState() + " " + e.getMessage());
          }
          connection.rollback();
        }
      }
    }
    assertThat(outcomes).hasSize(codePoints.size());
    return outcomes;
  }

  private void assertRefused(String sql, String value, String constraint) {
    assertThatThrownBy(() -> insert(sql, value))
        .isInstanceOf(PSQLException.class)
        .satisfies(e -> assertThat(((PSQLException) e).getSQLState()).isIn("23514", "23505"))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo(constraint));
  }

  private void insert(String sql, String value) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, value);
      insert.executeUpdate();
    }
  }

  private long insertReturningId(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private long count(String sql) throws SQLException {
    return count(dataSource, sql);
  }

  private static long count(DataSource dataSource, String sql) throws SQLException {
    return MigrationsIT.count(dataSource, sql);
  }

  private static void execute(DataSource dataSource, String sql) throws SQLException {
    MigrationsIT.execute(dataSource, sql);
  }

  private static String constraint(Throwable e) {
    return ((PSQLException) e).getServerErrorMessage().getConstraint();
  }

  private static String hex(int codePoint) {
    return String.format("U+%04X", codePoint);
  }
}
