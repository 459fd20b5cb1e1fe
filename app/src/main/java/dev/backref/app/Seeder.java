package dev.backref.app;

import static dev.backref.persistence.jooq.Tables.POST_TAGS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.DuplicateUsernameException;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.UserRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Inserts generated users, posts and tags: each user with all its posts in one {@code INSERT}
 * ({@link UserRepository#create(String, List)}), {@value #USERS_PER_TRANSACTION} users per
 * transaction so that commits do not dominate. A username already taken in the database is
 * replaced by another one.
 *
 * <p>Tags are set-based, through jOOQ on the generated tables, because the library tags one post
 * per call: all tag names in one {@code INSERT ... ON CONFLICT DO NOTHING} (a name already in the
 * database is reused), their ids in one {@code SELECT}, then after each transaction of users the
 * links of all its posts in one {@code INSERT ... SELECT FROM unnest(?, ?)}. Not thread-safe.
 */
final class Seeder {

  static final int USERS_PER_TRANSACTION = 100;
  private static final int MAX_NAME_ATTEMPTS = 50;

  private final Backref backref;
  private final DSLContext dsl;
  private final FakeBlog fake;
  private final FakeTags fakeTags;

  /**
   * @param dataSource the database behind {@code backref}, for the set-based tag statements
   */
  Seeder(Backref backref, DataSource dataSource, FakeBlog fake, FakeTags fakeTags) {
    this.backref = backref;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES,
        new Settings().withRenderSchema(false).withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
            .withExecuteLogging(false).withDiagnosticsLogging(false));
    this.fake = fake;
    this.fakeTags = fakeTags;
  }

  /** What one {@link #seed} call inserted: {@code tags} names used (new or not), {@code taggings} post-tag links. */
  record Result(int users, long posts, int tags, long taggings, Duration elapsed) {}

  /**
   * Inserts {@code users} users with {@code postsPerUser} posts each, every post with 0 to {@value
   * FakeTags#MAX_PER_POST} of the tags.
   *
   * @param progress called with the number of posts inserted so far (for a progress bar)
   * @param afterTransaction called after each committed transaction
   */
  Result seed(int users, int postsPerUser, LongConsumer progress, Runnable afterTransaction) {
    long start = System.nanoTime();
    long[] tagIds = ensureTags(fakeTags.names());
    long[] posts = {0};
    long taggings = 0;
    for (int done = 0; done < users; done += USERS_PER_TRANSACTION) {
      int batch = Math.min(USERS_PER_TRANSACTION, users - done);
      List<List<NewPost>> contents = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        contents.add(fake.posts(postsPerUser));
      }
      List<Long> postIds = new ArrayList<>(batch * postsPerUser);
      backref.transaction(
          tx -> {
            for (List<NewPost> content : contents) {
              User user = create(tx.users(), content);
              user.posts().forEach(post -> postIds.add(post.id()));
              posts[0] += content.size();
              progress.accept(posts[0]);
            }
          });
      taggings += tag(postIds, tagIds);
      afterTransaction.run();
    }
    return new Result(users, posts[0], tagIds.length, taggings, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Creates a user with a fresh generated name, retrying with another one if the name is taken. */
  User create(UserRepository users, List<NewPost> posts) {
    for (int attempt = 1; ; attempt++) {
      try {
        return users.create(fake.username(), posts);
      } catch (DuplicateUsernameException e) {
        if (attempt == MAX_NAME_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * The ids of the tags named, in the order given, inserting those missing: two statements (none
   * without names). Names are compared regardless of case, like the library does.
   */
  private long[] ensureTags(List<String> names) {
    if (names.isEmpty()) {
      return new long[0];
    }
    String[] given = names.toArray(String[]::new);
    dsl.insertInto(TAGS, TAGS.NAME)
        .select(select(field("unnest({0})", String.class, val(given))))
        .onConflictDoNothing()
        .execute();
    Map<String, Long> ids = new HashMap<>();
    for (Record2<Long, String> row :
        dsl.select(TAGS.ID, lower(TAGS.NAME)).from(TAGS).where(lower(TAGS.NAME).in(lowerCase(given))).fetch()) {
      ids.put(row.value2(), row.value1());
    }
    long[] result = new long[given.length];
    for (int i = 0; i < given.length; i++) {
      result[i] = ids.get(given[i].toLowerCase(Locale.ROOT));
    }
    return result;
  }

  private static List<String> lowerCase(String[] names) {
    List<String> lower = new ArrayList<>(names.length);
    for (String name : names) {
      lower.add(name.toLowerCase(Locale.ROOT));
    }
    return lower;
  }

  /** Links each post to the tags {@link FakeTags#nextPost()} draws for it, in one statement; returns the links made. */
  private int tag(List<Long> postIds, long[] tagIds) {
    if (tagIds.length == 0) {
      return 0;
    }
    List<Long> linkPosts = new ArrayList<>();
    List<Long> linkTags = new ArrayList<>();
    for (Long postId : postIds) {
      for (int tag : fakeTags.nextPost()) {
        linkPosts.add(postId);
        linkTags.add(tagIds[tag]);
      }
    }
    if (linkPosts.isEmpty()) {
      return 0;
    }
    return dsl.insertInto(POST_TAGS, POST_TAGS.POST_ID, POST_TAGS.TAG_ID)
        .select(select(field(name("link", "post_id"), Long.class), field(name("link", "tag_id"), Long.class))
            .from(table("unnest({0}, {1}) as link(post_id, tag_id)",
                val(linkPosts.toArray(Long[]::new)), val(linkTags.toArray(Long[]::new)))))
        .execute();
  }
}
