package dev.backref.app;

import dev.backref.domain.Post;
import dev.backref.domain.RelationNotLoadedException;
import dev.backref.domain.RelationState;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPlan;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.PostFilter;
import dev.backref.persistence.PostQuery;
import dev.backref.persistence.StatementRecorder;
import dev.backref.persistence.TagFilter;
import dev.backref.persistence.TagQuery;
import dev.backref.persistence.UserFilter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code blog demo}: seeds a small blog, then loads it under every fetch policy, in four directions
 * (users to posts, posts to author, posts to tags, tags to posts), and under a few fetch plans two
 * levels deep (users to posts to tags), and prints what each cost and whether each returned the
 * graph that was inserted.
 */
@Command(
    name = "demo",
    description = {
      "Show what every fetch policy costs, in every direction.",
      "Seeds a small blog, then loads all users with their posts, all posts with their author, all posts with "
          + "their tags and all tags with their posts under every fetch policy, and all users with their posts and "
          + "the posts' tags under a few fetch plans: SQL statements sent, time, and whether each returned the graph "
          + "that was inserted.",
      "Runs in a throwaway embedded PostgreSQL unless --db-url or --data-dir names an (empty) database."
    })
final class DemoCommand extends Action {

  /** Tags drawn for the posts, most popular first; one more tag is created and never used. */
  static final int TAGS = 8;

  /** The tag that no post carries: an empty list must stay distinct from "not loaded". */
  static final String UNUSED_TAG = "no-posts-yet";

  /** The plans of the last table: users, their posts, the posts' tags. */
  static final List<String> PLANS = List.of(
      "posts=selectin,posts.tags=joined",
      "posts=joined,posts.tags=selectin",
      "posts=selectin,posts.tags=selectin",
      "posts=subquery,posts.tags=subquery",
      "posts=joined,posts.tags=joined",
      "posts=multiset,posts.tags=multiset",
      "posts=lazy,posts.tags=selectin",
      "posts=selectin,posts.tags=lazy");

  private static final Comparator<Post> POST_ORDER = Comparator.comparing(Post::createdAt).thenComparingLong(Post::id);
  private static final Comparator<Tag> TAG_ORDER =
      Comparator.comparing((Tag tag) -> tag.name().toLowerCase(Locale.ROOT)).thenComparingLong(Tag::id);

  @Option(names = "--users", defaultValue = "20", paramLabel = "N", description = "Users to generate, with 0 to 6 posts each (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--runs", defaultValue = "5", paramLabel = "R", description = "Timed runs per policy; the median is shown (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warm-up", defaultValue = "10", paramLabel = "W", description = "Untimed rounds over every policy first, so that the JIT compiler does not time itself (default: ${DEFAULT-VALUE}).")
  int warmUp;

  /** One policy's or plan's result in one direction. */
  record Row(String name, int statements, double millis, Graph graph, String how) {}

  /** How a policy's graph compares with the inserted one. */
  enum Graph {
    SAME("same"),
    NOT_LOADED("not loaded"),
    DIFFERENT("DIFFERENT");

    final String label;

    Graph(String label) {
      this.label = label;
    }
  }

  /**
   * One way through the graph: a short name ({@code posts->tags}), the JSON field of its rows, what
   * its cases are ({@code policy} or {@code plan}), the table's title, and the cases.
   */
  private record Direction(String name, String field, String kind, String title, List<Case> cases) {

    /** A direction with a case per policy: what each does, and a load under each. */
    static Direction byPolicy(
        String name, String field, String title, List<FetchPolicy> policies, Function<FetchPolicy, String> how,
        Function<FetchPolicy, Graph> load) {
      List<Case> cases = policies.stream()
          .map(policy -> new Case(FetchPolicies.name(policy), how.apply(policy), () -> load.apply(policy)))
          .toList();
      return new Direction(name, field, "policy", title, cases);
    }
  }

  /** One policy or plan of a direction: its name, what it does, and a load that reads every relation and compares the result with the inserted graph. */
  private record Case(String name, String how, Supplier<Graph> load) {}

  /** What the demo inserted, as the library returned it when creating. */
  private record Inserted(List<User> users, List<Post> posts, List<Tag> tags, Map<Long, List<Tag>> tagsByPost) {

    int taggings() {
      return tagsByPost.values().stream().mapToInt(List::size).sum();
    }

    List<Tag> tagsOf(Post post) {
      return tagsByPost.getOrDefault(post.id(), List.of());
    }

    List<Post> postsOf(Tag tag) {
      return posts.stream().filter(post -> tagsOf(post).stream().anyMatch(its -> its.id() == tag.id())).toList();
    }
  }

  @Override
  int run(BlogCommand blog) {
    if (users <= 0 || runs <= 0 || warmUp < 0) {
      throw new UsageException("--users and --runs must be positive, --warm-up not negative");
    }
    try (Session session = Session.open(blog, Session.Kind.DEMO)) {
      Backref backref = session.backref();
      long existing = backref.users().count();
      if (existing > 0) {
        throw new UsageException("demo needs an empty database, and " + session.database().description() + " has "
            + existing + " users; run it without --db-url and --data-dir to use a throwaway embedded database");
      }
      Inserted inserted = seed(backref);
      List<Direction> directions = directions(backref, inserted);

      StatementRecorder recorder = session.recorder();
      for (int round = 0; round < warmUp; round++) {
        directions.forEach(direction -> direction.cases().forEach(one -> one.load().get()));
      }
      Map<Direction, List<Row>> rows = new LinkedHashMap<>();
      for (Direction direction : directions) {
        List<Row> measured = new ArrayList<>();
        for (Case one : direction.cases()) {
          measured.add(measure(recorder, one));
        }
        rows.put(direction, measured);
      }

      String where = session.database().describeWithVersion();
      if (blog.json()) {
        printJson(blog, recorder.count(), inserted, where, rows);
      } else {
        printText(blog.out, inserted, where, rows);
      }
      List<String> different = new ArrayList<>();
      rows.forEach((direction, measured) -> measured.stream().filter(row -> row.graph() == Graph.DIFFERENT)
          .forEach(row -> different.add(direction.name() + " " + row.name())));
      if (!different.isEmpty()) {
        throw new GraphMismatchException("these fetch policies or plans returned a different graph: " + String.join(", ", different));
      }
      return ExitCodes.OK;
    }
  }

  /**
   * Users with 0 to 6 posts (the second one with none), then {@link #TAGS} tags drawn for every
   * post but the first (which stays without tags), and one tag on no post.
   */
  private Inserted seed(Backref backref) {
    FakeBlog fake = new FakeBlog(seed);
    List<User> created = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      // The second user has no posts: an empty list must stay distinct from "not loaded".
      int posts = i == 1 ? 0 : fake.nextInt(7);
      created.add(backref.users().create(fake.username(), fake.posts(posts)));
    }
    List<Post> posts = created.stream().flatMap(user -> user.posts().stream()).sorted(POST_ORDER).toList();
    FakeTags fakeTags = new FakeTags(seed, TAGS);
    List<Tag> tags = new ArrayList<>();
    for (String name : fakeTags.names()) {
      tags.add(backref.tags().create(name));
    }
    tags.add(backref.tags().create(UNUSED_TAG));
    Map<Long, List<Tag>> tagsByPost = new HashMap<>();
    for (Post post : posts.subList(Math.min(1, posts.size()), posts.size())) {
      List<String> names = Arrays.stream(fakeTags.nextPost()).mapToObj(fakeTags.names()::get).toList();
      if (!names.isEmpty()) {
        tagsByPost.put(post.id(), backref.posts().tag(post.id(), names));
      }
    }
    return new Inserted(created, posts, tags, tagsByPost);
  }

  private static List<Direction> directions(Backref backref, Inserted inserted) {
    List<String> users = canonicalUsers(inserted.users(), user -> user.posts().get());
    List<String> posts = canonicalPosts(inserted.posts());
    List<String> postsWithTags = canonicalPostsWithTags(inserted.posts(), inserted::tagsOf);
    List<String> tagsWithPosts = canonicalTagsWithPosts(inserted.tags(), inserted::postsOf);
    List<String> usersWithTags = canonicalUsersWithTags(inserted.users(), user -> user.posts().get(), inserted::tagsOf);
    List<Case> plans = PLANS.stream()
        .map(text -> FetchPlan.parse(User.class, text))
        .map(plan -> new Case(plan.toString(), howPlan(plan.toString()), () -> loadUsersWithTags(backref, plan, usersWithTags)))
        .toList();
    return List.of(
        Direction.byPolicy("users->posts", "usersWithPosts", "users -> posts: load all %d users, then read every user's posts"
            .formatted(inserted.users().size()), FetchPolicies.TO_MANY, DemoCommand::howUsers, policy -> loadUsers(backref, policy, users)),
        Direction.byPolicy("posts->author", "postsWithAuthor", "posts -> author: load all %d posts, then read every post's author"
            .formatted(inserted.posts().size()), FetchPolicies.TO_ONE, DemoCommand::howPosts, policy -> loadPosts(backref, policy, posts)),
        Direction.byPolicy("posts->tags", "postsWithTags", "posts -> tags: load all %d posts, then read every post's tags"
            .formatted(inserted.posts().size()), FetchPolicies.TO_MANY, DemoCommand::howPostsTags,
            policy -> loadPostsWithTags(backref, policy, postsWithTags)),
        Direction.byPolicy("tags->posts", "tagsWithPosts", "tags -> posts: load all %d tags, then read every tag's posts"
            .formatted(inserted.tags().size()), FetchPolicies.TO_MANY, DemoCommand::howTagsPosts,
            policy -> loadTagsWithPosts(backref, policy, tagsWithPosts)),
        new Direction("users->posts->tags", "fetchPlans",
            "plan", "fetch plans: users -> posts -> tags: load all %d users, then read every user's posts and every post's tags"
            .formatted(inserted.users().size()), plans));
  }

  /** Runs a case's load {@link #runs} times: the median time and the last statement count. */
  private Row measure(StatementRecorder recorder, Case measured) {
    long[] nanos = new long[runs];
    int statements = 0;
    Graph graph = null;
    for (int run = 0; run < runs; run++) {
      int before = recorder.count();
      long start = System.nanoTime();
      graph = measured.load().get();
      nanos[run] = System.nanoTime() - start;
      statements = recorder.count() - before;
    }
    Arrays.sort(nanos);
    return new Row(measured.name(), statements, nanos[runs / 2] / 1e6, graph, measured.how());
  }

  /** Loads every user, reads every user's posts as the policy allows, and compares with the inserted graph. */
  private static Graph loadUsers(Backref backref, FetchPolicy policy, List<String> expected) {
    List<User> loaded = backref.users().findAll(UserFilter.all(), policy);
    if (policy == FetchPolicy.NONE) {
      return loaded.stream().allMatch(user -> refusesToLoad(user.posts())) ? Graph.NOT_LOADED : Graph.DIFFERENT;
    }
    Function<User, List<Post>> posts =
        policy == FetchPolicy.DYNAMIC ? user -> user.posts().query(PostQuery.class).fetch() : user -> user.posts().get();
    return canonicalUsers(loaded, posts).equals(expected) ? Graph.SAME : Graph.DIFFERENT;
  }

  /** Loads every post, reads every post's author as the policy allows, and compares with the inserted graph. */
  private static Graph loadPosts(Backref backref, FetchPolicy policy, List<String> expected) {
    List<Post> loaded = backref.posts().findAll(PostFilter.all().limit(Integer.MAX_VALUE), policy);
    if (policy == FetchPolicy.NONE) {
      return loaded.stream().allMatch(post -> post.authorRelation().state() == RelationState.NOT_LOADED) ? Graph.NOT_LOADED : Graph.DIFFERENT;
    }
    return canonicalPosts(loaded).equals(expected) && oneInstancePerRow(loaded.stream().map(Post::author).toList(), User::id)
        ? Graph.SAME
        : Graph.DIFFERENT;
  }

  /**
   * Loads every post (authors not loaded), reads every post's tags as the policy allows, and
   * compares with the inserted graph; a tag carried by several posts must be one instance, except
   * under DYNAMIC, where each post's query is a load of its own.
   */
  private static Graph loadPostsWithTags(Backref backref, FetchPolicy policy, List<String> expected) {
    List<Post> loaded = backref.posts().findAll(PostFilter.all().limit(Integer.MAX_VALUE), FetchPolicy.NONE, policy);
    if (policy == FetchPolicy.NONE) {
      return loaded.stream().allMatch(post -> refusesToLoad(post.tags())) ? Graph.NOT_LOADED : Graph.DIFFERENT;
    }
    Map<Post, List<Tag>> tags = new LinkedHashMap<>();
    for (Post post : loaded) {
      tags.put(post, policy == FetchPolicy.DYNAMIC ? post.tags().query(TagQuery.class).fetch() : post.tags().get());
    }
    boolean identity = policy == FetchPolicy.DYNAMIC || oneInstancePerRow(tags.values().stream().flatMap(List::stream).toList(), Tag::id);
    return canonicalPostsWithTags(loaded, tags::get).equals(expected) && identity ? Graph.SAME : Graph.DIFFERENT;
  }

  /**
   * Loads every tag, reads every tag's posts as the policy allows, and compares with the inserted
   * graph; a post carrying several tags must be one instance, except under DYNAMIC.
   */
  private static Graph loadTagsWithPosts(Backref backref, FetchPolicy policy, List<String> expected) {
    List<Tag> loaded = backref.tags().findAll(TagFilter.all().limit(Integer.MAX_VALUE), policy);
    if (policy == FetchPolicy.NONE) {
      return loaded.stream().allMatch(tag -> refusesToLoad(tag.posts())) ? Graph.NOT_LOADED : Graph.DIFFERENT;
    }
    Map<Tag, List<Post>> posts = new LinkedHashMap<>();
    for (Tag tag : loaded) {
      posts.put(tag, policy == FetchPolicy.DYNAMIC ? tag.posts().query(PostQuery.class).fetch() : tag.posts().get());
    }
    boolean identity = policy == FetchPolicy.DYNAMIC || oneInstancePerRow(posts.values().stream().flatMap(List::stream).toList(), Post::id);
    return canonicalTagsWithPosts(loaded, posts::get).equals(expected) && identity ? Graph.SAME : Graph.DIFFERENT;
  }

  /**
   * Loads every user under {@code plan}, reads every user's posts and every post's tags (loading
   * what the plan defers), and compares with the inserted graph: posts pointing back at their user
   * instance, and a tag carried by several posts one instance, lazy loads included.
   */
  private static Graph loadUsersWithTags(Backref backref, FetchPlan<User> plan, List<String> expected) {
    List<User> loaded = backref.users().findAll(UserFilter.all(), plan);
    Map<Post, List<Tag>> tags = new LinkedHashMap<>();
    for (User user : loaded) {
      for (Post post : user.posts().get()) {
        tags.put(post, post.tags().get());
      }
    }
    boolean identity = oneInstancePerRow(tags.values().stream().flatMap(List::stream).toList(), Tag::id);
    return canonicalUsersWithTags(loaded, user -> user.posts().get(), tags::get).equals(expected) && identity
        ? Graph.SAME
        : Graph.DIFFERENT;
  }

  /** Whether the relation is not loaded and reading it throws, as under NONE it must. */
  private static boolean refusesToLoad(ToMany<?> relation) {
    if (relation.state() != RelationState.NOT_LOADED) {
      return false;
    }
    try {
      relation.get();
      return false;
    } catch (RelationNotLoadedException expected) {
      return true;
    }
  }

  /**
   * Users by id, each followed by its posts; every post must point back at the very same user
   * instance, or the graph is not the one the library promises.
   */
  private static List<String> canonicalUsers(List<User> users, Function<User, List<Post>> postsOf) {
    List<String> lines = new ArrayList<>();
    for (User user : users.stream().sorted(Comparator.comparingLong(User::id)).toList()) {
      lines.add(user.reference() + " " + user.username() + " " + user.createdAt() + " v" + user.version());
      for (Post post : postsOf.apply(user).stream().sorted(POST_ORDER).toList()) {
        lines.add("  " + line(post) + (post.author() == user ? "" : " AUTHOR IS ANOTHER INSTANCE"));
      }
    }
    return lines;
  }

  /** Users by id, each followed by its posts (pointing back at it), each followed by its tags by name. */
  private static List<String> canonicalUsersWithTags(
      List<User> users, Function<User, List<Post>> postsOf, Function<Post, List<Tag>> tagsOf) {
    List<String> lines = new ArrayList<>();
    for (User user : users.stream().sorted(Comparator.comparingLong(User::id)).toList()) {
      lines.add(user.reference() + " " + user.username() + " " + user.createdAt() + " v" + user.version());
      for (Post post : postsOf.apply(user).stream().sorted(POST_ORDER).toList()) {
        lines.add("  " + line(post) + (post.author() == user ? "" : " AUTHOR IS ANOTHER INSTANCE"));
        tagsOf.apply(post).stream().sorted(TAG_ORDER).forEach(tag -> lines.add("    " + line(tag)));
      }
    }
    return lines;
  }

  private static List<String> canonicalPosts(List<Post> posts) {
    return posts.stream()
        .map(post -> post.reference() + " " + post.title() + " " + post.createdAt() + " v" + post.version()
            + " by " + post.author().reference() + " " + post.author().username())
        .toList();
  }

  /** Posts in order, each followed by its tags by name. */
  private static List<String> canonicalPostsWithTags(List<Post> posts, Function<Post, List<Tag>> tagsOf) {
    List<String> lines = new ArrayList<>();
    for (Post post : posts.stream().sorted(POST_ORDER).toList()) {
      lines.add(line(post));
      tagsOf.apply(post).stream().sorted(TAG_ORDER).forEach(tag -> lines.add("  " + line(tag)));
    }
    return lines;
  }

  /** Tags by id, each followed by its posts in post order. */
  private static List<String> canonicalTagsWithPosts(List<Tag> tags, Function<Tag, List<Post>> postsOf) {
    List<String> lines = new ArrayList<>();
    for (Tag tag : tags.stream().sorted(Comparator.comparingLong(Tag::id)).toList()) {
      lines.add(line(tag));
      postsOf.apply(tag).stream().sorted(POST_ORDER).forEach(post -> lines.add("  " + line(post)));
    }
    return lines;
  }

  private static String line(Post post) {
    return post.reference() + " " + post.title() + " | " + post.content().hashCode() + " " + post.createdAt() + " v" + post.version();
  }

  private static String line(Tag tag) {
    return tag.reference() + " " + tag.name() + " " + tag.createdAt() + " v" + tag.version();
  }

  /** Whether every row (same id) is one instance, as the library promises within one load. */
  private static <T> boolean oneInstancePerRow(List<T> objects, Function<T, Long> id) {
    Map<Long, T> seen = new HashMap<>();
    for (T object : objects) {
      T first = seen.putIfAbsent(id.apply(object), object);
      if (first != null && first != object) {
        return false;
      }
    }
    return true;
  }

  private static String howUsers(FetchPolicy policy) {
    return switch (policy) {
      case NONE -> "users only; reading posts throws RelationNotLoadedException";
      case JOINED -> "one query: users LEFT JOIN posts";
      case MULTISET -> "one query: each user's posts nested (MULTISET)";
      case SUBQUERY -> "users, then posts WHERE user_id = ANY(ARRAY(the users query))";
      case SELECT_IN -> "users, then posts WHERE user_id = ANY(ids), per 1,000 users";
      case LAZY -> "users, then 1 query per user when its posts are read (N+1)";
      case BATCH -> "users, then 1 query per 1,000 users when posts are first read";
      case DYNAMIC -> "users; posts().query(PostQuery.class).fetch(): 1 query per user";
    };
  }

  private static String howPosts(FetchPolicy policy) {
    return switch (policy) {
      case NONE -> "posts only; reading author throws RelationNotLoadedException";
      case JOINED -> "one query: posts JOIN users";
      case MULTISET -> "one query: each post's author nested (MULTISET)";
      case SUBQUERY -> "posts, then users WHERE id IN (SELECT user_id ...)";
      case SELECT_IN -> "posts, then users WHERE id = ANY(author ids)";
      case LAZY -> "posts, then 1 query per distinct author when read";
      case BATCH -> "posts, then 1 query per 1,000 authors when first read";
      case DYNAMIC -> throw new IllegalArgumentException("DYNAMIC does not apply to a post's author");
    };
  }

  private static String howPostsTags(FetchPolicy policy) {
    return switch (policy) {
      case NONE -> "posts only; reading tags throws RelationNotLoadedException";
      case JOINED -> "one query: posts LEFT JOIN (post_tags JOIN tags)";
      case MULTISET -> "one query: each post's tags nested (MULTISET)";
      case SUBQUERY -> "posts, then post_tags JOIN tags WHERE post_id = ANY(ARRAY(the posts query))";
      case SELECT_IN -> "posts, then post_tags JOIN tags WHERE post_id = ANY(ids), per 1,000 posts";
      case LAZY -> "posts, then 1 query per post when its tags are read (N+1)";
      case BATCH -> "posts, then 1 query per 1,000 posts when tags are first read";
      case DYNAMIC -> "posts; tags().query(TagQuery.class).fetch(): 1 query per post";
    };
  }

  private static String howTagsPosts(FetchPolicy policy) {
    return switch (policy) {
      case NONE -> "tags only; reading posts throws RelationNotLoadedException";
      case JOINED -> "one query: tags LEFT JOIN (post_tags JOIN posts)";
      case MULTISET -> "one query: each tag's posts nested (MULTISET)";
      case SUBQUERY -> "tags, then post_tags JOIN posts WHERE tag_id = ANY(ARRAY(the tags query))";
      case SELECT_IN -> "tags, then post_tags JOIN posts WHERE tag_id = ANY(ids), per 1,000 tags";
      case LAZY -> "tags, then 1 query per tag when its posts are read (N+1)";
      case BATCH -> "tags, then 1 query per 1,000 tags when posts are first read";
      case DYNAMIC -> "tags; posts().query(PostQuery.class).fetch(): 1 query per tag";
    };
  }

  /** What a plan of the last table sends, in the terms of the tables above. */
  private static String howPlan(String plan) {
    return switch (plan) {
      case "posts=selectin,posts.tags=joined" -> "users, then posts LEFT JOIN tags per 1,000 users";
      case "posts=joined,posts.tags=selectin" -> "users LEFT JOIN posts, then tags per 1,000 posts";
      case "posts=selectin,posts.tags=selectin" -> "users, then posts per 1,000 users, then tags per 1,000 posts";
      case "posts=subquery,posts.tags=subquery" -> "users, then posts = ANY(ARRAY(the users query)), then tags = ANY(ARRAY(posts = ANY(...)))";
      case "posts=joined,posts.tags=joined" -> "one query: users LEFT JOIN posts LEFT JOIN tags";
      case "posts=multiset,posts.tags=multiset" -> "one query: posts nested in each user, tags in each post (MULTISET)";
      case "posts=lazy,posts.tags=selectin" -> "users, then per user when its posts are read: its posts, their tags";
      case "posts=selectin,posts.tags=lazy" -> "users, then posts per 1,000 users, then 1 query per post for its tags";
      default -> plan;
    };
  }

  private static boolean sameGraph(Map<Direction, List<Row>> rows) {
    return rows.values().stream().flatMap(List::stream).noneMatch(row -> row.graph() == Graph.DIFFERENT);
  }

  private void printText(PrintStream out, Inserted inserted, String where, Map<Direction, List<Row>> rows) {
    out.printf(Locale.ROOT, "Seeded %d users with %d posts and %d tags, tagged %d times (datafaker, seed %d) into %s.%n",
        inserted.users().size(), inserted.posts().size(), inserted.tags().size(), inserted.taggings(), seed, where);
    rows.forEach((direction, measured) -> {
      out.println();
      out.println(direction.title());
      table(out, direction.kind(), measured);
    });
    out.println();
    out.printf(Locale.ROOT, "statements: sent to PostgreSQL, counted at the JDBC driver (StatementRecorder); time: median of %d runs"
        + " after %d warm-up rounds.%n", runs, warmUp);
    out.println(sameGraph(rows)
        ? "Every policy and plan that loads the relation returned the graph that was inserted, posts pointing back at their user instance"
            + " and each post or tag one instance however often it is reached."
        : "Some policies returned a DIFFERENT graph: that is a bug in the library.");
  }

  /** The rows under a header; the first column, {@code kind}, is as wide as its longest name (at least 9). */
  private static void table(PrintStream out, String kind, List<Row> rows) {
    int width = Math.max(9, rows.stream().mapToInt(row -> row.name().length()).max().orElse(0));
    out.printf(Locale.ROOT, "  %-" + width + "s %10s %10s  %-10s  %s%n", kind, "statements", "time", "graph", "how");
    for (Row row : rows) {
      out.printf(Locale.ROOT, "  %-" + width + "s %10d %7.2f ms  %-10s  %s%n",
          row.name(), row.statements(), row.millis(), row.graph().label, row.how());
    }
  }

  private void printJson(BlogCommand blog, int statements, Inserted inserted, String where, Map<Direction, List<Row>> rows) {
    ObjectNode document = Json.object()
        .put("statements", statements)
        .put("database", where)
        .put("users", inserted.users().size())
        .put("posts", inserted.posts().size())
        .put("authors", (int) inserted.users().stream().filter(user -> !user.posts().isEmpty()).count())
        .put("tags", inserted.tags().size())
        .put("taggings", inserted.taggings())
        .put("seed", seed)
        .put("runs", runs);
    rows.forEach((direction, measured) -> rows(document.putArray(direction.field()), direction.kind(), measured));
    document.put("sameGraph", sameGraph(rows));
    blog.out.println(Json.pretty(document));
  }

  private static void rows(ArrayNode array, String kind, List<Row> rows) {
    for (Row row : rows) {
      array.addObject()
          .put(kind, row.name())
          .put("statements", row.statements())
          .put("millis", Math.round(row.millis() * 1000) / 1000.0)
          .put("graph", row.graph().label);
    }
  }
}
