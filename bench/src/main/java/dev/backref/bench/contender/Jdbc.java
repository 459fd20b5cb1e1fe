package dev.backref.bench.contender;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** What both raw JDBC contenders share: SQL fragments, column reading, the insert, error wrapping. */
final class Jdbc {

  static final String USER_COLUMNS = "u.id, u.username, u.created_at, u.version";
  static final String POST_COLUMNS = "p.id, p.user_id, p.title, p.content, p.created_at, p.version";
  static final String TAG_COLUMNS = "t.id, t.name, t.created_at, t.version";
  static final String AUTHOR_HINT = "loaded as the author of posts";
  static final String TAG_HINT = "loaded as a tag of posts";

  /** A post row read ahead of its author instance (the two-query form needs it). */
  record PostRow(long id, long userId, String title, String content, Instant createdAt, long version) {
    Post toPost(User author) {
      return Post.of(id, userId, title, content, createdAt, version, ToOne.loaded(author));
    }

    Post toPost(User author, List<Tag> tags) {
      return Post.of(id, userId, title, content, createdAt, version, ToOne.loaded(author), ToMany.loaded(tags));
    }
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private Jdbc() {}

  static <T> T withConnection(DataSource dataSource, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** Reads the post columns starting at {@code first}: id, user_id, title, content, created_at, version. */
  static PostRow postRow(ResultSet rs, int first) throws SQLException {
    return new PostRow(
        rs.getLong(first), rs.getLong(first + 1), rs.getString(first + 2), rs.getString(first + 3),
        instant(rs, first + 4), rs.getLong(first + 5));
  }

  /** A user from the columns starting at {@code first} (id, username, created_at, version), posts not loaded. */
  static User author(ResultSet rs, int first) throws SQLException {
    return User.of(
        rs.getLong(first), rs.getString(first + 1), instant(rs, first + 2), rs.getLong(first + 3),
        self -> ToMany.notLoaded(AUTHOR_HINT));
  }

  /**
   * The tag {@code id} whose columns start at {@code first} (id, already read, then name,
   * created_at, version), posts not loaded: the instance in {@code tags} if that id was read before
   * in this load, else a new one put there.
   */
  static Tag tag(ResultSet rs, long id, int first, Map<Long, Tag> tags) throws SQLException {
    Tag tag = tags.get(id);
    if (tag == null) {
      tag = Tag.of(id, rs.getString(first + 1), instant(rs, first + 2), rs.getLong(first + 3), ToMany.notLoaded(TAG_HINT));
      tags.put(id, tag);
    }
    return tag;
  }

  static Array ids(Connection connection, List<Long> ids) throws SQLException {
    return connection.createArrayOf("int8", ids.toArray());
  }

  /** One user row and one multi-row insert of the posts, both with RETURNING, then ROLLBACK. */
  static User insertRolledBack(DataSource dataSource, String username, List<NewPost> posts) {
    return withConnection(
        dataSource,
        connection -> {
          connection.setAutoCommit(false);
          try {
            long id;
            String name;
            Instant createdAt;
            long version;
            try (PreparedStatement insert =
                connection.prepareStatement("insert into users (username) values (?) returning id, username, created_at, version")) {
              insert.setString(1, username);
              try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
                name = rs.getString(2);
                createdAt = instant(rs, 3);
                version = rs.getLong(4);
              }
            }
            List<PostRow> rows = new ArrayList<>(posts.size());
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "insert into posts (user_id, title, content)"
                        + " select ?, t.title, t.content from unnest(?::text[], ?::text[]) with ordinality as t(title, content, n)"
                        + " order by t.n returning id, user_id, title, content, created_at, version")) {
              insert.setLong(1, id);
              insert.setArray(2, connection.createArrayOf("text", posts.stream().map(NewPost::title).toArray()));
              insert.setArray(3, connection.createArrayOf("text", posts.stream().map(NewPost::content).toArray()));
              try (ResultSet rs = insert.executeQuery()) {
                while (rs.next()) {
                  rows.add(postRow(rs, 1));
                }
              }
            }
            rows.sort(Comparator.comparingLong(PostRow::id));
            return User.of(id, name, createdAt, version, self -> ToMany.loaded(rows.stream().map(row -> row.toPost(self)).toList()));
          } finally {
            connection.rollback();
            connection.setAutoCommit(true);
          }
        });
  }
}
