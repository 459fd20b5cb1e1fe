package dev.backref.persistence;

import static dev.backref.persistence.Fetch.postAuthor;
import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.tagPosts;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under a root of fixed shape, a {@code SUBQUERY} relation of the roots, and a {@code SELECT_IN}
 * to-many relation of a root by id, go to the database with the root statement: the documented
 * statements, in fewer round trips, and the same graph as when each statement goes alone.
 */
@MigratedPostgres
class AheadIT {

  static TestDatabase database;
  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;
  static final List<LoadEvent> heard = new CopyOnWriteArrayList<>();
  static User alice;
  static User bob;
  static Post post;
  static Tag tag;

  @BeforeAll
  static void seed(TestDatabase seeded) {
    database = seeded;
    pool = Pools.pooled(database);
    recorder = StatementRecorder.wrap(pool);
    backref = Backref.builder(recorder.dataSource()).listener(new BackrefListener() {
      @Override
      public void loaded(LoadEvent event) {
        heard.add(event);
      }
    }).build();
    alice = backref.users().create("alice", List.of(new NewPost("a1", "x"), new NewPost("a2", "y")));
    bob = backref.users().create("bob");
    post = backref.users().getById(alice.id(), FetchPolicy.SELECT_IN).posts().get().getFirst();
    backref.posts().tag(post.id(), List.of("java", "sql"));
    tag = backref.tags().getByName("java", FetchPolicy.NONE);
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @BeforeEach
  void reset() {
    recorder.reset();
    heard.clear();
  }

  /** Runs {@code read}; asserts its statements, round trips and the statements its event counts. */
  private static <T> T sent(int statements, int roundTrips, Supplier<T> read) {
    recorder.reset();
    heard.clear();
    T result = read.get();
    assertThat(recorder.count()).as("statements").isEqualTo(statements);
    assertThat(recorder.roundTrips()).as("round trips").isEqualTo(roundTrips);
    assertThat(heard).singleElement().extracting(LoadEvent::statements).isEqualTo(statements);
    return result;
  }

  @Test
  void aUserByIdAndItsPostsTakeOneRoundTripUnderSubqueryAndSelectIn() {
    for (FetchPolicy policy : List.of(FetchPolicy.SUBQUERY, FetchPolicy.SELECT_IN)) {
      User user = sent(2, 1, () -> backref.users().getById(alice.id(), policy));
      assertThat(user.posts().get()).extracting(Post::title).containsExactly("a1", "a2");
      assertThat(user.posts().get()).allSatisfy(p -> assertThat(p.author()).isSameAs(user));
      assertThat(recorder.statements().get(1)).contains(policy == FetchPolicy.SUBQUERY ? "= any (array(select" : "where posts.user_id = ? order by");
      User none = sent(2, 1, () -> backref.users().getById(bob.id(), policy));
      assertThat(none.posts().get()).isEmpty();
    }
    sent(1, 1, () -> backref.users().getById(alice.id(), FetchPolicy.JOINED));
  }

  @Test
  void aRootNotFoundStillRanTheStatementSentWithIt() {
    for (FetchPolicy policy : List.of(FetchPolicy.SUBQUERY, FetchPolicy.SELECT_IN)) {
      assertThat(sent(2, 1, () -> backref.users().findById(-1, policy))).isEmpty();
      assertThat(recorder.statements()).hasSize(2);
    }
  }

  @Test
  void byNameAndPagesSendSubqueryAheadButSelectInNeedsTheKeysFirst() {
    User byName = sent(2, 1, () -> backref.users().getByUsername("ALICE", FetchPolicy.SUBQUERY));
    assertThat(byName.posts().get()).hasSize(2);
    sent(2, 2, () -> backref.users().getByUsername("alice", FetchPolicy.SELECT_IN));
    Page<User> page = sent(2, 1, () -> backref.users().page(null, 1, FetchPolicy.SUBQUERY));
    assertThat(page.items()).singleElement().extracting(User::id).isEqualTo(alice.id());
    assertThat(page.items().getFirst().posts().get()).hasSize(2);
    Page<User> next = sent(2, 1, () -> backref.users().page(page.next().orElseThrow(), 1, FetchPolicy.SUBQUERY));
    assertThat(next.items()).singleElement().extracting(User::id).isEqualTo(bob.id());
    assertThat(next.items().getFirst().posts().get()).isEmpty();
    sent(2, 2, () -> backref.users().page(null, 1, FetchPolicy.SELECT_IN));
  }

  @Test
  void findAllWithoutCriteriaIsAFixedShapeToo() {
    List<User> all = sent(2, 1, () -> backref.users().findAll(UserFilter.all(), FetchPolicy.SUBQUERY));
    assertThat(all).extracting(User::username).containsExactly("alice", "bob");
    assertThat(all.getFirst().posts().get()).hasSize(2);
    List<User> first = sent(2, 1, () -> backref.users().findAll(UserFilter.all().limit(1), FetchPolicy.SUBQUERY));
    assertThat(first).singleElement().satisfies(u -> assertThat(u.posts().get()).hasSize(2));
    List<User> filtered = sent(2, 2, () -> backref.users().findAll(UserFilter.all().usernameContains("OB"), FetchPolicy.SUBQUERY));
    assertThat(filtered).singleElement().extracting(User::username).isEqualTo("bob");
    sent(2, 2, () -> backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN));
    List<Post> posts = sent(3, 1, () -> backref.posts().findAll(PostFilter.all(), FetchPolicy.SUBQUERY, FetchPolicy.SUBQUERY));
    assertThat(posts).hasSize(2);
    assertThat(posts).allSatisfy(p -> assertThat(p.author().id()).isEqualTo(alice.id()));
    List<Tag> tags = sent(2, 1, () -> backref.tags().findAll(TagFilter.all(), FetchPolicy.SUBQUERY));
    assertThat(tags).extracting(Tag::name).containsExactly("java", "sql");
    assertThat(tags).allSatisfy(t -> assertThat(t.posts().get()).extracting(Post::id).containsExactly(post.id()));
  }

  @Test
  void onlyToManyRelationsOfARootByIdGoAheadUnderSelectIn() {
    Post byId = sent(3, 2, () -> backref.posts().getById(post.id(), FetchPolicy.SELECT_IN, FetchPolicy.SELECT_IN));
    assertThat(byId.author().id()).isEqualTo(alice.id());
    assertThat(byId.tags().get()).extracting(Tag::name).containsExactly("java", "sql");
    sent(3, 1, () -> backref.posts().getById(post.id(), FetchPolicy.SUBQUERY, FetchPolicy.SUBQUERY));
    Tag java = sent(2, 1, () -> backref.tags().getById(tag.id(), FetchPolicy.SELECT_IN));
    assertThat(java.posts().get()).extracting(Post::id).containsExactly(post.id());
  }

  @Test
  void relationsBelowTheRootsWaitForTheirParentsRows() {
    User user =
        sent(3, 2, () -> backref.users().getById(alice.id(), FetchPlan.of(userPosts(FetchPolicy.SUBQUERY, postTags(FetchPolicy.SUBQUERY)))));
    assertThat(user.posts().get().getFirst().tags().get()).extracting(Tag::name).containsExactly("java", "sql");
    Tag java =
        sent(3, 2, () -> backref.tags().getById(tag.id(), FetchPlan.of(tagPosts(FetchPolicy.SUBQUERY, postAuthor(FetchPolicy.SELECT_IN)))));
    assertThat(java.posts().get()).singleElement().satisfies(p -> assertThat(p.author().id()).isEqualTo(alice.id()));
  }

  /**
   * The driver's other ways to send SQL: binds inlined into one simple query (PgBouncer in statement
   * mode needs it), and statements prepared on the server from their first execution.
   */
  @ParameterizedTest
  @ValueSource(strings = {"preferQueryMode=simple", "prepareThreshold=1"})
  void theDriversQueryModesReadTheSameGraph(String setting) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(2);
    String[] property = setting.split("=");
    config.addDataSourceProperty(property[0], property[1]);
    try (HikariDataSource moded = new HikariDataSource(config)) {
      StatementRecorder counted = StatementRecorder.wrap(moded);
      Backref other = Backref.create(counted.dataSource());
      for (int round = 0; round < 6; round++) {
        for (FetchPolicy policy : List.of(FetchPolicy.SUBQUERY, FetchPolicy.SELECT_IN)) {
          counted.reset();
          User user = other.users().getById(alice.id(), policy);
          assertThat(user.posts().get()).extracting(Post::title).as("%s, %s", setting, policy).containsExactly("a1", "a2");
          assertThat(other.users().findById(-1, policy)).isEmpty();
          assertThat(other.users().getById(bob.id(), policy).posts().get()).isEmpty();
          assertThat(counted.count()).isEqualTo(6);
          assertThat(counted.roundTrips()).isEqualTo(3);
        }
      }
    }
  }

  @Test
  void insideATransactionTheStatementsGoTogetherToo() {
    List<Integer> trips = new ArrayList<>();
    List<User> read = new ArrayList<>();
    backref.transaction(
        tx -> {
          recorder.reset();
          read.add(tx.users().getById(alice.id(), FetchPolicy.SUBQUERY));
          trips.add(recorder.count());
          trips.add(recorder.roundTrips());
          read.add(tx.users().getById(alice.id(), FetchPolicy.JOINED));
        });
    assertThat(trips).containsExactly(2, 1);
    assertThat(read.getFirst().posts().get()).isEqualTo(read.getLast().posts().get());
  }
}
