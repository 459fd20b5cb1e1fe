package dev.backref.persistence;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.SortField;

/**
 * One relation to follow in a {@link FetchPlan}: from objects of type {@code P}, which relation,
 * with which {@link FetchPolicy}, what to follow from the related objects in turn, and optionally
 * the order of a to-many relation's objects. The factories are typed: {@code userPosts(...)} only
 * nests what starts at a {@code Post}, so a plan can only name paths that exist.
 *
 * <pre>{@code
 * import static dev.backref.persistence.Fetch.*;
 * import static dev.backref.persistence.FetchPolicy.*;
 *
 * Fetch<User> posts = userPosts(SELECT_IN, postTags(JOINED));                  // users -> posts -> tags
 * Fetch<User> newest = userPosts(JOINED).orderBy(POSTS.CREATED_AT.desc());      // declared order
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@code equals} compares relation, policy, order and nesting.
 * Arguments must not be {@code null}.
 *
 * @param <P> the type the relation starts at
 */
public final class Fetch<P> {

  private final Association<P, ?> association;
  private final FetchPolicy policy;
  private final List<Fetch<?>> then;
  private final List<SortField<?>> order;

  private Fetch(Association<P, ?> association, FetchPolicy policy, List<Fetch<?>> then, List<SortField<?>> order) {
    this.association = association;
    this.policy = Objects.requireNonNull(policy, "policy");
    this.then = List.copyOf(then);
    this.order = order == null ? null : List.copyOf(order);
  }

  /** {@code user.posts()} with {@code policy}, then {@code then} from each post. */
  @SafeVarargs
  public static Fetch<User> userPosts(FetchPolicy policy, Fetch<Post>... then) {
    return new Fetch<>(Associations.USER_POSTS, policy, List.of(then), null);
  }

  /** {@code post.author()} with {@code policy} ({@link FetchPolicy#DYNAMIC} is refused), then {@code then} from each author. */
  @SafeVarargs
  public static Fetch<Post> postAuthor(FetchPolicy policy, Fetch<User>... then) {
    return new Fetch<>(Associations.POST_AUTHOR, policy, List.of(then), null);
  }

  /** {@code post.tags()} with {@code policy}, then {@code then} from each tag. */
  @SafeVarargs
  public static Fetch<Post> postTags(FetchPolicy policy, Fetch<Tag>... then) {
    return new Fetch<>(Associations.POST_TAGS, policy, List.of(then), null);
  }

  /** {@code tag.posts()} with {@code policy}, then {@code then} from each post. */
  @SafeVarargs
  public static Fetch<Tag> tagPosts(FetchPolicy policy, Fetch<Post>... then) {
    return new Fetch<>(Associations.TAG_POSTS, policy, List.of(then), null);
  }

  /**
   * This fetch with the related objects in {@code order} under every policy, instead of the
   * relation's default order; ties are broken by id. Only columns of the related table are allowed
   * ({@code POSTS.TITLE.desc()} for posts, {@code TAGS.NAME} for tags). A {@link
   * FetchPolicy#DYNAMIC} relation's query starts from this order.
   *
   * <pre>{@code
   * userPosts(SELECT_IN).orderBy(POSTS.TITLE.desc(), POSTS.ID.asc())
   * }</pre>
   *
   * @throws IllegalArgumentException when the plan is built, if a field is not a column of the
   *     related table or the relation is to-one
   */
  public Fetch<P> orderBy(SortField<?>... fields) {
    List<SortField<?>> declared = List.of(fields);
    if (declared.isEmpty()) {
      throw new IllegalArgumentException("orderBy needs at least one field");
    }
    return new Fetch<>(association, policy, then, declared);
  }

  /** The relation, as {@code "User.posts"}. */
  public String relation() {
    return association.qualifiedName();
  }

  /** The relation's name on its owner, as {@code "posts"}. */
  public String name() {
    return association.name();
  }

  /** The policy of this relation. */
  public FetchPolicy policy() {
    return policy;
  }

  /** What is followed from the related objects. */
  public List<Fetch<?>> then() {
    return then;
  }

  Association<P, ?> association() {
    return association;
  }

  static Fetch<?> of(Association<?, ?> association, FetchPolicy policy, List<Fetch<?>> then) {
    return new Fetch<>(association, policy, then, null);
  }

  /** This fetch and everything below it as the engine's steps, with {@code policyOf} applied. */
  LoadPlan.Step step(java.util.function.UnaryOperator<FetchPolicy> policyOf) {
    List<LoadPlan.Step> steps = new ArrayList<>(then.size());
    for (Fetch<?> next : then) {
      steps.add(next.step(policyOf));
    }
    return new LoadPlan.Step(association, policyOf.apply(policy), steps, order);
  }

  /** Appends this fetch in the text form of {@link FetchPlan#toString()}. */
  void describe(String prefix, List<String> into) {
    String path = prefix.isEmpty() ? association.name() : prefix + "." + association.name();
    into.add(path + "=" + FetchPlan.policyName(policy) + (order == null ? "" : " order by " + order));
    for (Fetch<?> next : then) {
      next.describe(path, into);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fetch<?> that
        && association == that.association
        && policy == that.policy
        && then.equals(that.then)
        && Objects.equals(order, that.order);
  }

  @Override
  public int hashCode() {
    return Objects.hash(association.qualifiedName(), policy, then);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    describe("", parts);
    return String.join(",", parts);
  }
}
