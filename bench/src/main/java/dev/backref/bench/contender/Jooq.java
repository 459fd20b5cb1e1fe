package dev.backref.bench.contender;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.jooq.tables.records.PostsRecord;
import dev.backref.persistence.jooq.tables.records.UsersRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep3;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** What both plain-jOOQ contenders share: the context (same settings as the library), posts with authors, the insert. */
final class Jooq {

  private Jooq() {}

  /** The library's own settings, so that the comparison is about mapping, not about logging. */
  static DSLContext dsl(DataSource dataSource) {
    Settings settings =
        new Settings()
            .withRenderSchema(false)
            .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
            .withExecuteLogging(false)
            .withDiagnosticsLogging(false);
    return DSL.using(dataSource, SQLDialect.POSTGRES, settings);
  }

  static Post post(PostsRecord row, User author) {
    return Post.of(
        row.getId(), row.getUserId(), row.getTitle(), row.getContent(), row.getCreatedAt(), row.getVersion(),
        ToOne.loaded(author));
  }

  static User author(Record row) {
    return User.of(
        row.get(USERS.ID), row.get(USERS.USERNAME), row.get(USERS.CREATED_AT), row.get(USERS.VERSION),
        self -> ToMany.notLoaded(Jdbc.AUTHOR_HINT));
  }

  /** Posts joined with their author, one author instance per id. */
  static List<Post> firstPostsJoined(DSLContext dsl, int limit) {
    var rows =
        dsl.select(POSTS.fields())
            .select(USERS.ID, USERS.USERNAME, USERS.CREATED_AT, USERS.VERSION)
            .from(POSTS)
            .join(USERS)
            .on(USERS.ID.eq(POSTS.USER_ID))
            .orderBy(POSTS.CREATED_AT, POSTS.ID)
            .limit(limit)
            .fetch();
    Map<Long, User> authors = new HashMap<>();
    List<Post> posts = new ArrayList<>(rows.size());
    for (Record row : rows) {
      User author = authors.computeIfAbsent(row.get(USERS.ID), id -> author(row));
      posts.add(post(row.into(POSTS), author));
    }
    return posts;
  }

  static User insertRolledBack(DSLContext dsl, String username, List<NewPost> newPosts) {
    try {
      return dsl.transactionResult(
          configuration -> {
            DSLContext tx = configuration.dsl();
            UsersRecord user = tx.insertInto(USERS).set(USERS.USERNAME, username).returning().fetchSingle();
            InsertValuesStep3<PostsRecord, Long, String, String> insert =
                tx.insertInto(POSTS, POSTS.USER_ID, POSTS.TITLE, POSTS.CONTENT);
            for (NewPost post : newPosts) {
              insert = insert.values(user.getId(), post.title(), post.content());
            }
            List<PostsRecord> rows = new ArrayList<>(insert.returning().fetch());
            rows.sort(Comparator.comparing(PostsRecord::getId));
            throw new Rollback(
                User.of(
                    user.getId(), user.getUsername(), user.getCreatedAt(), user.getVersion(),
                    self -> ToMany.loaded(rows.stream().map(row -> post(row, self)).toList())));
          });
    } catch (Rollback rollback) {
      return rollback.user();
    }
  }
}
