package dev.backref.app;

import dev.backref.domain.Post;
import dev.backref.domain.RelationNotLoadedException;
import dev.backref.domain.RelationState;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.PostFilter;
import dev.backref.persistence.PostQuery;
import dev.backref.persistence.StatementRecorder;
import dev.backref.persistence.UserFilter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * {@code blog demo}: seeds a small blog, then loads it under every fetch policy, in both
 * directions, and prints what each cost and whether each returned the graph that was inserted.
 */
@Command(
    name = "demo",
    description = {
      "Show what every fetch policy costs, in both directions.",
      "Seeds a small blog, then loads all users with their posts and all posts with their author under every "
          + "fetch policy: SQL statements sent, time, and whether each returned the graph that was inserted.",
      "Runs in a throwaway embedded PostgreSQL unless --db-url or --data-dir names an (empty) database."
    })
final class DemoCommand extends Action {

  @Option(names = "--users", defaultValue = "20", paramLabel = "N", description = "Users to generate, with 0 to 6 posts each (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed of the generated data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--runs", defaultValue = "5", paramLabel = "R", description = "Timed runs per policy; the median is shown (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warm-up", defaultValue = "10", paramLabel = "W", description = "Untimed rounds over every policy first, so that the JIT compiler does not time itself (default: ${DEFAULT-VALUE}).")
  int warmUp;

  /** One policy's result in one direction. */
  record Row(FetchPolicy policy, int statements, double millis, Graph graph, String how) {}

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
      List<User> inserted = seed(backref, new FakeBlog(seed));
      int postCount = inserted.stream().mapToInt(user -> user.posts().size()).sum();
      int authors = (int) inserted.stream().filter(user -> !user.posts().isEmpty()).count();
      List<String> expectedUsers = canonicalUsers(inserted, user -> user.posts().get());
      List<String> expectedPosts = canonicalPosts(inserted.stream().flatMap(user -> user.posts().stream())
          .sorted(Comparator.comparing(Post::createdAt).thenComparing(Post::id)).toList());

      StatementRecorder recorder = session.recorder();
      for (int round = 0; round < warmUp; round++) {
        FetchPolicies.TO_MANY.forEach(policy -> loadUsers(backref, policy, expectedUsers));
        FetchPolicies.TO_ONE.forEach(policy -> loadPosts(backref, policy, expectedPosts));
      }
      List<Row> userRows = new ArrayList<>();
      for (FetchPolicy policy : FetchPolicies.TO_MANY) {
        userRows.add(measure(recorder, policy, howUsers(policy), () -> loadUsers(backref, policy, expectedUsers)));
      }
      List<Row> postRows = new ArrayList<>();
      for (FetchPolicy policy : FetchPolicies.TO_ONE) {
        postRows.add(measure(recorder, policy, howPosts(policy), () -> loadPosts(backref, policy, expectedPosts)));
      }

      String where = session.database().describeWithVersion();
      if (blog.json()) {
        printJson(blog, recorder.count(), inserted.size(), postCount, authors, where, userRows, postRows);
      } else {
        printText(blog.out, inserted.size(), postCount, where, userRows, postRows);
      }
      List<String> different = new ArrayList<>();
      userRows.stream().filter(row -> row.graph() == Graph.DIFFERENT).forEach(row -> different.add("users->posts " + FetchPolicies.name(row.policy())));
      postRows.stream().filter(row -> row.graph() == Graph.DIFFERENT).forEach(row -> different.add("posts->author " + FetchPolicies.name(row.policy())));
      if (!different.isEmpty()) {
        throw new GraphMismatchException("these fetch policies returned a different graph: " + String.join(", ", different));
      }
      return ExitCodes.OK;
    }
  }

  private List<User> seed(Backref backref, FakeBlog fake) {
    List<User> created = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      // The second user has no posts: an empty list must stay distinct from "not loaded".
      int posts = i == 1 ? 0 : fake.nextInt(7);
      created.add(backref.users().create(fake.username(), fake.posts(posts)));
    }
    return created;
  }

  /** Runs {@code load} {@link #runs} times: the median time and the last statement count. */
  private Row measure(StatementRecorder recorder, FetchPolicy policy, String how, Supplier<Graph> load) {
    long[] nanos = new long[runs];
    int statements = 0;
    Graph graph = null;
    for (int run = 0; run < runs; run++) {
      int before = recorder.count();
      long start = System.nanoTime();
      graph = load.get();
      nanos[run] = System.nanoTime() - start;
      statements = recorder.count() - before;
    }
    Arrays.sort(nanos);
    return new Row(policy, statements, nanos[runs / 2] / 1e6, graph, how);
  }

  /** Loads every user, reads every user's posts as the policy allows, and compares with the inserted graph. */
  private static Graph loadUsers(Backref backref, FetchPolicy policy, List<String> expected) {
    List<User> loaded = backref.users().findAll(UserFilter.all(), policy);
    if (policy == FetchPolicy.NONE) {
      return loaded.stream().allMatch(DemoCommand::postsRefuseToLoad) ? Graph.NOT_LOADED : Graph.DIFFERENT;
    }
    Function<User, List<Post>> posts =
        policy == FetchPolicy.DYNAMIC ? user -> user.posts().query(PostQuery.class).fetch() : user -> user.posts().get();
    return canonicalUsers(loaded, posts).equals(expected) ? Graph.SAME : Graph.DIFFERENT;
  }

  private static boolean postsRefuseToLoad(User user) {
    if (user.posts().state() != RelationState.NOT_LOADED) {
      return false;
    }
    try {
      user.posts().get();
      return false;
    } catch (RelationNotLoadedException expected) {
      return true;
    }
  }

  /** Loads every post, reads every post's author as the policy allows, and compares with the inserted graph. */
  private static Graph loadPosts(Backref backref, FetchPolicy policy, List<String> expected) {
    List<Post> loaded = backref.posts().findAll(PostFilter.all().limit(Integer.MAX_VALUE), policy);
    if (policy == FetchPolicy.NONE) {
      return loaded.stream().allMatch(post -> post.authorRelation().state() == RelationState.NOT_LOADED) ? Graph.NOT_LOADED : Graph.DIFFERENT;
    }
    return canonicalPosts(loaded).equals(expected) && oneInstancePerAuthor(loaded) ? Graph.SAME : Graph.DIFFERENT;
  }

  /**
   * Users by id, each followed by its posts in loaded order; every post must point back at the very
   * same user instance, or the graph is not the one the library promises.
   */
  private static List<String> canonicalUsers(List<User> users, Function<User, List<Post>> postsOf) {
    List<String> lines = new ArrayList<>();
    for (User user : users.stream().sorted(Comparator.comparingLong(User::id)).toList()) {
      lines.add(user.reference() + " " + user.username() + " " + user.createdAt() + " v" + user.version());
      List<Post> posts = postsOf.apply(user).stream()
          .sorted(Comparator.comparing(Post::createdAt).thenComparingLong(Post::id)).toList();
      for (Post post : posts) {
        lines.add("  " + post.reference() + " " + post.title() + " | " + post.content().hashCode() + " " + post.createdAt()
            + " v" + post.version() + (post.author() == user ? "" : " AUTHOR IS ANOTHER INSTANCE"));
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

  private static boolean oneInstancePerAuthor(List<Post> posts) {
    Map<Long, User> seen = new HashMap<>();
    Map<User, Boolean> instances = new IdentityHashMap<>();
    for (Post post : posts) {
      User author = post.author();
      seen.putIfAbsent(author.id(), author);
      instances.put(author, Boolean.TRUE);
    }
    return seen.size() == instances.size();
  }

  private static String howUsers(FetchPolicy policy) {
    return switch (policy) {
      case NONE -> "users only; reading posts throws RelationNotLoadedException";
      case JOINED -> "one query: users LEFT JOIN posts";
      case MULTISET -> "one query: each user's posts nested (MULTISET)";
      case SUBQUERY -> "users, then posts WHERE user_id IN (the users query)";
      case SELECT_IN -> "users, then posts WHERE user_id = ANY(ids), per 500 users";
      case LAZY -> "users, then 1 query per user when its posts are read (N+1)";
      case BATCH -> "users, then 1 query per 500 users when posts are first read";
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
      case BATCH -> "posts, then 1 query per 500 authors when first read";
      case DYNAMIC -> throw new IllegalArgumentException("DYNAMIC does not apply to a post's author");
    };
  }

  private void printText(PrintStream out, int userCount, int postCount, String where, List<Row> userRows, List<Row> postRows) {
    out.printf(Locale.ROOT, "Seeded %d users with %d posts (datafaker, seed %d) into %s.%n", userCount, postCount, seed, where);
    out.println();
    out.printf(Locale.ROOT, "users -> posts: load all %d users, then read every user's posts%n", userCount);
    table(out, userRows);
    out.println();
    out.printf(Locale.ROOT, "posts -> author: load all %d posts, then read every post's author%n", postCount);
    table(out, postRows);
    out.println();
    out.printf(Locale.ROOT, "statements: sent to PostgreSQL, counted at the JDBC driver (StatementRecorder); time: median of %d runs"
        + " after %d warm-up rounds.%n", runs, warmUp);
    boolean same = userRows.stream().noneMatch(row -> row.graph() == Graph.DIFFERENT)
        && postRows.stream().noneMatch(row -> row.graph() == Graph.DIFFERENT);
    out.println(same
        ? "Every policy that loads the relation returned the graph that was inserted, posts pointing back at their user instance."
        : "Some policies returned a DIFFERENT graph: that is a bug in the library.");
  }

  private static void table(PrintStream out, List<Row> rows) {
    out.printf(Locale.ROOT, "  %-9s %10s %10s  %-10s  %s%n", "policy", "statements", "time", "graph", "how");
    for (Row row : rows) {
      out.printf(Locale.ROOT, "  %-9s %10d %7.2f ms  %-10s  %s%n",
          FetchPolicies.name(row.policy()), row.statements(), row.millis(), row.graph().label, row.how());
    }
  }

  private void printJson(
      BlogCommand blog, int statements, int userCount, int postCount, int authors, String where, List<Row> userRows, List<Row> postRows) {
    ObjectNode document = Json.object()
        .put("statements", statements)
        .put("database", where)
        .put("users", userCount)
        .put("posts", postCount)
        .put("authors", authors)
        .put("seed", seed)
        .put("runs", runs);
    rows(document.putArray("usersWithPosts"), userRows);
    rows(document.putArray("postsWithAuthor"), postRows);
    document.put("sameGraph", userRows.stream().noneMatch(row -> row.graph() == Graph.DIFFERENT)
        && postRows.stream().noneMatch(row -> row.graph() == Graph.DIFFERENT));
    blog.out.println(Json.pretty(document));
  }

  private static void rows(ArrayNode array, List<Row> rows) {
    for (Row row : rows) {
      array.addObject()
          .put("policy", FetchPolicies.name(row.policy()))
          .put("statements", row.statements())
          .put("millis", Math.round(row.millis() * 1000) / 1000.0)
          .put("graph", row.graph().label);
    }
  }
}
