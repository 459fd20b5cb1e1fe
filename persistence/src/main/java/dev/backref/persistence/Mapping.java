package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import java.time.Instant;
import java.util.function.Function;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;

/** Rows to aggregates. Column sets are resolved once per query, not per row. */
final class Mapping {

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

  static Post post(Record row, ToOne<User> author) {
    return PostColumns.POSTS_TABLE.post(row, author);
  }

  static User user(Record row, Function<? super User, ToMany<Post>> posts) {
    return UserColumns.USERS_TABLE.user(row, posts);
  }
}
