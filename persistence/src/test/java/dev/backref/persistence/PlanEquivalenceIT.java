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
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: every plan of depth 2 over the three relations (users → posts → tags, users → posts →
 * author, posts → author → posts, posts → tags → posts, tags → posts → author, tags → posts → tags),
 * under every pair of policies a plan accepts, loads the same graph as the reference plan
 * (SELECT_IN at both levels) on random datasets with small batch sizes.
 */
@MigratedPostgres
class PlanEquivalenceIT {

  static HikariDataSource pool;

  /** A loaded object and what the plan loaded below it, by id; {@code null} children: not loaded. */
  record Tree(String type, long id, List<Tree> children) {}

  /** One depth-2 path: how to build its plan and how to read it back. */
  record Path(
      String name,
      BiFunction<FetchPolicy, FetchPolicy, FetchPlan<?>> plan,
      Function<FetchPlan<?>, List<?>> load,
      List<String> relations) {}

  @BeforeAll
  static void open(TestDatabase database) {
    pool = Pools.pooled(database);
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  static List<Long> seeds() {
    return new Random(20261204L).longs(3).boxed().toList();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void everyDepthTwoPlanLoadsTheGraphOfTheReferencePlan(long seed) {
    Random random = new Random(seed);
    String prefix = "e" + Long.toHexString(seed);
    DSLContext dsl = Dataset.dsl(pool);
    List<Long> tags = new ArrayList<>();
    for (int i = 0; i < 2 + random.nextInt(6); i++) {
      tags.add(TagData.tag(dsl, prefix + "-tag-" + i));
    }
    for (int u = 0; u < 1 + random.nextInt(6); u++) {
      long user = Dataset.user(dsl, prefix + "-user-" + u, Dataset.EPOCH);
      Dataset.posts(dsl, user, random.nextInt(8), random, prefix + "-post");
      for (long post : TagData.postIdsOf(dsl, user)) {
        for (long tag : tags) {
          if (random.nextInt(3) == 0) {
            TagData.link(dsl, post, tag);
          }
        }
      }
    }
    Backref backref = Backref.builder(pool).batchSize(1 + random.nextInt(4)).build();
    UserFilter users = UserFilter.all().usernameContains(prefix + "-user-");
    PostFilter posts = PostFilter.all().titleContains(prefix + "-post").limit(10_000);
    TagFilter tagFilter = TagFilter.all().nameContains(prefix + "-tag-");
    List<Path> paths =
        List.of(
            new Path("users -> posts -> tags", (a, b) -> FetchPlan.of(userPosts(a, postTags(b))),
                plan -> backref.users().findAll(users, (FetchPlan) plan), List.of("posts", "tags")),
            new Path("users -> posts -> author", (a, b) -> FetchPlan.of(userPosts(a, postAuthor(b))),
                plan -> backref.users().findAll(users, (FetchPlan) plan), List.of("posts", "author")),
            new Path("posts -> author -> posts", (a, b) -> FetchPlan.of(postAuthor(a, userPosts(b))),
                plan -> backref.posts().findAll(posts, (FetchPlan) plan), List.of("author", "posts")),
            new Path("posts -> tags -> posts", (a, b) -> FetchPlan.of(postTags(a, tagPosts(b))),
                plan -> backref.posts().findAll(posts, (FetchPlan) plan), List.of("tags", "posts")),
            new Path("tags -> posts -> author", (a, b) -> FetchPlan.of(tagPosts(a, postAuthor(b))),
                plan -> backref.tags().findAll(tagFilter, (FetchPlan) plan), List.of("posts", "author")),
            new Path("tags -> posts -> tags", (a, b) -> FetchPlan.of(tagPosts(a, postTags(b))),
                plan -> backref.tags().findAll(tagFilter, (FetchPlan) plan), List.of("posts", "tags")));

    for (Path path : paths) {
      List<Tree> reference = trees(path.load().apply(path.plan().apply(FetchPolicy.SELECT_IN, FetchPolicy.SELECT_IN)), path.relations(), 0);
      for (FetchPolicy outer : FetchPolicy.values()) {
        for (FetchPolicy inner : FetchPolicy.values()) {
          if (!accepted(path, outer, inner)) {
            continue;
          }
          List<Tree> loaded = trees(path.load().apply(path.plan().apply(outer, inner)), path.relations(), 0);
          // NONE sends no SQL for a relation; a post's author under its user's posts needs none: it
          // is that user, so it stays loaded.
          boolean backReference = path.name().equals("users -> posts -> author");
          List<Tree> expected = inner == FetchPolicy.NONE && !backReference ? cut(reference) : reference;
          assertThat(loaded).as("%s under %s, %s (seed %d)", path.name(), outer, inner, seed).isEqualTo(expected);
        }
      }
    }
  }

  /** Whether a plan accepts the pair: nothing below NONE or DYNAMIC, no DYNAMIC on an author. */
  private static boolean accepted(Path path, FetchPolicy outer, FetchPolicy inner) {
    if (outer == FetchPolicy.NONE || outer == FetchPolicy.DYNAMIC) {
      return false;
    }
    boolean outerToOne = path.relations().get(0).equals("author");
    boolean innerToOne = path.relations().get(1).equals("author");
    return !(innerToOne && inner == FetchPolicy.DYNAMIC) && !(outerToOne && outer == FetchPolicy.DYNAMIC);
  }

  private static List<Tree> cut(List<Tree> trees) {
    return trees.stream()
        .map(root -> new Tree(root.type(), root.id(), root.children().stream().map(child -> new Tree(child.type(), child.id(), null)).toList()))
        .toList();
  }

  private static List<Tree> trees(List<?> objects, List<String> relations, int depth) {
    List<Tree> trees = new ArrayList<>();
    for (Object object : objects) {
      trees.add(tree(object, relations, depth));
    }
    return trees;
  }

  private static Tree tree(Object object, List<String> relations, int depth) {
    String type = object.getClass().getSimpleName();
    long id =
        switch (object) {
          case User user -> user.id();
          case Post post -> post.id();
          case Tag tag -> tag.id();
          default -> throw new IllegalArgumentException(object.toString());
        };
    if (depth == relations.size()) {
      return new Tree(type, id, List.of());
    }
    List<?> related = related(object, relations.get(depth));
    return new Tree(type, id, related == null ? null : trees(related, relations, depth + 1));
  }

  /** The related objects, loading lazy relations and querying dynamic ones; null if not loaded. */
  private static List<?> related(Object object, String relation) {
    dev.backref.domain.RelationState state =
        switch (object) {
          case User user -> user.posts().state();
          case Post post -> relation.equals("author") ? post.authorRelation().state() : post.tags().state();
          case Tag tag -> tag.posts().state();
          default -> throw new IllegalArgumentException(relation);
        };
    if (state == dev.backref.domain.RelationState.NOT_LOADED) {
      return null;
    }
    boolean dynamic = state == dev.backref.domain.RelationState.DYNAMIC;
    return switch (object) {
      case User user -> dynamic ? user.posts().query(PostQuery.class).fetch() : user.posts().get();
      case Post post ->
          relation.equals("author")
              ? List.of(post.author())
              : dynamic ? post.tags().query(TagQuery.class).fetch() : post.tags().get();
      case Tag tag -> dynamic ? tag.posts().query(PostQuery.class).fetch() : tag.posts().get();
      default -> throw new IllegalArgumentException(relation);
    };
  }
}
