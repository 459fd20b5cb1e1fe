package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.RelationState;
import dev.backref.domain.User;
import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deferred policies after the loading call returned: concurrency, later snapshots, a vanished database. */
@MigratedPostgres
class LazyLoadingIT {

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    DSLContext dsl = Dataset.dsl(pool);
    java.util.Random random = new java.util.Random(7);
    long common = TagData.tag(dsl, "common");
    for (int i = 0; i < 20; i++) {
      long user = Dataset.user(dsl, "lazy-" + i, Dataset.EPOCH);
      Dataset.posts(dsl, user, 3, random, "Post");
      TagData.linkAllPostsOf(dsl, user, common);
      TagData.linkAllPostsOf(dsl, user, TagData.tag(dsl, "own-" + i));
    }
    recorder = StatementRecorder.wrap(pool);
    backref = Backref.builder(recorder.dataSource()).batchSize(8).build();
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @BeforeEach
  void reset() {
    recorder.reset();
  }

  @Test
  void manyThreadsReadingOneLazyRelationSendExactlyOneStatement() throws Exception {
    User user = backref.users().getByUsername("lazy-0", FetchPolicy.LAZY);
    recorder.reset();

    List<List<Post>> results = inParallel(32, () -> user.posts().get());

    assertThat(recorder.count()).isEqualTo(1);
    assertThat(results).allSatisfy(posts -> assertThat(posts).isSameAs(results.getFirst()).hasSize(3));
    assertThat(user.posts().state()).isEqualTo(RelationState.LOADED);
  }

  @Test
  void threadsReadingDifferentUsersOfOneBatchSendOneStatementPerBatch() throws Exception {
    List<User> users = backref.users().findAll(UserFilter.all().usernameContains("lazy-"), FetchPolicy.BATCH);
    recorder.reset();

    // 20 users, batch size 8: batches of 8, 8 and 4 users, touched by 60 threads at once, 3 per user.
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    List<List<Post>> loaded = inParallel(60, () -> users.get(next.getAndIncrement() % 20).posts().get());

    assertThat(users).hasSize(20);
    assertThat(loaded).hasSize(60).allSatisfy(posts -> assertThat(posts).hasSize(3));
    assertThat(recorder.count()).isEqualTo(3);
    assertThat(users).allSatisfy(user -> assertThat(user.posts().isLoaded()).isTrue());
  }

  @Test
  void lazyAuthorsLoadOncePerDistinctAuthorEvenFromManyThreads() throws Exception {
    List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("Post "), FetchPolicy.LAZY);
    recorder.reset();

    inParallel(40, () -> posts.stream().map(Post::author).distinct().count());

    assertThat(recorder.count()).isEqualTo(20);
    assertThat(posts.stream().map(Post::author).distinct()).hasSize(20);
  }

  @Test
  void manyThreadsReadingOnePostsLazyTagsSendOneStatement() throws Exception {
    List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("Post "), FetchPolicy.NONE, FetchPolicy.LAZY);
    Post post = posts.getFirst();
    recorder.reset();

    List<List<dev.backref.domain.Tag>> results = inParallel(32, () -> post.tags().get());

    assertThat(recorder.count()).isEqualTo(1);
    assertThat(results).allSatisfy(tags -> assertThat(tags).isSameAs(results.getFirst()).hasSize(2));
  }

  @Test
  void tagsLoadedLazilyByDifferentPostsOfOneLoadAreOneInstance() throws Exception {
    List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("Post "), FetchPolicy.NONE, FetchPolicy.LAZY);
    recorder.reset();

    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    inParallel(60, () -> posts.get(next.getAndIncrement()).tags().get());

    assertThat(recorder.count()).isEqualTo(60);
    java.util.Set<dev.backref.domain.Tag> commons = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Post post : posts) {
      commons.add(post.tags().get().stream().filter(tag -> tag.name().equals("common")).findFirst().orElseThrow());
    }
    assertThat(commons).hasSize(1);
  }

  @Test
  void threadsReadingTagsOfOneBatchOfPostsSendOneStatementPerBatch() throws Exception {
    List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("Post "), FetchPolicy.NONE, FetchPolicy.BATCH);
    recorder.reset();

    // 60 posts, batch size 8: 8 batches, touched by 60 threads at once.
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    inParallel(60, () -> posts.get(next.getAndIncrement()).tags().get());

    assertThat(recorder.count()).isEqualTo(8);
    assertThat(posts).allSatisfy(post -> assertThat(post.tags().get()).hasSize(2));
  }

  @Test
  void aTagsLazyPostsLoadOnceAndPointAtNothingElse() {
    dev.backref.domain.Tag common = backref.tags().getByName("common", FetchPolicy.LAZY);
    recorder.reset();

    assertThat(common.posts().get()).hasSize(60);
    assertThat(common.posts().get()).hasSize(60);

    assertThat(recorder.count()).isEqualTo(1);
    assertThat(common.posts().get().getFirst().tags().isLoaded()).isFalse();
  }

  @Test
  void aLazyRelationLoadsTheDataAsOfItsFirstAccess() {
    User user = backref.users().create("later-snapshot");
    User lazy = backref.users().getById(user.id(), FetchPolicy.LAZY);

    backref.posts().create(user.id(), new NewPost("written after the load", "..."));

    assertThat(lazy.posts().get()).extracting(Post::title).containsExactly("written after the load");
  }

  @Test
  void aLazyRelationUsesTheDataSourceAfterTheTransactionThatLoadedItEnded() {
    User loaded = backref.transactionResult(tx -> tx.users().getByUsername("lazy-3", FetchPolicy.LAZY));

    assertThat(loaded.posts().get()).hasSize(3).allSatisfy(post -> assertThat(post.author()).isSameAs(loaded));
  }

  @Test
  void whenTheDatabaseIsGoneALazyRelationFailsClearlyAndStaysLazy(PostgresServer server) {
    User user;
    try (TestDatabase doomed = server.createDatabase()) {
      // Unpooled: the lazy load must reach the server and hear that the database is gone, not
      // find the test database's pool closed.
      Migrations.of(doomed.unpooledDataSource()).migrate();
      Backref shortLived = Backref.create(doomed.unpooledDataSource());
      user = shortLived.users().getById(shortLived.users().create("doomed").id(), FetchPolicy.LAZY);
    }

    assertThatThrownBy(() -> user.posts().get())
        .isInstanceOf(RelationLoadException.class)
        .hasMessageStartingWith("Could not load User#" + user.id() + ".posts lazily: ")
        .hasMessageContaining("does not exist")
        .hasCauseInstanceOf(DataAccessException.class);
    assertThat(user.posts().state()).isEqualTo(RelationState.LAZY);
  }

  private static <T> List<T> inParallel(int threads, java.util.concurrent.Callable<T> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
