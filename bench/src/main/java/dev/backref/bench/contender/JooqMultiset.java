package dev.backref.bench.contender;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.POST_TAGS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record4;
import org.jooq.Record5;
import org.jooq.Record6;
import org.jooq.Result;

/**
 * Plain jOOQ, the way its manual nests collections: one statement with {@code MULTISET}, typed
 * {@code Record5} rows mapped by hand. Posts with their author use a plain join (a to-one needs no
 * nesting). The nested graph nests twice: users with a multiset of posts, each with a multiset of
 * its tags.
 */
final class JooqMultiset implements Contender {

  private static final Field<Result<Record5<Long, String, String, Instant, Long>>> POSTS_OF =
      multiset(
              select(POSTS.ID, POSTS.TITLE, POSTS.CONTENT, POSTS.CREATED_AT, POSTS.VERSION)
                  .from(POSTS)
                  .where(POSTS.USER_ID.eq(USERS.ID))
                  .orderBy(POSTS.CREATED_AT, POSTS.ID))
          .as("posts");

  private static final Field<Result<Record4<Long, String, Instant, Long>>> TAGS_OF =
      multiset(
              select(TAGS.ID, TAGS.NAME, TAGS.CREATED_AT, TAGS.VERSION)
                  .from(POST_TAGS)
                  .join(TAGS)
                  .on(TAGS.ID.eq(POST_TAGS.TAG_ID))
                  .where(POST_TAGS.POST_ID.eq(POSTS.ID))
                  .orderBy(lower(TAGS.NAME), TAGS.ID))
          .as("tags");

  private static final Field<Result<Record6<Long, String, String, Instant, Long, Result<Record4<Long, String, Instant, Long>>>>>
      POSTS_WITH_TAGS_OF =
          multiset(
                  select(POSTS.ID, POSTS.TITLE, POSTS.CONTENT, POSTS.CREATED_AT, POSTS.VERSION, TAGS_OF)
                      .from(POSTS)
                      .where(POSTS.USER_ID.eq(USERS.ID))
                      .orderBy(POSTS.CREATED_AT, POSTS.ID))
              .as("posts");

  private final DSLContext dsl;

  JooqMultiset(DataSource dataSource) {
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
    return Jooq.firstPostsJoined(dsl, limit);
  }

  @Override
  public List<User> nestedGraph() {
    var rows =
        dsl.select(USERS.ID, USERS.USERNAME, USERS.CREATED_AT, USERS.VERSION, POSTS_WITH_TAGS_OF)
            .from(USERS)
            .orderBy(lower(USERS.USERNAME))
            .fetch();
    Map<Long, Tag> tags = new HashMap<>();
    List<User> users = new ArrayList<>(rows.size());
    for (var row : rows) {
      var postRows = row.value5();
      users.add(
          User.of(
              row.value1(), row.value2(), row.value3(), row.value4(),
              self -> {
                List<Post> posts = new ArrayList<>(postRows.size());
                for (var post : postRows) {
                  List<Tag> own = new ArrayList<>(post.value6().size());
                  for (var tag : post.value6()) {
                    own.add(
                        tags.computeIfAbsent(
                            tag.value1(),
                            id -> Tag.of(id, tag.value2(), tag.value3(), tag.value4(), ToMany.notLoaded(Jdbc.TAG_HINT))));
                  }
                  posts.add(
                      Post.of(
                          post.value1(), self.id(), post.value2(), post.value3(), post.value4(), post.value5(),
                          ToOne.loaded(self), ToMany.loaded(own)));
                }
                return ToMany.loaded(posts);
              }));
    }
    return users;
  }

  @Override
  public User insertRolledBack(String username, List<NewPost> posts) {
    return Jooq.insertRolledBack(dsl, username, posts);
  }

  private List<User> users(Condition condition, Integer limit) {
    var query =
        dsl.select(USERS.ID, USERS.USERNAME, USERS.CREATED_AT, USERS.VERSION, POSTS_OF)
            .from(USERS)
            .where(condition)
            .orderBy(lower(USERS.USERNAME));
    var rows = limit == null ? query.fetch() : query.limit(limit).fetch();
    List<User> users = new ArrayList<>(rows.size());
    for (var row : rows) {
      Result<Record5<Long, String, String, Instant, Long>> postRows = row.value5();
      users.add(
          User.of(
              row.value1(), row.value2(), row.value3(), row.value4(),
              self -> {
                List<Post> posts = new ArrayList<>(postRows.size());
                for (var post : postRows) {
                  posts.add(
                      Post.of(
                          post.value1(), self.id(), post.value2(), post.value3(), post.value4(), post.value5(),
                          ToOne.loaded(self)));
                }
                return ToMany.loaded(posts);
              }));
    }
    return users;
  }
}
