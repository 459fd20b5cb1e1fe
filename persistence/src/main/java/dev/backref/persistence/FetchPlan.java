package dev.backref.persistence;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What one read loads beyond its root rows: for each relation reached from the root, a {@link
 * FetchPolicy}, nested to any depth (SQLAlchemy's {@code selectinload(User.posts).joinedload(Post.tags)},
 * Ecto's {@code preload: [posts: :tags]}). A relation not in the plan is not loaded; reading it
 * throws {@code RelationNotLoadedException} naming it.
 *
 * <pre>{@code
 * import static dev.backref.persistence.Fetch.*;
 * import static dev.backref.persistence.FetchPolicy.*;
 *
 * FetchPlan<User> plan = FetchPlan.of(userPosts(SELECT_IN, postTags(JOINED)));
 * List<User> users = backref.users().findAll(UserFilter.all(), plan);   // 2 statements
 *
 * FetchPlan<Post> both = FetchPlan.of(postAuthor(JOINED), postTags(SELECT_IN));
 * FetchPlan<User> same = FetchPlan.parse(User.class, "posts=selectin,posts.tags=joined");
 * }</pre>
 *
 * <p><b>Checked before any SQL.</b> {@link #of} refuses a plan that cannot be honoured, with an
 * {@link IllegalArgumentException} that says why: {@code DYNAMIC} on a to-one relation, anything
 * nested under {@code NONE} or {@code DYNAMIC}, one relation twice at the same place, an order on
 * a to-one relation or over another table's columns, and two to-many relations of one object both
 * {@code JOINED} (one statement would multiply their rows, 10 tags x 15 comments = 150 rows per
 * post: Hibernate's {@code MultipleBagFetchException}; load one of them with {@code SELECT_IN}).
 *
 * <p><b>Statements.</b> A plan sends the root statement plus, for every relation, what its policy
 * sends ({@link FetchPolicy}); {@code JOINED} and {@code MULTISET} relations fold into their
 * parent's statement. A relation whose objects are already known sends nothing: the author of a
 * user's own posts is that user, loaded whatever the plan says for it (even {@code NONE}, which
 * only means "send no SQL"). Nested under {@code LAZY} or {@code BATCH}, the rest of the plan runs
 * when the relation loads.
 *
 * <p><b>Identity.</b> Within one load (and the lazy loads of its graph) a row is one object,
 * whatever path reached it: a user loaded as a root and again as its posts' author is one {@code
 * User}.
 *
 * <p>Immutable and thread-safe; keep plans in constants. {@code equals} compares the fetches.
 *
 * @param <R> the root type: {@code User}, {@code Post} or {@code Tag}
 */
public final class FetchPlan<R> {

  private final List<Fetch<R>> fetches;
  private final LoadPlan checked;
  private volatile LoadPlan streamed;

  private FetchPlan(List<Fetch<R>> fetches) {
    this.fetches = List.copyOf(fetches);
    this.checked = fetches.isEmpty() ? null : compile(this.fetches.getFirst().association().parent(), UnaryOperator.identity());
  }

  /**
   * A plan following {@code fetches} from the root; no fetches loads the roots only.
   *
   * @throws IllegalArgumentException if the plan cannot be honoured (see above)
   */
  @SafeVarargs
  public static <R> FetchPlan<R> of(Fetch<R>... fetches) {
    return new FetchPlan<>(List.of(fetches));
  }

  /**
   * The plan written as text, as the {@code blog} app takes it: comma-separated {@code
   * path=policy} entries, a path being relation names from the root joined with dots; a nested path
   * needs its parent path earlier in the text. Policy names as in {@link FetchPolicy}, regardless of
   * case ({@code selectin}, {@code select_in} and {@code select-in} all work). The inverse of
   * {@link #toString()} for plans without declared orders.
   *
   * <pre>{@code
   * FetchPlan<Tag> plan = FetchPlan.parse(Tag.class, "posts=selectin, posts.author=joined");
   * }</pre>
   *
   * @throws IllegalArgumentException naming the entry that is not a relation, not a policy, or not
   *     a plan that can be honoured
   */
  public static <R> FetchPlan<R> parse(Class<R> rootType, String text) {
    Objects.requireNonNull(text, "text");
    EntityType<?> root = entityType(rootType);
    Map<String, Node> nodes = new LinkedHashMap<>();
    List<Node> top = new ArrayList<>();
    for (String raw : text.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int equals = entry.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("'" + entry + "' is not path=policy, e.g. posts=selectin");
      }
      String path = entry.substring(0, equals).strip();
      FetchPolicy policy = policy(entry.substring(equals + 1));
      int dot = path.lastIndexOf('.');
      Node parent = dot < 0 ? null : nodes.get(path.substring(0, dot));
      if (dot >= 0 && parent == null) {
        throw new IllegalArgumentException(
            "'" + path + "' needs '" + path.substring(0, dot) + "' earlier in the plan");
      }
      EntityType<?> from = parent == null ? root : parent.association.child();
      String name = path.substring(dot + 1);
      Association<?, ?> association = null;
      for (Association<?, ?> candidate : from.associations()) {
        if (candidate.name().equals(name)) {
          association = candidate;
        }
      }
      if (association == null) {
        throw new IllegalArgumentException(
            "'" + path + "': " + from.name() + " has no relation '" + name + "'; its relations are "
                + String.join(", ", from.associations().stream().map(Association::name).toList()));
      }
      if (nodes.containsKey(path)) {
        throw new IllegalArgumentException("'" + path + "' appears twice in the plan");
      }
      Node node = new Node(association, policy);
      nodes.put(path, node);
      (parent == null ? top : parent.children).add(node);
    }
    List<Fetch<R>> fetches = new ArrayList<>();
    for (Node node : top) {
      @SuppressWarnings("unchecked")
      Fetch<R> fetch = (Fetch<R>) node.fetch();
      fetches.add(fetch);
    }
    try {
      return new FetchPlan<>(fetches);
    } catch (IllegalArgumentException refused) {
      throw new IllegalArgumentException("'" + text.strip() + "' cannot be honoured: " + refused.getMessage(), refused);
    }
  }

  /** A parsed entry, before it becomes a {@link Fetch}. */
  private static final class Node {
    final Association<?, ?> association;
    final FetchPolicy policy;
    final List<Node> children = new ArrayList<>();

    Node(Association<?, ?> association, FetchPolicy policy) {
      this.association = association;
      this.policy = policy;
    }

    Fetch<?> fetch() {
      List<Fetch<?>> then = new ArrayList<>();
      for (Node child : children) {
        then.add(child.fetch());
      }
      return Fetch.of(association, policy, then);
    }
  }

  /** The fetches from the root. */
  public List<Fetch<R>> fetches() {
    return fetches;
  }

  /** The engine's plan over {@code root}, checked; the same for every call. */
  LoadPlan plan(EntityType<R> root) {
    if (checked == null) {
      return LoadPlan.of(root);
    }
    requireRoot(root, checked);
    return checked;
  }

  /** The plan for a stream: SUBQUERY becomes SELECT_IN, since a batch's roots have no query of their own. */
  LoadPlan streamPlan(EntityType<R> root) {
    LoadPlan plan = streamed;
    if (plan == null) {
      plan = fetches.isEmpty()
          ? LoadPlan.of(root)
          : compile(root, policy -> policy == FetchPolicy.SUBQUERY ? FetchPolicy.SELECT_IN : policy);
      streamed = plan;
    }
    requireRoot(root, plan);
    return plan;
  }

  /** The steps of this plan below the children of {@code via}, for a dynamic query's results. */
  LoadPlan below(Association<?, ?> via) {
    return LoadPlan.below(via, steps(UnaryOperator.identity()));
  }

  private LoadPlan compile(EntityType<?> root, UnaryOperator<FetchPolicy> policyOf) {
    return LoadPlan.of(root, steps(policyOf));
  }

  private List<LoadPlan.Step> steps(UnaryOperator<FetchPolicy> policyOf) {
    List<LoadPlan.Step> steps = new ArrayList<>(fetches.size());
    for (Fetch<R> fetch : fetches) {
      steps.add(fetch.step(policyOf));
    }
    return steps;
  }

  private static void requireRoot(EntityType<?> root, LoadPlan plan) {
    if (plan.root().type() != root) {
      throw new IllegalArgumentException(
          "This plan starts at " + plan.root().type().name() + ", not at " + root.name());
    }
  }

  private static EntityType<?> entityType(Class<?> type) {
    if (type == User.class) {
      return UserMapping.USER;
    }
    if (type == Post.class) {
      return PostMapping.POST;
    }
    if (type == Tag.class) {
      return TagMapping.TAG;
    }
    throw new IllegalArgumentException(type.getName() + " is not loaded by backref; use User, Post or Tag");
  }

  static String policyName(FetchPolicy policy) {
    return policy == FetchPolicy.SELECT_IN ? "selectin" : policy.name().toLowerCase(Locale.ROOT);
  }

  private static FetchPolicy policy(String name) {
    String normalized = name.strip().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (FetchPolicy policy : FetchPolicy.values()) {
      if (policyName(policy).equals(normalized)) {
        return policy;
      }
    }
    List<String> names = new ArrayList<>();
    for (FetchPolicy policy : FetchPolicy.values()) {
      names.add(policyName(policy));
    }
    throw new IllegalArgumentException("'" + name.strip() + "' is not a fetch policy; use one of " + String.join(", ", names));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FetchPlan<?> that && fetches.equals(that.fetches);
  }

  @Override
  public int hashCode() {
    return fetches.hashCode();
  }

  /** The plan as text, for example {@code "posts=selectin,posts.tags=joined"}; empty for no fetches. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Fetch<R> fetch : fetches) {
      fetch.describe("", parts);
    }
    return String.join(",", parts);
  }
}
