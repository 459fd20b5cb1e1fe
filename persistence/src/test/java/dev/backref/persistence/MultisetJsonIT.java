package dev.backref.persistence;

import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.userPosts;
import static dev.backref.persistence.FetchPolicy.MULTISET;
import static dev.backref.persistence.FetchPolicy.SELECT_IN;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MULTISET reads its nested rows from the JSON text PostgreSQL writes; every value must come back
 * exactly as the driver reads the same columns (SELECT_IN): escapes, characters beyond ASCII and
 * the BMP, and timestamps in session time zones whose offsets have seconds, far years and infinity.
 */
@MigratedPostgres
class MultisetJsonIT {

  private static final List<String> TEXTS =
      List.of(
          "\"quoted\" and back\\slash \\u0041 not an escape",
          "tab\tnew\nline\r\nend",
          "é ü ß 中文 😀 𝄞 \u2028 </script>",
          "{\"looks\": [\"like\", \"json\"]}",
          "trailing backslash \\");

  private static final List<String> TIMES =
      List.of(
          "2024-02-29 23:59:59.999999+00",
          "2026-12-03 11:17:18.1+00",
          "1900-01-01 00:00:00+00",
          "0001-01-01 00:00:00+00",
          "12000-06-01 12:00:00.000001+00",
          "0044-03-15 12:00:00+00 BC",
          "infinity",
          "-infinity");

  static TestDatabase database;
  static long userId;

  @BeforeAll
  static void seed(TestDatabase db) throws Exception {
    database = db;
    HikariDataSource pool = Pools.pooled(db);
    try (pool) {
      Backref backref = Backref.create(pool);
      List<NewPost> posts = TIMES.stream().map(time -> new NewPost("at " + time, TEXTS.get(TIMES.indexOf(time) % TEXTS.size()))).toList();
      User user = backref.users().create("jsonuser", posts);
      userId = user.id();
      List<Post> created = backref.users().getById(userId, SELECT_IN).posts().get();
      try (Connection connection = pool.getConnection();
          PreparedStatement update = connection.prepareStatement("update posts set created_at = ?::timestamptz where id = ?")) {
        for (Post post : created) {
          update.setString(1, post.title().substring("at ".length()));
          update.setLong(2, post.id());
          update.addBatch();
        }
        update.executeBatch();
      }
      for (int i = 0; i < created.size(); i++) {
        backref.posts().tag(created.get(i).id(), List.of("Ünïcode-" + i, "quote\"d", "😀 tag"));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam", "Pacific/Chatham"})
  void nestedJsonReadsEveryValueAsTheDriverReadsTheColumns(String timeZone) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(2);
    config.setConnectionInitSql("set time zone '" + timeZone + "'");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      Backref backref = Backref.create(pool);
      User nested = backref.users().getById(userId, FetchPlan.of(userPosts(MULTISET, postTags(MULTISET))));
      User separate = backref.users().getById(userId, FetchPlan.of(userPosts(SELECT_IN, postTags(SELECT_IN))));

      List<Post> expected = separate.posts().get();
      List<Post> actual = nested.posts().get();
      assertThat(actual).hasSize(TIMES.size());
      for (int i = 0; i < expected.size(); i++) {
        Post want = expected.get(i);
        Post got = actual.get(i);
        assertThat(got.id()).isEqualTo(want.id());
        assertThat(got.title()).isEqualTo(want.title());
        assertThat(got.content()).isEqualTo(want.content());
        assertThat(got.createdAt()).as("created_at %s in %s", want.title(), timeZone).isEqualTo(want.createdAt());
        assertThat(got.version()).isEqualTo(want.version());
        assertThat(got.tags().get().stream().map(Tag::name).toList())
            .isEqualTo(want.tags().get().stream().map(Tag::name).toList());
      }
      assertThat(actual.stream().map(Post::content).distinct()).containsExactlyInAnyOrderElementsOf(TEXTS);
    }
  }
}
