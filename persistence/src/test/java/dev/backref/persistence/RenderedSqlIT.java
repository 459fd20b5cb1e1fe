package dev.backref.persistence;

import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.userPosts;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statements of a fixed shape (by id, by name, a page, {@code link = any(?)}) are rendered once per
 * plan node and later calls copy their layout and only bind: every call must still read its own
 * rows, from any thread, under every policy and a plan that joins and nests.
 */
@MigratedPostgres
class RenderedSqlIT {

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;
  static List<User> users = new ArrayList<>();

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    recorder = StatementRecorder.wrap(pool);
    backref = Backref.create(recorder.dataSource());
    for (int i = 0; i < 30; i++) {
      List<NewPost> posts = new ArrayList<>();
      for (int p = 0; p < i % 4; p++) {
        posts.add(new NewPost("post " + p + " of user " + i, "content " + i + "/" + p));
      }
      users.add(backref.users().create("user" + (char) ('a' + i % 26) + i, posts));
    }
    for (User user : users) {
      for (Post post : backref.users().getById(user.id(), FetchPolicy.SELECT_IN).posts().get()) {
        backref.posts().tag(post.id(), List.of("t" + post.id() % 3, "u" + user.id() % 2));
      }
    }
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @Test
  void everyPolicyReadsEachCallsOwnRowsOnceTheShapeIsRendered() {
    for (FetchPolicy policy : FetchPolicy.values()) {
      for (int round = 0; round < 2; round++) {
        for (User user : users) {
          User loaded = backref.users().getById(user.id(), policy);
          FetchPolicy reference = policy == FetchPolicy.NONE ? FetchPolicy.NONE : FetchPolicy.SELECT_IN;
          assertThat(describe(loaded, policy)).as("%s, round %d", policy, round).isEqualTo(describe(fresh(user.id()), reference));
          assertThat(backref.users().getByUsername(user.username(), policy).id()).isEqualTo(user.id());
        }
      }
    }
  }

  @Test
  void aPlanThatJoinsAndNestsReusesItsStatementsAcrossThreads() throws Exception {
    List<FetchPlan<User>> plans =
        List.of(
            FetchPlan.of(userPosts(FetchPolicy.JOINED, postTags(FetchPolicy.MULTISET))),
            FetchPlan.of(userPosts(FetchPolicy.MULTISET, postTags(FetchPolicy.JOINED))),
            FetchPlan.of(userPosts(FetchPolicy.SELECT_IN, postTags(FetchPolicy.SELECT_IN))),
            FetchPlan.of(userPosts(FetchPolicy.SUBQUERY, postTags(FetchPolicy.SUBQUERY))));
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        int seed = t;
        work.add(
            threads.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(seed);
                  for (int i = 0; i < 150; i++) {
                    User user = users.get(random.nextInt(users.size()));
                    FetchPlan<User> plan = plans.get(random.nextInt(plans.size()));
                    assertThat(tagged(backref.users().getById(user.id(), plan))).isEqualTo(tagged(fresh(user.id())));
                  }
                  return null;
                }));
      }
      for (Future<?> future : work) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    for (FetchPlan<User> plan : plans) {
      assertThat(plan.plan(UserMapping.USER).root().rendered("User.byId")).as("rendered once and kept").isNotNull();
    }
  }

  @Test
  void pagesOfEveryLimitAndStartReadTheirOwnRows() {
    for (int limit = 1; limit <= 7; limit++) {
      String after = null;
      List<Long> seen = new ArrayList<>();
      do {
        Page<User> page = backref.users().page(after, limit, FetchPolicy.JOINED);
        page.items().forEach(user -> seen.add(user.id()));
        after = page.next().orElse(null);
      } while (after != null);
      assertThat(seen).as("limit %d", limit).containsExactlyInAnyOrderElementsOf(users.stream().map(User::id).toList());
    }
  }

  /** The user as a plan with every relation loaded separately reads it: the reference. */
  private static User fresh(long id) {
    return Backref.create(pool).users().getById(id, FetchPlan.of(userPosts(FetchPolicy.SELECT_IN, postTags(FetchPolicy.SELECT_IN))));
  }

  private static String describe(User user, FetchPolicy policy) {
    StringBuilder out = new StringBuilder(user.id() + " " + user.username());
    if (policy == FetchPolicy.NONE) {
      return out.toString();
    }
    List<Post> posts =
        policy == FetchPolicy.DYNAMIC ? user.posts().query(PostQuery.class).fetch() : user.posts().get();
    for (Post post : posts) {
      out.append(" | ").append(post.id()).append(' ').append(post.title()).append(' ').append(post.createdAt());
    }
    return out.toString();
  }

  private static String tagged(User user) {
    StringBuilder out = new StringBuilder(user.id() + " " + user.username());
    for (Post post : user.posts().get()) {
      out.append(" | ").append(post.id()).append(' ').append(post.content());
      for (Tag tag : post.tags().get()) {
        out.append(' ').append(tag.name());
      }
    }
    return out.toString();
  }
}
