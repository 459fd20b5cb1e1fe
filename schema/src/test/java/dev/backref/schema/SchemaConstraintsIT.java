package dev.backref.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.testing.postgres.MigratedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/** The database itself enforces the rules, whatever code writes to it. */
@MigratedPostgres
class SchemaConstraintsIT {

  private final DataSource dataSource;

  SchemaConstraintsIT(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Test
  void usernamesAreUniqueRegardlessOfCase() throws SQLException {
    insertUser("Unique.Case");

    assertThatThrownBy(() -> insertUser("unique.CASE"))
        .isInstanceOf(PSQLException.class)
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_lower_key"));
    assertThat(countUsers("unique.case")).isEqualTo(1);
  }

  @Test
  void usernamesMustBeOneToEightyCharactersAndNotBlank() throws SQLException {
    insertUser("u".repeat(80));

    assertThatThrownBy(() -> insertUser("v".repeat(81)))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_length_check"));
    assertThatThrownBy(() -> insertUser(""))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_length_check"));
    assertThatThrownBy(() -> insertUser(" \t "))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("users_username_not_blank_check"));
    assertThatThrownBy(() -> insertUser(null)).satisfies(e -> assertThat(sqlState(e)).isEqualTo("23502"));
  }

  @Test
  void deletingAUserDeletesItsPosts() throws SQLException {
    long userId = insertUser("cascade");
    insertPost(userId, "one");
    insertPost(userId, "two");
    long otherId = insertUser("bystander");
    insertPost(otherId, "kept");

    update("DELETE FROM users WHERE id = ?", userId);

    assertThat(count("SELECT count(*) FROM posts WHERE user_id = ?", userId)).isZero();
    assertThat(count("SELECT count(*) FROM posts WHERE user_id = ?", otherId)).isEqualTo(1);
  }

  @Test
  void postsNeedAnExistingUser() {
    assertThatThrownBy(() -> insertPost(999_999_999L, "orphan"))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("posts_user_id_fkey"));
  }

  @Test
  void titlesMustBeOneToOneHundredTwentyCharactersAndNotBlank() throws SQLException {
    long userId = insertUser("titles");
    insertPost(userId, "t".repeat(120));

    assertThatThrownBy(() -> insertPost(userId, "t".repeat(121)))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("posts_title_length_check"));
    assertThatThrownBy(() -> insertPost(userId, ""))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("posts_title_length_check"));
    assertThatThrownBy(() -> insertPost(userId, "   "))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("posts_title_not_blank_check"));
    assertThat(count("SELECT count(*) FROM posts WHERE user_id = ?", userId)).isEqualTo(1);
  }

  @Test
  void defaultsFillCreatedAtAndVersion() throws SQLException {
    long userId = insertUser("defaults");

    assertThat(count("SELECT count(*) FROM users WHERE id = ? AND version = 0 AND created_at <= now()", userId))
        .isEqualTo(1);
  }

  @Test
  void tagNamesAreUniqueRegardlessOfCaseOneToFiftyCharactersAndNotBlank() throws SQLException {
    insertTag("Java");
    insertTag("t".repeat(50));

    assertThatThrownBy(() -> insertTag("JAVA"))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("tags_name_lower_key"));
    assertThatThrownBy(() -> insertTag("t".repeat(51)))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("tags_name_length_check"));
    assertThatThrownBy(() -> insertTag(""))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("tags_name_length_check"));
    assertThatThrownBy(() -> insertTag(" \n "))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("tags_name_not_blank_check"));
    assertThatThrownBy(() -> insertTag(null)).satisfies(e -> assertThat(sqlState(e)).isEqualTo("23502"));
    assertThat(count("SELECT count(*) FROM tags WHERE lower(name) = 'java' AND version = ?", 0)).isEqualTo(1);
  }

  @Test
  void aPostCarriesATagOnceAndDeletingEitherSideDeletesOnlyTheLink() throws SQLException {
    long userId = insertUser("tagger");
    long post = insertPost(userId, "tagged");
    long other = insertPost(userId, "also tagged");
    long tag = insertTag("links");
    long kept = insertTag("kept");
    link(post, tag);
    link(other, tag);
    link(post, kept);

    assertThatThrownBy(() -> link(post, tag)).satisfies(e -> assertThat(constraint(e)).isEqualTo("post_tags_pkey"));
    assertThatThrownBy(() -> link(post, 999_999_999L))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("post_tags_tag_id_fkey"));
    assertThatThrownBy(() -> link(999_999_999L, tag))
        .satisfies(e -> assertThat(constraint(e)).isEqualTo("post_tags_post_id_fkey"));

    update("DELETE FROM tags WHERE id = ?", tag);
    assertThat(count("SELECT count(*) FROM post_tags WHERE tag_id = ?", tag)).isZero();
    assertThat(count("SELECT count(*) FROM posts WHERE user_id = ?", userId)).isEqualTo(2);

    update("DELETE FROM posts WHERE id = ?", post);
    assertThat(count("SELECT count(*) FROM post_tags WHERE tag_id = ?", kept)).isZero();
    assertThat(count("SELECT count(*) FROM tags WHERE id = ?", kept)).isEqualTo(1);
  }

  @Test
  void deletingAUserDeletesThePostTagLinksOfItsPostsButNotTheTags() throws SQLException {
    long userId = insertUser("tag-cascade");
    long tag = insertTag("survives");
    link(insertPost(userId, "gone"), tag);

    update("DELETE FROM users WHERE id = ?", userId);

    assertThat(count("SELECT count(*) FROM post_tags WHERE tag_id = ?", tag)).isZero();
    assertThat(count("SELECT count(*) FROM tags WHERE id = ?", tag)).isEqualTo(1);
  }

  private long insertTag(String name) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO tags (name) VALUES (?) RETURNING id")) {
      insert.setString(1, name);
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private void link(long postId, long tagId) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO post_tags (post_id, tag_id) VALUES (?, ?)")) {
      insert.setLong(1, postId);
      insert.setLong(2, tagId);
      insert.executeUpdate();
    }
  }

  private long insertUser(String username) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO users (username) VALUES (?) RETURNING id")) {
      insert.setString(1, username);
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private long insertPost(long userId, String title) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO posts (user_id, title, content) VALUES (?, ?, 'body') RETURNING id")) {
      insert.setLong(1, userId);
      insert.setString(2, title);
      try (ResultSet rows = insert.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private void update(String sql, long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      statement.executeUpdate();
    }
  }

  private long count(String sql, long id) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private long countUsers(String username) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT count(*) FROM users WHERE lower(username) = lower(?)")) {
      statement.setString(1, username);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static String constraint(Throwable e) {
    return ((PSQLException) e).getServerErrorMessage().getConstraint();
  }

  private static String sqlState(Throwable e) {
    return ((PSQLException) e).getSQLState();
  }
}
