package dev.backref.app;

import static dev.backref.persistence.Fetch.postAuthor;
import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.tagPosts;
import static dev.backref.persistence.Fetch.userPosts;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.Fetch;
import dev.backref.persistence.FetchPlan;
import dev.backref.persistence.FetchPolicy;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one read loads and how it is shown, from {@code --fetch} ({@code ?fetch=} over HTTP): a
 * whole {@link FetchPlan} ({@code posts=selectin,posts.tags=joined}), shown as a tree of whatever
 * it loaded; or policies, the app's first form ({@code selectin}), shown in the first shapes. A
 * value with {@code =} is a plan.
 *
 * <pre>{@code
 * Fetching<User> fetch = Fetching.users("posts=selectin,posts.tags=joined");
 * User alice = backref.users().getByUsername("alice", fetch.plan());
 * }</pre>
 *
 * @param plan what to load; for policies, the plan they stand for ({@code userPosts(SELECT_IN)})
 * @param tree whether it was given as a plan
 * @param <R> the root type: {@code User}, {@code Post} or {@code Tag}
 */
record Fetching<R>(FetchPlan<R> plan, boolean tree) {

  /** The first form's document field per relation: a user's or a tag's posts, a post's author and tags. */
  private static final Map<String, String> POLICY_FIELDS = Map.of("posts", "fetch", "author", "fetchAuthor", "tags", "fetchTags");

  /** A read of users: a plan, or the policy of the users' posts. */
  static Fetching<User> users(String value) {
    return parse(value, User.class, FetchPolicies.TO_MANY, policy -> FetchPlan.of(userPosts(policy)));
  }

  /** A read of tags: a plan, or the policy of the tags' posts. */
  static Fetching<Tag> tags(String value) {
    return parse(value, Tag.class, FetchPolicies.TO_MANY, policy -> FetchPlan.of(tagPosts(policy)));
  }

  /**
   * A read of posts: a plan, or the policy of the posts' author (as {@code --fetch-author}; {@link
   * #posts(FetchPolicy, FetchPolicy)} adds the tags' policy).
   */
  static Fetching<Post> posts(String value) {
    return parse(value, Post.class, FetchPolicies.TO_ONE, policy -> FetchPlan.of(postAuthor(policy)));
  }

  /** A read of posts in the first form: the author's and the tags' policies. */
  static Fetching<Post> posts(FetchPolicy author, FetchPolicy tags) {
    return new Fetching<>(FetchPlan.of(postAuthor(author), postTags(tags)), false);
  }

  /** Whether {@code value} is written as a plan ({@code path=policy,...}) rather than as one policy. */
  static boolean isPlan(String value) {
    return value.contains("=");
  }

  /**
   * A plan, or one policy turned into the plan it stands for by {@code onePolicy}.
   *
   * @throws IllegalArgumentException saying what is wrong: an unknown policy, or the library's reason
   *     for refusing the plan
   */
  private static <R> Fetching<R> parse(
      String value, Class<R> root, List<FetchPolicy> allowed, Function<FetchPolicy, FetchPlan<R>> onePolicy) {
    if (isPlan(value)) {
      return new Fetching<>(FetchPlan.parse(root, value), true);
    }
    return new Fetching<>(onePolicy.apply(FetchPolicies.parse(value, allowed)), false);
  }

  /**
   * Writes what was loaded into a document: {@code "fetch": "posts=selectin,posts.tags=joined"} for
   * a plan; {@code "fetch": "selectin"} for the policy of a user's or a tag's posts, {@code
   * "fetchAuthor"} and {@code "fetchTags"} for a post's.
   */
  ObjectNode describe(ObjectNode document) {
    if (tree) {
      return document.put("fetch", plan.toString());
    }
    for (Fetch<R> fetch : plan.fetches()) {
      document.put(POLICY_FIELDS.get(fetch.name()), FetchPolicies.name(fetch.policy()));
    }
    return document;
  }

  /** The policy of the relation the first form names ({@code posts} or {@code author}); for a plan, of its first relation. */
  FetchPolicy policy() {
    return plan.fetches().getFirst().policy();
  }

  /** Picocli converter for {@code --fetch} of {@code users ...}. */
  static final class UsersConverter implements ITypeConverter<Fetching<User>> {
    @Override
    public Fetching<User> convert(String value) {
      return converted(() -> users(value));
    }
  }

  /** Picocli converter for {@code --fetch} of {@code tags ...}. */
  static final class TagsConverter implements ITypeConverter<Fetching<Tag>> {
    @Override
    public Fetching<Tag> convert(String value) {
      return converted(() -> tags(value));
    }
  }

  /** Picocli converter for {@code --fetch} of {@code posts list|show}. */
  static final class PostsConverter implements ITypeConverter<Fetching<Post>> {
    @Override
    public Fetching<Post> convert(String value) {
      return converted(() -> posts(value));
    }
  }

  private static <R> Fetching<R> converted(Supplier<Fetching<R>> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
