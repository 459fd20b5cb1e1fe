package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@MigratedPostgres
class WriteSideIT {

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;
  static DSLContext sql;

  @BeforeAll
  static void open(TestDatabase database) {
    pool = Pools.pooled(database);
    recorder = StatementRecorder.wrap(pool);
    backref = Backref.create(recorder.dataSource());
    sql = Dataset.dsl(pool);
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @BeforeEach
  void emptyTables() {
    sql.deleteFrom(USERS).execute();
    recorder.reset();
  }

  @Test
  void createsAUserWithManyPostsInOneStatementLinkedBothWays() {
    List<NewPost> posts = IntStream.range(0, 1_000).mapToObj(i -> new NewPost("Post " + i, "Body " + i)).toList();

    User alice = backref.users().create("alice", posts);

    assertThat(recorder.count()).isEqualTo(1);
    assertThat(recorder.statements().getFirst()).startsWith("with new_user as (").doesNotContain("savepoint");
    assertThat(alice.id()).isPositive();
    assertThat(alice.version()).isZero();
    assertThat(alice.posts().isLoaded()).isTrue();
    assertThat(alice.posts().get()).extracting(Post::title).containsExactlyElementsOf(posts.stream().map(NewPost::title).toList());
    assertThat(alice.posts().get()).allSatisfy(post -> assertThat(post.author()).isSameAs(alice));
    assertThat(Dataset.actual(List.of(alice), FetchPolicy.JOINED)).isEqualTo(Dataset.expected(pool, "alice"));
  }

  @Test
  void createsAPostForAUserWithItsAuthorLoaded() {
    User bob = backref.users().create("bob");
    recorder.reset();

    Post post = backref.posts().create(bob.id(), new NewPost("Hello", "World"));

    assertThat(recorder.count()).isEqualTo(2);
    assertThat(post.author()).isEqualTo(bob);
    assertThat(post.author().posts().isLoaded()).isFalse();
    assertThat(backref.posts().getById(post.id(), FetchPolicy.NONE)).isEqualTo(post);
    assertThatThrownBy(() -> backref.posts().create(-5, new NewPost("t", "c")))
        .isInstanceOf(UserNotFoundException.class)
        .hasMessage("No user with id -5");
  }

  @Test
  void renameUsesOptimisticLockingAndLeavesTheOldSnapshotAlone() {
    User read = backref.users().create("carol");

    User renamed = backref.users().rename(read.id(), read.version(), "Caroline");

    assertThat(renamed.username()).isEqualTo("Caroline");
    assertThat(renamed.version()).isEqualTo(read.version() + 1);
    assertThat(read.username()).isEqualTo("carol");
    assertThat(read.version()).isZero();
    StaleVersionException stale =
        (StaleVersionException) catchThrowable(() -> backref.users().rename(read.id(), read.version(), "Carla"));
    assertThat(stale)
        .hasMessage("Stale version: User#" + read.id() + " was read at version 0 but is now at version 1");
    assertThat(stale.expectedVersion()).isZero();
    assertThat(stale.actualVersion()).isEqualTo(1);
    assertThat(backref.users().getById(read.id(), FetchPolicy.NONE).username()).isEqualTo("Caroline");
    assertThatThrownBy(() -> backref.users().rename(-1, 0, "x")).isInstanceOf(UserNotFoundException.class);
  }

  @Test
  void editUsesOptimisticLocking() {
    User dave = backref.users().create("dave", List.of(new NewPost("Draft", "...")));
    Post read = dave.posts().get().getFirst();

    Post edited = backref.posts().edit(read.id(), read.version(), new NewPost("Final", "Done"));

    assertThat(edited.title()).isEqualTo("Final");
    assertThat(edited.version()).isEqualTo(1);
    assertThat(read.title()).isEqualTo("Draft");
    assertThatThrownBy(() -> backref.posts().edit(read.id(), read.version(), new NewPost("Again", "")))
        .isInstanceOf(StaleVersionException.class);
    assertThatThrownBy(() -> backref.posts().edit(-1, 0, new NewPost("x", "y"))).isInstanceOf(PostNotFoundException.class);
  }

  @Test
  void deletingAUserDeletesItsPostsAndDeletingSomethingMissingIsNotFound() {
    User erin = backref.users().create("erin", List.of(new NewPost("a", "b"), new NewPost("c", "d")));
    Post kept = backref.posts().create(backref.users().create("frank").id(), new NewPost("kept", ""));

    backref.users().delete(erin.id());

    assertThat(backref.users().findById(erin.id(), FetchPolicy.NONE)).isEmpty();
    assertThat(sql.fetchCount(POSTS, POSTS.USER_ID.eq(erin.id()))).isZero();
    assertThatThrownBy(() -> backref.users().delete(erin.id()))
        .isInstanceOf(UserNotFoundException.class)
        .hasMessage("No user with id " + erin.id());
    backref.posts().delete(kept.id());
    assertThatThrownBy(() -> backref.posts().delete(kept.id())).isInstanceOf(PostNotFoundException.class);
  }

  @Test
  void everyBadInputIsRefusedByNameAndLeavesTheDatabaseUnchanged() {
    User existing = backref.users().create("Existing", List.of(new NewPost("Title", "Content")));
    Result<Record> before = snapshot();
    String tooLong = "x".repeat(81);

    assertRefused(() -> backref.users().create(null), InvalidUsernameException.class, "must not be null");
    assertRefused(() -> backref.users().create(""), InvalidUsernameException.class, "must not be empty");
    assertRefused(() -> backref.users().create(" \t\u00a0"), InvalidUsernameException.class, "must not be blank");
    assertRefused(() -> backref.users().create(tooLong), InvalidUsernameException.class, "at most 80 characters, is 81");
    assertRefused(() -> backref.users().create("EXISTING"), DuplicateUsernameException.class, "'EXISTING' is taken");
    assertRefused(() -> backref.users().create("nul\u0000byte"), InvalidUsernameException.class, "NUL");
    assertRefused(() -> backref.users().rename(existing.id(), 0, "  "), InvalidUsernameException.class, "blank");
    assertRefused(() -> new NewPost("  ", "c"), InvalidTitleException.class, "must not be blank");
    assertRefused(() -> new NewPost("t".repeat(121), "c"), InvalidTitleException.class, "at most 120 characters");
    assertRefused(() -> new NewPost(null, "c"), InvalidTitleException.class, "must not be null");
    assertRefused(() -> new NewPost("t", null), InvalidContentException.class, "must not be null");
    assertRefused(() -> new NewPost("t", "a\u0000b"), InvalidContentException.class, "NUL");
    assertRefused(() -> backref.users().create("newbie", List.of(new NewPost("ok", "ok"), new NewPost("", "x"))), InvalidTitleException.class, "empty");

    InvalidUsernameException e = (InvalidUsernameException) catchThrowable(() -> backref.users().create(tooLong));
    assertThat(e.value()).isEqualTo(tooLong);
    assertThat(e.field()).isEqualTo("username");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aUsernameDifferingOnlyByCaseIsTakenAlsoOnRename() {
    backref.users().create("Grace");
    User heidi = backref.users().create("heidi");

    DuplicateUsernameException e =
        (DuplicateUsernameException) catchThrowable(() -> backref.users().rename(heidi.id(), heidi.version(), "GRACE"));

    assertThat(e).isNotNull();
    assertThat(e.username()).isEqualTo("GRACE");
    assertThat(backref.users().getById(heidi.id(), FetchPolicy.NONE).username()).isEqualTo("heidi");
  }

  @Test
  void aFailureInTheMiddleOfAUserWithPostsLeavesNothingBehind() {
    sql.execute(
        """
        CREATE OR REPLACE FUNCTION fail_on_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.title = 'boom' THEN RAISE EXCEPTION 'injected failure'; END IF;
          RETURN NEW;
        END $$""");
    sql.execute("CREATE TRIGGER fail_on_boom BEFORE INSERT ON posts FOR EACH ROW EXECUTE FUNCTION fail_on_boom()");
    try {
      List<NewPost> posts = List.of(new NewPost("fine", "1"), new NewPost("boom", "2"), new NewPost("fine", "3"));

      assertThatThrownBy(() -> backref.users().create("ivan", posts)).hasMessageContaining("injected failure");

      assertThat(backref.users().findByUsername("ivan", FetchPolicy.NONE)).isEmpty();
      assertThat(sql.fetchCount(POSTS)).isZero();
    } finally {
      sql.execute("DROP TRIGGER fail_on_boom ON posts");
    }
  }

  @Test
  void transactionsCommitOnReturnAndRollBackOnException() {
    User committed = backref.transactionResult(tx -> {
      User user = tx.users().create("judy");
      tx.posts().create(user.id(), new NewPost("in tx", "..."));
      return user;
    });
    assertThat(backref.users().getById(committed.id(), FetchPolicy.JOINED).posts().size()).isEqualTo(1);

    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> backref.transaction(tx -> {
      tx.users().create("mallory");
      throw boom;
    })).isSameAs(boom);
    assertThat(backref.users().findByUsername("mallory", FetchPolicy.NONE)).isEmpty();
  }

  @Test
  void insideATransactionCreateIsOneRoundTripGuardedByASavepointSentWithIt() {
    backref.transaction(tx -> {
      recorder.reset();
      tx.users().create("carol", List.of(new NewPost("a", "b")));
      assertThat(recorder.roundTrips()).isEqualTo(1);
      assertThat(recorder.statements()).hasSize(3);
      assertThat(recorder.statements().getFirst()).isEqualTo("savepoint backref_write");
      assertThat(recorder.statements().get(1)).startsWith("with new_user as (");
      assertThat(recorder.statements().getLast()).isEqualTo("release savepoint backref_write");
      assertThatThrownBy(() -> tx.users().create("CAROL", List.of(new NewPost("c", "d"))))
          .isInstanceOf(DuplicateUsernameException.class);
      assertThat(tx.users().getByUsername("carol", FetchPolicy.SELECT_IN).posts().get()).extracting(Post::title).containsExactly("a");
    });
    assertThat(backref.users().getByUsername("carol", FetchPolicy.SELECT_IN).posts().get()).hasSize(1);
  }

  @Test
  void nestedTransactionsAreSavepoints() {
    backref.transaction(outer -> {
      outer.users().create("outer");
      assertThatThrownBy(() -> outer.transaction(inner -> {
        inner.users().create("inner");
        throw new IllegalStateException("inner fails");
      })).hasMessage("inner fails");
      // A refused duplicate inside a transaction does not poison it either.
      assertThatThrownBy(() -> outer.users().create("OUTER")).isInstanceOf(DuplicateUsernameException.class);
      User after = outer.users().create("after");
      assertThatThrownBy(() -> outer.users().rename(after.id(), after.version(), "Outer")).isInstanceOf(DuplicateUsernameException.class);
      assertThatThrownBy(() -> outer.posts().create(-1, new NewPost("t", "c"))).isInstanceOf(UserNotFoundException.class);
    });

    assertThat(backref.users().findAll(UserFilter.all(), FetchPolicy.NONE)).extracting(User::username).containsExactly("after", "outer");
  }

  @Test
  void twoThreadsRacingToCreateTheSameUsernameEndWithOneUserAndOneClearError() throws Exception {
    for (int round = 0; round < 10; round++) {
      String name = "racer-" + round;
      List<Object> outcomes = race(2, i -> backref.users().create(i == 0 ? name : name.toUpperCase()));

      assertThat(outcomes).filteredOn(User.class::isInstance).hasSize(1);
      assertThat(outcomes).filteredOn(DuplicateUsernameException.class::isInstance).hasSize(1);
      assertThat(sql.fetchCount(USERS, org.jooq.impl.DSL.lower(USERS.USERNAME).eq(name))).isEqualTo(1);
    }
  }

  @Test
  void twoRacingRenamesOfTheSameVersionEndWithOneWinner() throws Exception {
    for (int round = 0; round < 10; round++) {
      User user = backref.users().create("rename-race-" + round);
      List<Object> outcomes = race(2, i -> backref.users().rename(user.id(), user.version(), "winner-" + user.id() + "-" + i));

      assertThat(outcomes).filteredOn(User.class::isInstance).hasSize(1);
      assertThat(outcomes).filteredOn(StaleVersionException.class::isInstance).hasSize(1);
      User winner = (User) outcomes.stream().filter(User.class::isInstance).findFirst().orElseThrow();
      assertThat(backref.users().getById(user.id(), FetchPolicy.NONE)).isEqualTo(winner);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "O'Brien", "Robert'); DROP TABLE users;--", "100%_match", "back\\slash", "\"quoted\"", "ünïcødé ✓ 🎉", "semi;colon", "no\u00a0break,  two spaces"
  })
  void awkwardTextIsStoredAndReadBackExactly(String text) {
    User user = backref.users().create(text, List.of(new NewPost(text, text + "\n" + "x".repeat(100_000))));

    User read = backref.users().getByUsername(text, FetchPolicy.JOINED);

    assertThat(read.username()).isEqualTo(text);
    assertThat(read.posts().get().getFirst().title()).isEqualTo(text);
    assertThat(read.posts().get().getFirst().content()).isEqualTo(text + "\n" + "x".repeat(100_000));
    assertThat(backref.users().findAll(UserFilter.all().usernameContains(text), FetchPolicy.NONE)).containsExactly(read);
    assertThat(backref.posts().findAll(PostFilter.all().titleContains(text), FetchPolicy.NONE)).hasSize(1);
    assertThat(user).isEqualTo(read);
    assertThat(sql.fetchCount(USERS)).isEqualTo(1);
  }

  @Test
  void likeWildcardsInFiltersMatchThemselves() {
    backref.users().create("100%_sure");
    backref.users().create("1000 sure");

    assertThat(backref.users().findAll(UserFilter.all().usernameContains("%_"), FetchPolicy.NONE))
        .extracting(User::username)
        .containsExactly("100%_sure");
  }

  /** Every generated column of both tables (named, not {@code users.*}: a deployment may add columns). */
  private static Result<Record> snapshot() {
    return sql.select(USERS.fields()).select(POSTS.fields()).from(USERS).leftJoin(POSTS).on(POSTS.USER_ID.eq(USERS.ID)).orderBy(USERS.ID, POSTS.ID).fetch();
  }

  private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Class<? extends BackrefException> type, String message) {
    assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(message);
  }

  private static List<Object> race(int threads, java.util.function.IntFunction<Object> action) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        futures.add(executor.submit(() -> {
          start.await();
          try {
            return action.apply(index);
          } catch (BackrefException e) {
            return e;
          }
        }));
      }
      start.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> future : futures) {
        outcomes.add(future.get(30, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      executor.shutdownNow();
    }
  }
}
