package dev.backref.bench.contender;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.jooq.tables.records.PostsRecord;
import dev.backref.persistence.jooq.tables.records.UsersRecord;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Result;
import org.jooq.impl.DSL;

/** Plain jOOQ, two statements: {@code selectFrom(USERS)}, then the posts of all of them with {@code fetchGroups}. */
final class JooqTwoQueries implements Contender {

  private final DSLContext dsl;

  JooqTwoQueries(DataSource dataSource) {
    this.dsl = Jooq.dsl(dataSource);
  }

  @Override
  public List<User> allUsers() {
    return users(noCondition(), null);
  }

  @Override
  public List<User> page(String afterUsername, int limit) {
    return users(lower(USERS.USERNAME).gt(lower(val(afterUsername))), limit);
  }

  @Override
  public User userById(long id) {
    return users(USERS.ID.eq(id), null).getFirst();
  }

  @Override
  public List<Post> firstPosts(int limit) {
    return dsl.connectionResult(
        connection -> {
          DSLContext one = on(connection);
          Result<PostsRecord> rows = one.selectFrom(POSTS).orderBy(POSTS.CREATED_AT, POSTS.ID).limit(limit).fetch();
          LinkedHashSet<Long> ids = new LinkedHashSet<>(rows.getValues(POSTS.USER_ID));
          Map<Long, User> authors = new HashMap<>();
          for (UsersRecord author : one.selectFrom(USERS).where(USERS.ID.eq(any(ids.toArray(Long[]::new)))).fetch()) {
            authors.put(author.getId(), Jooq.author(author));
          }
          List<Post> posts = new ArrayList<>(rows.size());
          for (PostsRecord row : rows) {
            posts.add(Jooq.post(row, authors.get(row.getUserId())));
          }
          return posts;
        });
  }

  @Override
  public List<User> nestedGraph() {
    throw new UnsupportedOperationException("the nested graph's plain-jOOQ contender is " + Contenders.JOOQ_MULTISET);
  }

  @Override
  public User insertRolledBack(String username, List<NewPost> posts) {
    return Jooq.insertRolledBack(dsl, username, posts);
  }

  private List<User> users(Condition condition, Integer limit) {
    return dsl.connectionResult(
        connection -> {
          DSLContext one = on(connection);
          var query = one.selectFrom(USERS).where(condition).orderBy(lower(USERS.USERNAME));
          Result<UsersRecord> rows = limit == null ? query.fetch() : query.limit(limit).fetch();
          Map<Long, Result<PostsRecord>> posts =
              rows.isEmpty()
                  ? Map.of()
                  : one.selectFrom(POSTS)
                      .where(POSTS.USER_ID.eq(any(rows.getValues(USERS.ID).toArray(Long[]::new))))
                      .orderBy(POSTS.USER_ID, POSTS.CREATED_AT, POSTS.ID)
                      .fetchGroups(POSTS.USER_ID);
          List<User> users = new ArrayList<>(rows.size());
          for (UsersRecord row : rows) {
            Result<PostsRecord> found = posts.get(row.getId());
            List<PostsRecord> own = found == null ? List.of() : found;
            users.add(
                User.of(
                    row.getId(), row.getUsername(), row.getCreatedAt(), row.getVersion(),
                    self -> {
                      List<Post> loaded = new ArrayList<>(own.size());
                      for (PostsRecord post : own) {
                        loaded.add(Jooq.post(post, self));
                      }
                      return ToMany.loaded(loaded);
                    }));
          }
          return users;
        });
  }

  /** Both statements on one connection, as the library's SELECT_IN does. */
  private DSLContext on(Connection connection) {
    return DSL.using(connection, dsl.dialect(), dsl.settings());
  }
}
