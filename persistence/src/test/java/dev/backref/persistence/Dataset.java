package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;

import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.jooq.tables.records.PostsRecord;
import dev.backref.persistence.jooq.tables.records.UsersRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Seeds users and posts with explicit timestamps, and reads the expected graph back with plain SQL. */
final class Dataset {

  static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  /** What every policy must produce: users and their posts, compared field by field. */
  record ExpectedPost(long id, long authorId, String title, String content, Instant createdAt, long version) {
    static ExpectedPost of(Post post) {
      return new ExpectedPost(post.id(), post.authorId(), post.title(), post.content(), post.createdAt(), post.version());
    }
  }

  record ExpectedUser(long id, String username, Instant createdAt, long version, List<ExpectedPost> posts) {}

  private Dataset() {}

  static DSLContext dsl(DataSource dataSource) {
    return DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  static long user(DSLContext dsl, String username, Instant createdAt) {
    return dsl.insertInto(USERS).set(USERS.USERNAME, username).set(USERS.CREATED_AT, createdAt).returning(USERS.ID).fetchSingle().getId();
  }

  /** Inserts {@code count} posts for {@code userId} in one statement; timestamps may tie, ids break ties. */
  static void posts(DSLContext dsl, long userId, int count, Random random, String titlePrefix) {
    if (count == 0) {
      return;
    }
    var insert = dsl.insertInto(POSTS, POSTS.USER_ID, POSTS.TITLE, POSTS.CONTENT, POSTS.CREATED_AT);
    for (int i = 0; i < count; i++) {
      // Few distinct timestamps, in random order: id order and created_at order disagree, and ties happen.
      Instant createdAt = EPOCH.plusSeconds(random.nextInt(Math.max(2, count / 3)));
      insert = insert.values(userId, titlePrefix + " " + i, "content " + i + " of user " + userId, createdAt);
    }
    insert.execute();
  }

  /** The expected graph of the users whose username starts with {@code prefix}, by lower(username). */
  static List<ExpectedUser> expected(DataSource dataSource, String prefix) {
    DSLContext dsl = dsl(dataSource);
    Map<Long, List<ExpectedPost>> posts = new LinkedHashMap<>();
    for (PostsRecord post : dsl.selectFrom(POSTS).orderBy(POSTS.USER_ID, POSTS.CREATED_AT, POSTS.ID).fetch()) {
      posts.computeIfAbsent(post.getUserId(), id -> new ArrayList<>())
          .add(new ExpectedPost(post.getId(), post.getUserId(), post.getTitle(), post.getContent(), post.getCreatedAt(), post.getVersion()));
    }
    List<ExpectedUser> users = new ArrayList<>();
    for (UsersRecord user :
        dsl.selectFrom(USERS).where(USERS.USERNAME.startsWith(prefix)).orderBy(DSL.lower(USERS.USERNAME)).fetch()) {
      users.add(
          new ExpectedUser(
              user.getId(), user.getUsername(), user.getCreatedAt(), user.getVersion(), posts.getOrDefault(user.getId(), List.of())));
    }
    return users;
  }

  /** The graph as loaded, reading every user's posts (which loads lazy relations). */
  static List<ExpectedUser> actual(List<User> users, FetchPolicy policy) {
    List<ExpectedUser> result = new ArrayList<>();
    for (User user : users) {
      List<Post> posts =
          policy == FetchPolicy.DYNAMIC ? user.posts().query(PostQuery.class).fetch() : user.posts().get();
      result.add(
          new ExpectedUser(
              user.id(), user.username(), user.createdAt(), user.version(), posts.stream().map(ExpectedPost::of).toList()));
    }
    return result;
  }

  static List<ExpectedUser> sortedByUsername(List<ExpectedUser> users) {
    return users.stream().sorted(Comparator.comparing(u -> u.username().toLowerCase(java.util.Locale.ROOT))).toList();
  }
}
