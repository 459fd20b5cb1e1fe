package dev.backref.persistence;

import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.userPosts;
import static dev.backref.persistence.FetchPolicy.JOINED;
import static dev.backref.persistence.FetchPolicy.LAZY;
import static dev.backref.persistence.FetchPolicy.SELECT_IN;
import static dev.backref.persistence.ListenedData.POSTS;
import static dev.backref.persistence.ListenedData.POSTS_PER_USER;
import static dev.backref.persistence.ListenedData.TAGS;
import static dev.backref.persistence.ListenedData.USERS;
import static dev.backref.persistence.ListenedData.documentedStatements;
import static dev.backref.persistence.ListenedData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.ListenedData.Recording;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the engine tells a {@link BackrefListener}, against real PostgreSQL: the exact statements
 * (the counts the README documents, and what the JDBC driver saw) and rows of each read, lazy loads
 * per relation and per scope, streams, dynamic queries, failures, and reads without listeners
 * unchanged.
 */
@MigratedPostgres
class ListenerIT {

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static final AtomicBoolean failStatements = new AtomicBoolean();

  Recording heard;
  Backref backref;

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    ListenedData.seed(pool);
    recorder = StatementRecorder.wrap(pool);
    recorder.onStatement(
        sql -> {
          if (failStatements.get()) {
            throw new IllegalStateException("database unavailable for this test");
          }
        });
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @BeforeEach
  void setUp() {
    heard = new Recording();
    backref = Backref.builder(recorder.dataSource()).listener(heard).build();
    recorder.reset();
    failStatements.set(false);
  }

  @AfterEach
  void tearDown() {
    failStatements.set(false);
  }

  @ParameterizedTest
  @EnumSource(FetchPolicy.class)
  void eachReadReportsTheDocumentedStatementsAndItsRowsPerPolicy(FetchPolicy policy) {
    List<User> users = backref.users().findAll(UserFilter.all(), policy);

    assertThat(users).hasSize(USERS);
    assertThat(recorder.count()).isEqualTo(documentedStatements(policy));
    assertThat(heard.loads).singleElement().satisfies(
        event -> {
          assertThat(event.scope().repository()).isEqualTo("UserRepository");
          assertThat(event.scope().method()).isEqualTo("findAll");
          assertThat(event.scope().root()).isEqualTo("User");
          assertThat(event.scope().fetch()).isEqualTo("posts=" + FetchPlan.policyName(policy));
          assertThat(event.statements()).isEqualTo(documentedStatements(policy));
          assertThat(event.rows()).isEqualTo(rows(policy));
          assertThat(event.nanos()).isPositive();
          assertThat(event.succeeded()).isTrue();
          assertThat(event.failure()).isNull();
        });
    assertThat(heard.lazyLoads).isEmpty();
  }

  @Test
  void aPlanIsDescribedAsTextAndCountedWithTheStatementsOfItsNestedRelations() {
    backref.users().findAll(UserFilter.all(), FetchPlan.of(userPosts(SELECT_IN, postTags(JOINED))));
    backref.posts().findAll(PostFilter.all(), JOINED, SELECT_IN);
    backref.tags().findAll(TagFilter.all(), FetchPlan.of());

    assertThat(recorder.count()).isEqualTo(2 + 2 + 1);
    assertThat(heard.loads)
        .extracting(event -> event.scope().toString())
        .containsExactly(
            "UserRepository.findAll(posts=selectin,posts.tags=joined)",
            "PostRepository.findAll(author=joined,tags=selectin)",
            "TagRepository.findAll()");
    assertThat(heard.loads).extracting(LoadEvent::statements).containsExactly(2, 2, 1);
    // Users, then each post joined with its 2 tags; posts joined with their author, then 48 links; the tags.
    assertThat(heard.loads).extracting(LoadEvent::rows).containsExactly((long) USERS + 2 * POSTS, (long) POSTS + 2 * POSTS, (long) TAGS);
  }

  @Test
  void everyReadMethodNamesItselfAndGetReportsAsFind() {
    User first = backref.users().getByUsername("m-00", SELECT_IN);
    backref.users().findById(first.id(), JOINED);
    backref.users().page(null, 5, FetchPlan.of());
    Post post = backref.posts().getById(first.posts().get().getFirst().id(), JOINED, JOINED);
    Tag common = backref.tags().getByName("common", FetchPolicy.NONE);
    backref.tags().findById(common.id(), FetchPolicy.NONE);
    backref.users().findById(-1, JOINED);   // found nothing: still a read

    assertThat(heard.loads)
        .extracting(event -> event.scope().toString())
        .containsExactly(
            "UserRepository.findByUsername(posts=selectin)",
            "UserRepository.findById(posts=joined)",
            "UserRepository.page()",
            "PostRepository.findById(author=joined,tags=joined)",
            "TagRepository.findByName(posts=none)",
            "TagRepository.findById(posts=none)",
            "UserRepository.findById(posts=joined)");
    assertThat(heard.loads).extracting(LoadEvent::statements).containsExactly(2, 1, 1, 1, 1, 1, 1);
    assertThat(heard.loads).extracting(LoadEvent::rows).containsExactly(1L + POSTS_PER_USER, (long) POSTS_PER_USER, 5L, 2L, 1L, 1L, 0L);
    assertThat(post.tags().get()).hasSize(2);
  }

  @Test
  void lazyLoadsAreCountedPerRelationWithTheScopeOfTheReadThatBuiltTheGraph() {
    List<User> users = backref.users().findAll(UserFilter.all(), FetchPlan.of(userPosts(LAZY, postTags(LAZY))));
    for (User user : users.subList(0, 3)) {
      for (Post post : user.posts().get()) {
        post.tags().get();
      }
    }
    users.getFirst().posts().get();   // loaded already: no second load

    assertThat(recorder.count()).isEqualTo(1 + 3 + 3 * POSTS_PER_USER);
    assertThat(heard.loads).singleElement().extracting(LoadEvent::statements).isEqualTo(1);   // lazy loads are theirs
    LoadScope scope = heard.loads.getFirst().scope();
    assertThat(heard.lazyLoads).hasSize(3 + 3 * POSTS_PER_USER).allSatisfy(
        event -> {
          assertThat(event.scope()).isSameAs(scope);
          assertThat(event.policy()).isEqualTo(LAZY);
          assertThat(event.statements()).isEqualTo(1);
          assertThat(event.nanos()).isPositive();
          assertThat(event.succeeded()).isTrue();
        });
    List<LazyLoadEvent> posts = heard.lazyLoads.stream().filter(event -> event.relation().equals("user.posts")).toList();
    List<LazyLoadEvent> tags = heard.lazyLoads.stream().filter(event -> event.relation().equals("post.tags")).toList();
    assertThat(posts).extracting(LazyLoadEvent::lazyLoadsInScope).containsExactly(1, 2, 3);
    assertThat(posts).extracting(LazyLoadEvent::rows).containsOnly((long) POSTS_PER_USER);
    assertThat(posts.getFirst().suggestion()).isEqualTo("FetchPlan.of(userPosts(SELECT_IN))");
    assertThat(tags).extracting(LazyLoadEvent::lazyLoadsInScope).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(tags).extracting(LazyLoadEvent::rows).containsOnly(2L);
    assertThat(tags.getFirst().suggestion()).isEqualTo("FetchPlan.of(userPosts(LAZY, postTags(SELECT_IN)))");
  }

  @Test
  void aLazyLoadCountsThePlanBelowItAndEachReadIsAScopeOfItsOwn() {
    for (int read = 0; read < 2; read++) {
      List<User> users = backref.users().findAll(UserFilter.all().limit(2), FetchPlan.of(userPosts(LAZY, postTags(SELECT_IN))));
      users.getFirst().posts().get().getFirst().tags().get();
    }

    assertThat(heard.lazyLoads).hasSize(2);
    assertThat(heard.lazyLoads).extracting(LazyLoadEvent::lazyLoadsInScope).containsExactly(1, 1);
    assertThat(heard.lazyLoads.get(0).scope()).isNotSameAs(heard.lazyLoads.get(1).scope()).isNotEqualTo(heard.lazyLoads.get(1).scope());
    // The posts of one user, then their tags by SELECT_IN: 2 statements, 2 posts and 4 links.
    assertThat(heard.lazyLoads.getFirst().statements()).isEqualTo(2);
    assertThat(heard.lazyLoads.getFirst().rows()).isEqualTo(POSTS_PER_USER + 2L * POSTS_PER_USER);
  }

  @Test
  void batchAndToOneLazyLoadsAreReportedOncePerStatement() {
    Backref batched = Backref.builder(recorder.dataSource()).batchSize(5).listener(heard).build();
    List<User> users = batched.users().findAll(UserFilter.all(), FetchPolicy.BATCH);
    users.forEach(user -> user.posts().get());
    List<Post> posts = batched.posts().findAll(PostFilter.all(), LAZY);
    posts.forEach(post -> post.author().username());

    assertThat(recorder.count()).isEqualTo(1 + 3 + 1 + USERS);
    // BATCH: one load per batch of 5 users; LAZY to-one: one per distinct author, not per post.
    List<LazyLoadEvent> batches = heard.lazyLoads.stream().filter(event -> event.relation().equals("user.posts")).toList();
    assertThat(batches).extracting(LazyLoadEvent::policy).containsOnly(FetchPolicy.BATCH);
    assertThat(batches).extracting(LazyLoadEvent::rows).containsExactly(10L, 10L, 4L);
    List<LazyLoadEvent> authors = heard.lazyLoads.stream().filter(event -> event.relation().equals("post.author")).toList();
    assertThat(authors).hasSize(USERS).extracting(LazyLoadEvent::rows).containsOnly(1L);
    assertThat(authors.getLast().lazyLoadsInScope()).isEqualTo(USERS);
    assertThat(authors.getLast().suggestion()).isEqualTo("FetchPlan.of(postAuthor(SELECT_IN))");
  }

  @Test
  void aStreamIsOneReadReportedWhenItIsClosed() {
    Backref batched = Backref.builder(recorder.dataSource()).batchSize(5).listener(heard).build();
    try (Stream<User> users = batched.users().streamAll(SELECT_IN)) {
      assertThat(users.mapToInt(user -> user.posts().get().size()).sum()).isEqualTo(POSTS);
      assertThat(heard.loads).isEmpty();
    }

    // The root statement, then one posts statement per batch of 5 users.
    assertThat(recorder.count()).isEqualTo(1 + 3);
    assertThat(heard.loads).singleElement().satisfies(
        event -> {
          assertThat(event.scope()).hasToString("UserRepository.streamAll(posts=selectin)");
          assertThat(event.statements()).isEqualTo(4);
          assertThat(event.rows()).isEqualTo(USERS + POSTS);
          assertThat(event.succeeded()).isTrue();
        });
  }

  @Test
  void theBatchesOfAStreamShareOneScope() {
    Backref batched = Backref.builder(recorder.dataSource()).batchSize(5).listener(heard).build();
    try (Stream<User> users = batched.users().streamAll(LAZY)) {
      users.forEach(user -> user.posts().get());
    }

    assertThat(heard.lazyLoads).hasSize(USERS);
    assertThat(heard.lazyLoads).extracting(LazyLoadEvent::scope).containsOnly(heard.loads.getFirst().scope());
    assertThat(heard.lazyLoads.getLast().lazyLoadsInScope()).isEqualTo(USERS);
  }

  @Test
  void dynamicQueriesAreReadsOfTheirQueryClass() {
    User user = backref.users().getByUsername("m-03", FetchPolicy.DYNAMIC);
    PostQuery posts = user.posts().query(PostQuery.class);
    assertThat(posts.fetching(FetchPlan.of(postTags(SELECT_IN))).fetch()).hasSize(POSTS_PER_USER);
    assertThat(posts.count()).isEqualTo(POSTS_PER_USER);

    assertThat(recorder.count()).isEqualTo(4);
    assertThat(heard.loads).extracting(event -> event.scope().toString())
        .containsExactly("UserRepository.findByUsername(posts=dynamic)", "PostQuery.fetch(tags=selectin)", "PostQuery.count()");
    assertThat(heard.loads).extracting(LoadEvent::statements).containsExactly(1, 2, 1);
    assertThat(heard.loads).extracting(LoadEvent::rows).containsExactly(1L, POSTS_PER_USER + 2L * POSTS_PER_USER, 1L);
  }

  @Test
  void readsInATransactionAreReportedToo() {
    int found = backref.transactionResult(tx -> tx.users().findAll(UserFilter.all(), SELECT_IN).size());

    assertThat(found).isEqualTo(USERS);
    assertThat(heard.loads).singleElement().extracting(LoadEvent::statements).isEqualTo(2);
  }

  @Test
  void aFailedReadAndAFailedLazyLoadAreReportedWithTheirError() {
    List<User> users = backref.users().findAll(UserFilter.all(), LAZY);
    failStatements.set(true);
    assertThatThrownBy(() -> backref.users().findAll(UserFilter.all(), SELECT_IN)).hasStackTraceContaining("database unavailable");
    assertThatThrownBy(() -> users.getFirst().posts().get()).hasStackTraceContaining("database unavailable");
    failStatements.set(false);
    assertThat(users.getFirst().posts().get()).hasSize(POSTS_PER_USER);   // still lazy: the retry loads

    assertThat(heard.loads).hasSize(2);
    assertThat(heard.loads.getLast().succeeded()).isFalse();
    assertThat(heard.loads.getLast().failure()).hasStackTraceContaining("database unavailable");
    assertThat(heard.loads.getLast().statements()).isEqualTo(1);   // attempted
    assertThat(heard.loads.getLast().rows()).isZero();
    assertThat(heard.lazyLoads).extracting(LazyLoadEvent::succeeded).containsExactly(false, true);
    assertThat(heard.lazyLoads.getFirst().failure()).hasStackTraceContaining("database unavailable");
    assertThat(heard.lazyLoads).extracting(LazyLoadEvent::lazyLoadsInScope).containsExactly(1, 2);
  }

  @Test
  void everyListenerHearsEveryEventInOrderAndOneThatThrowsBreaksNothing() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    BackrefListener failing =
        new BackrefListener() {
          @Override
          public void loaded(LoadEvent event) {
            order.add("failing");
            throw new IllegalStateException("listener bug");
          }
        };
    BackrefListener counting =
        new BackrefListener() {
          @Override
          public void loaded(LoadEvent event) {
            order.add("counting");
          }
        };
    Backref both = Backref.builder(recorder.dataSource()).listener(failing).listener(counting).listener(heard).build();

    try (LogCapture log = new LogCapture("dev.backref.persistence.BackrefListener")) {
      List<User> users = both.users().findAll(UserFilter.all(), LAZY);
      users.getFirst().posts().get();   // a listener with only loaded(...) ignores lazy loads

      assertThat(users).hasSize(USERS);
      assertThat(order).containsExactly("failing", "counting");
      assertThat(heard.loads).hasSize(1);
      assertThat(heard.lazyLoads).hasSize(1);
      assertThat(log.records).singleElement().satisfies(
          record -> {
            assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(record.getMessage()).endsWith(".loaded failed for UserRepository.findAll(posts=lazy); ignored");
            assertThat(record.getThrown()).hasMessage("listener bug");
          });
    }
    assertThatThrownBy(() -> Backref.builder(pool).listener(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @EnumSource(FetchPolicy.class)
  void withoutListenersReadsSendTheSameStatementsAndBuildTheSameGraph(FetchPolicy policy) {
    Backref plain = Backref.create(recorder.dataSource());
    assertThat(plain.listener()).isNull();

    List<User> unheard = plain.users().findAll(UserFilter.all(), policy);
    int unheardStatements = recorder.count();
    List<String> unheardSql = recorder.statements();
    recorder.reset();
    List<User> listened = backref.users().findAll(UserFilter.all(), policy);

    assertThat(recorder.count()).isEqualTo(unheardStatements).isEqualTo(documentedStatements(policy));
    assertThat(recorder.statements()).isEqualTo(unheardSql);
    if (policy != FetchPolicy.NONE) {
      assertThat(Dataset.actual(listened, policy)).isEqualTo(Dataset.actual(unheard, policy));
    }
    assertThat(listened).isEqualTo(unheard);
  }
}
