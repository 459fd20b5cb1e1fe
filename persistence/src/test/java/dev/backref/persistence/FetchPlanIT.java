package dev.backref.persistence;

import static dev.backref.persistence.Fetch.postAuthor;
import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.tagPosts;
import static dev.backref.persistence.Fetch.userPosts;
import static dev.backref.persistence.FetchPolicy.BATCH;
import static dev.backref.persistence.FetchPolicy.DYNAMIC;
import static dev.backref.persistence.FetchPolicy.JOINED;
import static dev.backref.persistence.FetchPolicy.LAZY;
import static dev.backref.persistence.FetchPolicy.MULTISET;
import static dev.backref.persistence.FetchPolicy.NONE;
import static dev.backref.persistence.FetchPolicy.SELECT_IN;
import static dev.backref.persistence.FetchPolicy.SUBQUERY;
import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.RelationNotLoadedException;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.Dataset.ExpectedPost;
import dev.backref.persistence.TagData.ExpectedTag;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fetch plans against real PostgreSQL: every two-level plan users → posts → tags loads the graph
 * plain SQL reads, in the number of statements the documented rule gives; deeper plans keep one
 * instance per row; declared orders hold under every policy; plans that cannot be honoured are
 * refused before any SQL.
 */
@MigratedPostgres
class FetchPlanIT {

  static final int BATCH_SIZE = 3;
  /** Posts per user: chunking happens at the user level (7 users, batches of 3) and the post level. */
  static final int[] POSTS_PER_USER = {0, 1, 2, 3, 4, 5, 6};

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;
  static List<UserGraph> expected;

  /** A user, its posts and their tags, as plain SQL reads them. */
  record PostGraph(ExpectedPost post, List<ExpectedTag> tags) {}

  record UserGraph(long id, String username, List<PostGraph> posts) {}

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    DSLContext dsl = Dataset.dsl(pool);
    Random random = new Random(11);
    List<Long> tags = new ArrayList<>();
    for (String name : List.of("java", "SQL", "jooq", "Postgres", "unused")) {
      tags.add(TagData.tag(dsl, name));
    }
    for (int u = 0; u < POSTS_PER_USER.length; u++) {
      long user = Dataset.user(dsl, "plan-" + u, Dataset.EPOCH);
      Dataset.posts(dsl, user, POSTS_PER_USER[u], random, "Plan " + u);
      for (long post : TagData.postIdsOf(dsl, user)) {
        for (long tag : tags.subList(0, 4)) {
          if (random.nextInt(3) == 0) {
            TagData.link(dsl, post, tag);
          }
        }
      }
    }
    Map<Long, List<ExpectedTag>> tagsOf = new java.util.HashMap<>();
    for (TagData.PostWithTags post : TagData.postsWithTags(dsl, DSL.noCondition())) {
      tagsOf.put(post.post().id(), post.tags());
    }
    expected = new ArrayList<>();
    for (Dataset.ExpectedUser user : Dataset.expected(pool, "plan-")) {
      expected.add(
          new UserGraph(
              user.id(), user.username(), user.posts().stream().map(p -> new PostGraph(p, tagsOf.get(p.id()))).toList()));
    }
    recorder = StatementRecorder.wrap(pool);
    backref = Backref.builder(recorder.dataSource()).batchSize(BATCH_SIZE).build();
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @BeforeEach
  void reset() {
    recorder.reset();
  }

  static int batches(int rows) {
    return (rows + BATCH_SIZE - 1) / BATCH_SIZE;
  }

  static Stream<FetchPolicy[]> twoLevelPlans() {
    List<FetchPolicy[]> plans = new ArrayList<>();
    for (FetchPolicy outer : FetchPolicy.values()) {
      for (FetchPolicy inner : FetchPolicy.values()) {
        plans.add(new FetchPolicy[] {outer, inner});
      }
    }
    return plans.stream();
  }

  /**
   * The rule: a plan sends the root statement and, for each relation, what its policy sends over
   * the parents it is loaded for. JOINED and MULTISET fold into their parent's statement;
   * SUBQUERY sends one statement per set of parents, SELECT_IN one per batch of their keys; LAZY
   * one per parent on access, BATCH one per batch of parents on access; DYNAMIC one per query.
   */
  static int eager(FetchPolicy policy, int parents) {
    return switch (policy) {
      case NONE, JOINED, MULTISET, LAZY, BATCH, DYNAMIC -> 0;
      case SUBQUERY -> parents == 0 ? 0 : 1;
      case SELECT_IN -> batches(parents);
    };
  }

  /** Statements of the inner relation over {@code posts} parents loaded in one go, sent then or on access. */
  static int inner(FetchPolicy policy, int posts) {
    return switch (policy) {
      case NONE, JOINED, MULTISET -> 0;
      case SUBQUERY -> posts == 0 ? 0 : 1;
      case SELECT_IN, BATCH -> batches(posts);
      case LAZY, DYNAMIC -> posts;
    };
  }

  static int expectedStatements(FetchPolicy outer, FetchPolicy tags) {
    int users = POSTS_PER_USER.length;
    int posts = java.util.Arrays.stream(POSTS_PER_USER).sum();
    return 1
        + switch (outer) {
          case JOINED, MULTISET -> inner(tags, posts);
          case SUBQUERY -> 1 + inner(tags, posts);
          case SELECT_IN -> batches(users) + inner(tags, posts);
          case LAZY -> java.util.Arrays.stream(POSTS_PER_USER).map(p -> 1 + inner(tags, p)).sum();
          case BATCH -> {
            int sum = 0;
            for (int from = 0; from < users; from += BATCH_SIZE) {
              int inBatch = 0;
              for (int u = from; u < Math.min(users, from + BATCH_SIZE); u++) {
                inBatch += POSTS_PER_USER[u];
              }
              sum += 1 + inner(tags, inBatch);
            }
            yield sum;
          }
          case DYNAMIC -> users;
          case NONE -> 0;
        };
  }

  @ParameterizedTest(name = "users -> posts {0} -> tags {1}")
  @MethodSource("twoLevelPlans")
  void everyTwoLevelPlanLoadsTheGraphInTheNumberOfStatementsOfTheRule(FetchPolicy outer, FetchPolicy tags) {
    if (outer == NONE || outer == DYNAMIC) {
      assertThatThrownBy(() -> FetchPlan.of(userPosts(outer, postTags(tags))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("User.posts is " + outer + ": nothing below it can load");
      assertThat(recorder.count()).isZero();
      return;
    }
    FetchPlan<User> plan = FetchPlan.of(userPosts(outer, postTags(tags)));

    List<User> users = backref.users().findAll(UserFilter.all().usernameContains("plan-"), plan);
    int load = recorder.count();
    List<UserGraph> actual = actual(users, tags);

    assertThat(load).as("sent by the load").isEqualTo(1 + eager(outer, users.size()) + (isEager(outer) ? eager(tags, 21) : 0));
    if (tags == NONE) {
      assertThat(users.stream().flatMap(u -> u.posts().get().stream())).allSatisfy(p -> assertThat(p.tags().isLoaded()).isFalse());
      assertThat(recorder.count()).isEqualTo(expectedStatements(outer, tags));
      return;
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(recorder.count()).as(String.join("\n", recorder.statements())).isEqualTo(expectedStatements(outer, tags));
  }

  private static boolean isEager(FetchPolicy policy) {
    return policy == JOINED || policy == MULTISET || policy == SUBQUERY || policy == SELECT_IN;
  }

  private static List<UserGraph> actual(List<User> users, FetchPolicy tags) {
    List<UserGraph> graphs = new ArrayList<>();
    for (User user : users) {
      List<PostGraph> posts = new ArrayList<>();
      for (Post post : user.posts()) {
        assertThat(post.author()).isSameAs(user);
        List<Tag> loaded =
            switch (tags) {
              case NONE -> List.of();
              case DYNAMIC -> post.tags().query(TagQuery.class).fetch();
              default -> post.tags().get();
            };
        posts.add(new PostGraph(ExpectedPost.of(post), tags == NONE ? null : loaded.stream().map(ExpectedTag::of).toList()));
      }
      graphs.add(new UserGraph(user.id(), user.username(), posts));
    }
    return graphs;
  }

  @Test
  void threeLevelsKeepOneInstancePerRowWhateverPathReachedIt() {
    FetchPlan<User> plan = FetchPlan.of(userPosts(SELECT_IN, postTags(JOINED, tagPosts(SELECT_IN))));

    List<User> users = backref.users().findAll(UserFilter.all().usernameContains("plan-"), plan);

    assertThat(recorder.count()).isEqualTo(1 + batches(7) + batches(4));
    IdentityHashMap<Post, Boolean> fromUsers = new IdentityHashMap<>();
    users.forEach(user -> user.posts().forEach(post -> fromUsers.put(post, true)));
    Map<Long, Tag> tags = new java.util.HashMap<>();
    for (Post post : fromUsers.keySet()) {
      for (Tag tag : post.tags()) {
        assertThat(tags.computeIfAbsent(tag.id(), id -> tag)).isSameAs(tag);
        assertThat(tag.posts().get()).contains(post);
        assertThat(tag.posts().get()).allSatisfy(other -> assertThat(fromUsers).containsKey(other));
      }
    }
    assertThat(tags).hasSize(4);
  }

  @Test
  void aUserReachedAsRootAndAsAuthorIsOneInstance() {
    FetchPlan<Post> plan = FetchPlan.of(postAuthor(JOINED, userPosts(SELECT_IN, postTags(SELECT_IN))));

    List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("Plan 6"), plan);

    assertThat(posts).hasSize(6);
    assertThat(recorder.count()).isEqualTo(1 + 1 + batches(6));
    User author = posts.getFirst().author();
    assertThat(posts).allSatisfy(post -> assertThat(post.author()).isSameAs(author));
    assertThat(author.posts().get()).containsExactlyElementsOf(posts);
    for (int i = 0; i < posts.size(); i++) {
      assertThat(author.posts().get().get(i)).isSameAs(posts.get(i));
    }
    assertThat(posts.getFirst().tags().isLoaded()).isTrue();
  }

  static Stream<FetchPolicy[]> postsThenAuthor() {
    return twoLevelPlans().filter(pair -> pair[0] != NONE && pair[0] != DYNAMIC && pair[1] != DYNAMIC);
  }

  @ParameterizedTest(name = "users -> posts {0} -> author {1}")
  @MethodSource("postsThenAuthor")
  void theAuthorUnderAUsersPostsCostsNothingWhateverItsPolicy(FetchPolicy outer, FetchPolicy author) {
    List<User> alone = backref.users().findAll(UserFilter.all().usernameContains("plan-"), FetchPlan.of(userPosts(outer)));
    alone.forEach(user -> user.posts().get());
    int postsAlone = recorder.count();
    recorder.reset();

    List<User> users =
        backref.users().findAll(UserFilter.all().usernameContains("plan-"), FetchPlan.of(userPosts(outer, postAuthor(author))));

    for (User user : users) {
      assertThat(user.posts().get()).allSatisfy(post -> assertThat(post.author()).isSameAs(user));
    }
    assertThat(recorder.count()).isEqualTo(postsAlone).isEqualTo(expectedStatements(outer, NONE));
  }

  @Test
  void anAuthorAlreadyKnownAsTheParentSendsNoStatement() {
    FetchPlan<User> plan = FetchPlan.of(userPosts(SELECT_IN, postAuthor(SELECT_IN)));

    List<User> users = backref.users().findAll(UserFilter.all().usernameContains("plan-"), plan);

    assertThat(recorder.count()).isEqualTo(1 + batches(7));
    assertThat(users).allSatisfy(user -> user.posts().forEach(post -> assertThat(post.author()).isSameAs(user)));
  }

  @Test
  void nestedUnderLazyTheRestOfThePlanRunsOnFirstAccess() {
    FetchPlan<User> plan = FetchPlan.of(userPosts(LAZY, postTags(SELECT_IN)));
    User six = backref.users().getByUsername("plan-6", plan);
    assertThat(recorder.count()).isEqualTo(1);

    List<Post> posts = six.posts().get();

    assertThat(recorder.count()).isEqualTo(1 + 1 + batches(6));
    assertThat(posts).allSatisfy(post -> assertThat(post.tags().isLoaded()).isTrue());
    assertThat(actual(List.of(six), SELECT_IN)).isEqualTo(expected.subList(6, 7));
  }

  @Test
  void subqueryNestsOneSubqueryPerLevel() {
    FetchPlan<User> plan = FetchPlan.of(userPosts(SELECT_IN, postTags(SUBQUERY)));

    List<User> users = backref.users().findAll(UserFilter.all().usernameContains("plan-").limit(4), plan);

    List<String> sql = recorder.statements();
    assertThat(sql).hasSize(1 + batches(4) + 1);
    assertThat(sql.getLast())
        .contains("post_tags.post_id = any (array(select posts.id from posts where posts.user_id = any (array(select users.id from users");
    assertThat(actual(users, SUBQUERY)).isEqualTo(expected.subList(0, 4));
  }

  @ParameterizedTest
  @EnumSource(value = FetchPolicy.class, names = {"JOINED", "MULTISET", "SUBQUERY", "SELECT_IN", "LAZY", "BATCH", "DYNAMIC"})
  void aDeclaredOrderHoldsUnderEveryPolicy(FetchPolicy policy) {
    FetchPlan<User> plan = FetchPlan.of(userPosts(policy).orderBy(POSTS.TITLE.desc()));

    User six = backref.users().getByUsername("plan-6", plan);
    List<Post> posts = policy == DYNAMIC ? six.posts().query(PostQuery.class).fetch() : six.posts().get();

    assertThat(posts)
        .extracting(Post::title)
        .isSortedAccordingTo(Comparator.reverseOrder())
        .hasSize(6);
    if (policy == DYNAMIC) {
      PostQuery query = six.posts().query(PostQuery.class);
      assertThat(query.orderBy(POSTS.TITLE.asc()).fetch()).extracting(Post::title).isSorted();
      assertThat(query.unordered().fetch()).hasSize(6);
    }
  }

  @Test
  void aDeclaredOrderOnANestedJoinedRelationHolds() {
    FetchPlan<Tag> plan = FetchPlan.of(tagPosts(JOINED, postAuthor(JOINED)).orderBy(POSTS.TITLE.desc(), POSTS.ID.asc()));

    Tag java = backref.tags().getByName("java", plan);

    assertThat(recorder.count()).isEqualTo(1);
    assertThat(java.posts().get()).extracting(Post::title).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(java.posts().get()).allSatisfy(post -> assertThat(post.author().id()).isEqualTo(post.authorId()));
  }

  @Test
  void plansThatCannotBeHonouredAreRefusedBeforeAnySql() {
    assertThatThrownBy(() -> FetchPlan.of(postAuthor(DYNAMIC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DYNAMIC applies to to-many relations");
    assertThatThrownBy(() -> FetchPlan.of(userPosts(JOINED).orderBy(TAGS.NAME.asc())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("The order of User.posts takes columns of posts");
    assertThatThrownBy(() -> FetchPlan.of(userPosts(JOINED), userPosts(SELECT_IN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("User.posts appears twice");
    assertThatThrownBy(() -> FetchPlan.parse(User.class, "posts=selectin,posts.comments=joined"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'posts.comments': Post has no relation 'comments'; its relations are author, tags");
    assertThatThrownBy(() -> FetchPlan.parse(User.class, "posts.tags=joined"))
        .hasMessage("'posts.tags' needs 'posts' earlier in the plan");
    assertThatThrownBy(() -> FetchPlan.parse(Post.class, "author=dynamic"))
        .hasMessage("'author=dynamic' cannot be honoured: FetchPolicy.DYNAMIC applies to to-many relations; Post.author is a single row");
    assertThatThrownBy(() -> FetchPlan.parse(Post.class, "tags=fast"))
        .hasMessageContaining("'fast' is not a fetch policy; use one of none, joined, multiset, subquery, selectin");
    @SuppressWarnings({"unchecked", "rawtypes"})
    FetchPlan<User> wrongRoot = (FetchPlan) FetchPlan.of(postTags(JOINED));
    assertThatThrownBy(() -> backref.users().findAll(UserFilter.all(), wrongRoot))
        .hasMessage("This plan starts at Post, not at User");
    assertThat(recorder.count()).isZero();
  }

  @Test
  void aPlanReadsAsTextAndBack() {
    FetchPlan<User> plan = FetchPlan.parse(User.class, " posts = SELECT-IN , posts.tags=joined,posts.tags.posts=lazy, posts.author=none");

    assertThat(plan).isEqualTo(FetchPlan.of(userPosts(SELECT_IN, postTags(JOINED, tagPosts(LAZY)), postAuthor(NONE))));
    assertThat(plan.toString()).isEqualTo("posts=selectin,posts.tags=joined,posts.tags.posts=lazy,posts.author=none");
    assertThat(FetchPlan.parse(User.class, plan.toString())).isEqualTo(plan);
    assertThat(FetchPlan.parse(Tag.class, "")).isEqualTo(FetchPlan.<Tag>of());
  }

  @Test
  void aRelationLeftOutOfThePlanSaysHowToAddIt() {
    Post post = backref.posts().findAll(PostFilter.all().titleContains("Plan 3"), FetchPlan.of(postAuthor(JOINED))).getFirst();

    assertThatThrownBy(() -> post.tags().get())
        .isInstanceOf(RelationNotLoadedException.class)
        .hasMessageContaining("add it to the plan: FetchPlan.of(postTags(SELECT_IN))");
    assertThatThrownBy(() -> post.author().posts().get())
        .hasMessageContaining("the user was loaded as Post.author")
        .hasMessageContaining("add it to the plan: FetchPlan.of(postAuthor(JOINED, userPosts(SELECT_IN)))");
  }

  @Test
  void aDynamicRelationsQueryTakesAPlanForWhatItReturns() {
    User six = backref.users().getByUsername("plan-6", FetchPolicy.DYNAMIC);
    recorder.reset();

    List<Post> posts = six.posts().query(PostQuery.class).fetching(FetchPlan.of(postTags(SELECT_IN))).limit(4).fetch();

    assertThat(recorder.count()).isEqualTo(1 + batches(4));
    assertThat(posts).hasSize(4).allSatisfy(post -> {
      assertThat(post.author()).isSameAs(six);
      assertThat(post.tags().isLoaded()).isTrue();
    });
  }

  @Test
  void aStreamFollowsThePlanBatchByBatch() {
    List<UserGraph> streamed;
    try (Stream<User> all = backref.users().streamAll(FetchPlan.of(userPosts(SUBQUERY, postTags(JOINED))))) {
      streamed = actual(all.filter(user -> user.username().startsWith("plan-")).toList(), JOINED);
    }
    assertThat(streamed).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void tagsWithTheirPostsAndThosePostsAuthors() {
    FetchPlan<Tag> plan = FetchPlan.of(tagPosts(BATCH, postAuthor(SELECT_IN)));

    List<Tag> tags = backref.tags().findAll(TagFilter.all(), plan);
    assertThat(recorder.count()).isEqualTo(1);
    tags.forEach(tag -> tag.posts().get());

    // The tags in batches of 3; each batch loads its posts, then the distinct authors of the posts it
    // met first, in batches of 3: a post an earlier batch loaded is the same object, author known.
    Map<Long, List<ExpectedPost>> postsOf = new java.util.HashMap<>();
    TagData.tagsWithPosts(Dataset.dsl(pool), DSL.noCondition()).forEach(t -> postsOf.put(t.tag().id(), t.posts()));
    java.util.Set<Long> seen = new java.util.HashSet<>();
    int expectedStatements = 1;
    for (int from = 0; from < tags.size(); from += BATCH_SIZE) {
      long authorsInBatch =
          tags.subList(from, Math.min(tags.size(), from + BATCH_SIZE)).stream()
              .flatMap(tag -> postsOf.get(tag.id()).stream())
              .filter(post -> seen.add(post.id()))
              .map(ExpectedPost::authorId)
              .distinct()
              .count();
      expectedStatements += 1 + batches((int) authorsInBatch);
    }
    assertThat(tags).hasSize(5);
    assertThat(recorder.count()).isEqualTo(expectedStatements);
    IdentityHashMap<User, Boolean> authors = new IdentityHashMap<>();
    tags.forEach(tag -> tag.posts().forEach(post -> authors.put(post.author(), true)));
    assertThat(authors.keySet().stream().map(User::id).distinct().count()).isEqualTo(authors.size());
  }

  @Test
  void usersSelectedByARelatedRowKeepAllTheirPosts() {
    List<User> users =
        backref.users().findAll(UserFilter.all().havingPost(POSTS.TITLE.eq("Plan 3 1")), FetchPlan.of(userPosts(JOINED)));

    assertThat(users).extracting(User::username).containsExactly("plan-3");
    assertThat(users.getFirst().posts().get()).hasSize(3);
    assertThat(recorder.count()).isEqualTo(1);
    assertThat(recorder.statements().getFirst()).contains("where exists (select 1 as one from posts where (posts.user_id = users.id and posts.title = ?))");
  }

  @ParameterizedTest
  @EnumSource(UserOrder.class)
  void usersPageInEveryOrderWithoutSkippingOrRepeating(UserOrder order) {
    FetchPlan<User> plan = FetchPlan.of(userPosts(SELECT_IN, postTags(JOINED)));
    List<User> walked = new ArrayList<>();
    String after = null;
    do {
      Page<User> page = backref.users().page(order, after, 2, plan);
      walked.addAll(page.items());
      after = page.next().orElse(null);
    } while (after != null);

    List<User> ours = walked.stream().filter(user -> user.username().startsWith("plan-")).toList();
    Comparator<User> expectedOrder =
        switch (order) {
          case USERNAME -> Comparator.comparing(user -> user.username().toLowerCase(java.util.Locale.ROOT));
          case ID -> Comparator.comparingLong(User::id);
          case ID_DESCENDING -> Comparator.comparingLong(User::id).reversed();
        };
    assertThat(walked).isSortedAccordingTo(expectedOrder).doesNotHaveDuplicates();
    assertThat(ours).hasSize(7);
    assertThat(actual(ours.stream().sorted(Comparator.comparing(User::username)).toList(), JOINED)).isEqualTo(expected);
    assertThat(backref.users().findAll(UserFilter.all().orderBy(order), FetchPlan.of()))
        .extracting(User::id)
        .isEqualTo(walked.stream().map(User::id).toList());
  }

  @Test
  void aPageInIdOrderNeedsAnIdAsItsKey() {
    assertThatThrownBy(() -> backref.users().page(UserOrder.ID, "plan-1", 5, FetchPlan.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a page in id order starts after a user id, not 'plan-1'");
    assertThat(recorder.count()).isZero();
  }
}
