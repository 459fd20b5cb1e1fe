package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.domain.Post;
import dev.backref.domain.RelationNotLoadedException;
import dev.backref.domain.RelationState;
import dev.backref.domain.User;
import dev.backref.persistence.Dataset.ExpectedUser;
import dev.backref.testing.postgres.MigratedPostgres;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.testing.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One contract, every fetch policy: the same dataset must load into the same graph, with the
 * exact number of statements each policy documents (counted at the JDBC driver).
 */
@MigratedPostgres
class FetchPolicyContractIT {

  static final String PREFIX = "c_";
  static final int FILLER_USERS = 1_100;
  static final int HEAVY_POSTS = 10_000;
  static final String UNICODE = PREFIX + "Ünïcødé 名前 🎉";

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;
  static List<ExpectedUser> expected;
  static int userCount;

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    DataSource dataSource = pool;
    DSLContext dsl = Dataset.dsl(dataSource);
    Random random = new Random(42);
    Dataset.posts(dsl, Dataset.user(dsl, PREFIX + "alice", Dataset.EPOCH), 5, random, "Alice says");
    Dataset.user(dsl, PREFIX + "bob-has-no-posts", Dataset.EPOCH);
    Dataset.posts(dsl, Dataset.user(dsl, UNICODE, Dataset.EPOCH), 2, random, "Ünïcødé title ✓");
    Dataset.posts(dsl, Dataset.user(dsl, PREFIX + "heavy", Dataset.EPOCH), HEAVY_POSTS, random, "Heavy");
    for (int i = 0; i < FILLER_USERS; i++) {
      Dataset.posts(dsl, Dataset.user(dsl, PREFIX + "filler-" + i, Dataset.EPOCH.plusSeconds(i)), i % 3, random, "Filler");
    }
    expected = Dataset.expected(dataSource, PREFIX);
    userCount = expected.size();
    assertThat(userCount).isEqualTo(FILLER_USERS + 4);

    recorder = StatementRecorder.wrap(dataSource);
    backref = Backref.create(recorder.dataSource());
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  static int batches(int rows) {
    return (rows + Backref.DEFAULT_BATCH_SIZE - 1) / Backref.DEFAULT_BATCH_SIZE;
  }

  abstract class Contract {

    abstract FetchPolicy policy();

    /** Statements sent by the load call itself, for {@code users} root rows. */
    int statementsForLoad(int users) {
      return switch (policy()) {
        case NONE, JOINED, MULTISET, LAZY, BATCH, DYNAMIC -> 1;
        case SUBQUERY -> users == 0 ? 1 : 2;
        case SELECT_IN -> 1 + batches(users);
      };
    }

    /** Further statements sent when every loaded user's posts are read. */
    int statementsOnAccess(int users) {
      return switch (policy()) {
        case NONE, JOINED, MULTISET, SUBQUERY, SELECT_IN -> 0;
        case LAZY, DYNAMIC -> users;
        case BATCH -> batches(users);
      };
    }

    @BeforeEach
    void resetRecorder() {
      recorder.reset();
    }

    @Test
    void loadsEveryUserWithTheirPostsInTheDocumentedNumberOfStatements() {
      List<User> users = backref.users().findAll(UserFilter.all().usernameContains(PREFIX).limit(5_000), policy());

      assertThat(recorder.count()).as(recorder.statements().toString()).isEqualTo(statementsForLoad(userCount));
      assertThat(users).hasSize(userCount);
      if (policy() == FetchPolicy.NONE) {
        assertThat(users).allSatisfy(user -> assertThat(user.posts().state()).isEqualTo(RelationState.NOT_LOADED));
        return;
      }

      assertThat(Dataset.actual(users, policy())).isEqualTo(expected);
      assertThat(recorder.count()).isEqualTo(statementsForLoad(userCount) + statementsOnAccess(userCount));
    }

    @Test
    void everyPostPointsBackAtTheSameUserInstance() {
      assumeLoadsPosts();
      List<User> users = backref.users().findAll(UserFilter.all().usernameContains(PREFIX).limit(5_000), policy());

      Set<Post> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      for (User user : users) {
        for (Post post : posts(user)) {
          assertThat(post.author()).isSameAs(user);
          assertThat(seen.add(post)).isTrue();
        }
      }
      assertThat(seen).hasSize(expected.stream().mapToInt(u -> u.posts().size()).sum());
    }

    @Test
    void aUserWithoutPostsHasAnEmptyList() {
      User bob = backref.users().getByUsername(PREFIX + "BOB-has-no-posts", policy());

      assertThat(bob.username()).isEqualTo(PREFIX + "bob-has-no-posts");
      if (policy() == FetchPolicy.NONE) {
        assertThatThrownBy(() -> bob.posts().get())
            .isInstanceOf(RelationNotLoadedException.class)
            .hasMessageContaining("User#" + bob.id() + ".posts was not loaded: it was loaded with FetchPolicy.NONE");
      } else {
        assertThat(posts(bob)).isEmpty();
      }
    }

    @Test
    void aUserWithTenThousandPostsLoadsThemAllInOrder() {
      User heavy = backref.users().getByUsername(PREFIX + "heavy", policy());
      assertThat(recorder.count()).isEqualTo(statementsForLoad(1));
      assumeLoadsPosts();

      List<Post> posts = posts(heavy);

      assertThat(posts).hasSize(HEAVY_POSTS);
      assertThat(posts.stream().map(Dataset.ExpectedPost::of).toList())
          .isEqualTo(expected.stream().filter(u -> u.id() == heavy.id()).findFirst().orElseThrow().posts());
      assertThat(recorder.count()).isEqualTo(statementsForLoad(1) + statementsOnAccess(1));
    }

    @Test
    void findByIdAndUnicodeUsernamesRoundTrip() {
      User byName = backref.users().getByUsername(UNICODE.toUpperCase(java.util.Locale.ROOT), policy());
      User byId = backref.users().getById(byName.id(), policy());

      assertThat(byName.username()).isEqualTo(UNICODE);
      assertThat(byId).isEqualTo(byName);
      assertThat(backref.users().findById(-1, policy())).isEmpty();
      assertThatThrownBy(() -> backref.users().getById(-1, policy()))
          .isInstanceOf(UserNotFoundException.class)
          .hasMessage("No user with id -1");
      if (policy() != FetchPolicy.NONE) {
        assertThat(posts(byName)).extracting(Post::title).allMatch(title -> title.startsWith("Ünïcødé title ✓"));
      }
    }

    @Test
    void aPageOfFiftyIsFiftyUsersHoweverManyPostsEachHas() {
      List<ExpectedUser> walked = new ArrayList<>();
      String after = PREFIX;
      int pages = 0;
      while (true) {
        recorder.reset();
        Page<User> page = backref.users().page(after, 50, policy());
        assertThat(recorder.count()).isEqualTo(page.items().isEmpty() ? 1 : statementsForLoad(page.items().size()));
        assertThat(page.items().size()).isLessThanOrEqualTo(50);
        if (policy() == FetchPolicy.NONE) {
          walked.addAll(page.items().stream().map(u -> new ExpectedUser(u.id(), u.username(), u.createdAt(), u.version(), List.of())).toList());
        } else {
          walked.addAll(Dataset.actual(page.items(), policy()));
        }
        pages++;
        if (page.next().isEmpty()) {
          break;
        }
        assertThat(page.items()).hasSize(50);
        after = page.next().get();
      }

      List<ExpectedUser> ours = walked.stream().filter(u -> u.username().startsWith(PREFIX)).toList();
      assertThat(pages).isGreaterThanOrEqualTo(userCount / 50);
      if (policy() == FetchPolicy.NONE) {
        assertThat(ours).extracting(ExpectedUser::id).isEqualTo(expected.stream().map(ExpectedUser::id).toList());
      } else {
        assertThat(ours).isEqualTo(expected);
      }
    }

    @Test
    void streamingEveryUserGivesTheSameGraphAndReleasesTheConnection() {
      List<User> streamed;
      try (Stream<User> all = backref.users().streamAll(policy())) {
        streamed = all.filter(u -> u.username().startsWith(PREFIX)).toList();
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);
      }
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
      if (policy() == FetchPolicy.NONE) {
        assertThat(streamed).extracting(User::id).containsExactlyInAnyOrderElementsOf(expected.stream().map(ExpectedUser::id).toList());
        return;
      }
      List<ExpectedUser> actual = Dataset.actual(streamed, policy());
      assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void postsWithTheirAuthorShareOneInstancePerAuthor() {
      if (policy() == FetchPolicy.DYNAMIC) {
        assertThatThrownBy(() -> backref.posts().findAll(PostFilter.all(), policy()))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("DYNAMIC applies to to-many relations");
        return;
      }
      List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("filler").limit(600), policy());
      long authors = posts.stream().mapToLong(Post::authorId).distinct().count();
      int load = recorder.count();

      assertThat(posts).hasSize(600);
      assertThat(load)
          .isEqualTo(
              switch (policy()) {
                case NONE, JOINED, MULTISET, LAZY, BATCH -> 1;
                case SUBQUERY -> 2;
                case SELECT_IN -> 1 + batches((int) authors);
                case DYNAMIC -> throw new AssertionError();
              });
      if (policy() == FetchPolicy.NONE) {
        assertThatThrownBy(posts.getFirst()::author).isInstanceOf(RelationNotLoadedException.class);
        return;
      }
      IdentityHashMap<User, Boolean> instances = new IdentityHashMap<>();
      for (Post post : posts) {
        User author = post.author();
        assertThat(author.id()).isEqualTo(post.authorId());
        assertThat(author.posts().isLoaded()).isFalse();
        assertThatThrownBy(() -> author.posts().get()).hasMessageContaining("the user was loaded as Post.author");
        instances.put(author, true);
      }
      assertThat(instances).hasSize((int) authors);
      int access =
          switch (policy()) {
            case LAZY -> (int) authors;
            case BATCH -> batches((int) authors);
            default -> 0;
          };
      assertThat(recorder.count()).isEqualTo(load + access);
    }

    @Test
    void postsAreOrderedByCreatedAtThenId() {
      List<Post> posts = backref.posts().findAll(PostFilter.all().authorUsername(PREFIX + "ALICE"), policy() == FetchPolicy.DYNAMIC ? FetchPolicy.NONE : policy());

      List<Dataset.ExpectedPost> alice = expected.stream().filter(u -> u.username().equals(PREFIX + "alice")).findFirst().orElseThrow().posts();
      assertThat(posts.stream().map(Dataset.ExpectedPost::of).toList()).isEqualTo(alice);
    }

    private void assumeLoadsPosts() {
      org.junit.jupiter.api.Assumptions.assumeTrue(policy() != FetchPolicy.NONE, "NONE loads no posts");
    }

    List<Post> posts(User user) {
      return policy() == FetchPolicy.DYNAMIC ? user.posts().query(PostQuery.class).fetch() : user.posts().get();
    }
  }

  @Nested
  class None extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.NONE;
    }
  }

  @Nested
  class Joined extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.JOINED;
    }
  }

  @Nested
  class Multiset extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.MULTISET;
    }
  }

  @Nested
  class Subquery extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.SUBQUERY;
    }
  }

  @Nested
  class SelectIn extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.SELECT_IN;
    }
  }

  @Nested
  class Lazy extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.LAZY;
    }
  }

  @Nested
  class Batch extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.BATCH;
    }
  }

  @Nested
  class Dynamic extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.DYNAMIC;
    }
  }
}
