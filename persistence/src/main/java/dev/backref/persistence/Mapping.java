package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/**
 * Rows to aggregates. Column sets are resolved once per query, not per row. The read paths select
 * {@link UserColumns#fields()} and {@link PostColumns#fields()} and read them by position from the
 * JDBC result set (see {@link Rows}); records remain for MULTISET, streams and writes.
 */
final class Mapping {

  /** How many columns {@link UserColumns#fields()} and {@link PostColumns#fields()} select. */
  static final int USER_COLUMNS = 4;

  static final int POST_COLUMNS = 6;

  /** Where {@code posts.user_id} is among {@link PostColumns#fields()}, counted from 0. */
  static final int POST_USER_ID = 1;

  private Mapping() {}

  /** The user columns of {@code USERS} or of a derived table selecting them. */
  record UserColumns(Field<Long> id, Field<String> username, Field<Instant> createdAt, Field<Long> version) {

    static final UserColumns USERS_TABLE =
        new UserColumns(USERS.ID, USERS.USERNAME, USERS.CREATED_AT, USERS.VERSION);

    static UserColumns of(Table<?> table) {
      return new UserColumns(
          table.field(USERS.ID), table.field(USERS.USERNAME), table.field(USERS.CREATED_AT), table.field(USERS.VERSION));
    }

    Field<?>[] fields() {
      return new Field<?>[] {id, username, createdAt, version};
    }

    User user(Record row, Function<? super User, ToMany<Post>> posts) {
      return User.of(row.get(id), row.get(username), row.get(createdAt), row.get(version), posts);
    }
  }

  /** The post columns of {@code POSTS} or of a derived table selecting them. */
  record PostColumns(
      Field<Long> id,
      Field<Long> userId,
      Field<String> title,
      Field<String> content,
      Field<Instant> createdAt,
      Field<Long> version) {

    static final PostColumns POSTS_TABLE =
        new PostColumns(POSTS.ID, POSTS.USER_ID, POSTS.TITLE, POSTS.CONTENT, POSTS.CREATED_AT, POSTS.VERSION);

    static PostColumns of(Table<?> table) {
      return new PostColumns(
          table.field(POSTS.ID),
          table.field(POSTS.USER_ID),
          table.field(POSTS.TITLE),
          table.field(POSTS.CONTENT),
          table.field(POSTS.CREATED_AT),
          table.field(POSTS.VERSION));
    }

    Field<?>[] fields() {
      return new Field<?>[] {id, userId, title, content, createdAt, version};
    }

    Post post(Record row, ToOne<User> author) {
      return Post.of(
          row.get(id), row.get(userId), row.get(title), row.get(content), row.get(createdAt), row.get(version), author);
    }
  }

  /** The values of the user columns, read before the user's posts are. */
  record UserRow(long id, String username, Instant createdAt, long version) {

    /** Reads {@link UserColumns#fields()} selected from column {@code first} on. */
    static UserRow read(ResultSet rs, int first) throws SQLException {
      return new UserRow(rs.getLong(first), rs.getString(first + 1), instant(rs, first + 2), rs.getLong(first + 3));
    }

    static UserRow of(Record row) {
      return new UserRow(row.get(USERS.ID), row.get(USERS.USERNAME), row.get(USERS.CREATED_AT), row.get(USERS.VERSION));
    }

    User user(Function<? super User, ToMany<Post>> posts) {
      return User.of(id, username, createdAt, version, posts);
    }
  }

  /** The values of the post columns, for posts whose author is built after them. */
  record PostRow(long id, long userId, String title, String content, Instant createdAt, long version) {

    /** Reads {@link PostColumns#fields()} selected from column {@code first} on. */
    static PostRow read(ResultSet rs, int first) throws SQLException {
      return new PostRow(
          rs.getLong(first), rs.getLong(first + 1), rs.getString(first + 2), rs.getString(first + 3),
          instant(rs, first + 4), rs.getLong(first + 5));
    }

    Post post(ToOne<User> author) {
      return Post.of(id, userId, title, content, createdAt, version, author);
    }
  }

  /** Reads {@link PostColumns#fields()} selected from column {@code first} on into a post. */
  static Post post(ResultSet rs, int first, ToOne<User> author) throws SQLException {
    return Post.of(
        rs.getLong(first), rs.getLong(first + 1), rs.getString(first + 2), rs.getString(first + 3),
        instant(rs, first + 4), rs.getLong(first + 5), author);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static Post post(Record row, ToOne<User> author) {
    return PostColumns.POSTS_TABLE.post(row, author);
  }

  static User user(Record row, Function<? super User, ToMany<Post>> posts) {
    return UserColumns.USERS_TABLE.user(row, posts);
  }
}
