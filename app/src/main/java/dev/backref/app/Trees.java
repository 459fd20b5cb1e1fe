package dev.backref.app;

import dev.backref.domain.Post;
import dev.backref.domain.RelationState;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.User;
import dev.backref.persistence.Fetch;
import dev.backref.persistence.FetchPlan;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.PostQuery;
import dev.backref.persistence.TagQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a fetch plan loaded, as a tree that follows the plan to any depth: each object with the
 * relations the plan names at its place, read as their state allows (a LAZY or BATCH relation loads
 * here, a DYNAMIC one runs its query). Building a tree reads what it shows: count statements after.
 *
 * <p>The graph may be cyclic (a user's posts point back at the user; a tag is among its posts'
 * tags); its trees are finite. An object that would repeat one of its own ancestors on the path from
 * the root is a {@link Ref} instead ({@code User#7}), and the plan bounds the depth: a relation the
 * plan does not name at a place is not followed there, even when the graph holds it.
 */
final class Trees {

  private Trees() {}

  /** One place of a tree: an object, or a reference to one of its ancestors. */
  sealed interface Node permits UserNode, PostNode, TagNode, Ref {}

  /** A user and, where the plan names it, its posts. */
  record UserNode(long id, String username, Instant createdAt, long version, Related posts) implements Node {}

  /** A post and, where the plan names them, its author and its tags. */
  record PostNode(long id, long authorId, String title, String content, Instant createdAt, long version, Related author, Related tags)
      implements Node {}

  /** A tag and, where the plan names them, its posts. */
  record TagNode(long id, String name, Instant createdAt, long version, Related posts) implements Node {}

  /** An object already on the path from the root to here: {@code "User#7"}. */
  record Ref(String reference) implements Node {}

  /**
   * A relation at one place of a tree.
   *
   * @param policy the plan's policy for it here; {@code null} where the plan does not name it
   * @param nodes the related objects (one for an author); {@code null} when not loaded: not named,
   *     or named with NONE
   */
  record Related(FetchPolicy policy, List<Node> nodes) {

    static final Related NOT_NAMED = new Related(null, null);

    boolean loaded() {
      return nodes != null;
    }
  }

  static Node user(User user, FetchPlan<User> plan) {
    return user(user, plan.fetches(), new HashSet<>());
  }

  static List<Node> users(List<User> users, FetchPlan<User> plan) {
    return users.stream().map(user -> user(user, plan)).toList();
  }

  static Node post(Post post, FetchPlan<Post> plan) {
    return post(post, plan.fetches(), new HashSet<>());
  }

  static List<Node> posts(List<Post> posts, FetchPlan<Post> plan) {
    return posts.stream().map(post -> post(post, plan)).toList();
  }

  static Node tag(Tag tag, FetchPlan<Tag> plan) {
    return tag(tag, plan.fetches(), new HashSet<>());
  }

  static List<Node> tags(List<Tag> tags, FetchPlan<Tag> plan) {
    return tags.stream().map(tag -> tag(tag, plan)).toList();
  }

  /** {@code path}: the references of the objects from the root down to here. */
  private static Node user(User user, List<? extends Fetch<?>> fetches, Set<String> path) {
    if (!path.add(user.reference())) {
      return new Ref(user.reference());
    }
    Related posts = toMany(named(fetches, "posts"), user.posts(), () -> user.posts().query(PostQuery.class).fetch(),
        (post, then) -> post(post, then, path));
    path.remove(user.reference());
    return new UserNode(user.id(), user.username(), user.createdAt(), user.version(), posts);
  }

  private static Node post(Post post, List<? extends Fetch<?>> fetches, Set<String> path) {
    if (!path.add(post.reference())) {
      return new Ref(post.reference());
    }
    Related author = author(named(fetches, "author"), post, path);
    Related tags = toMany(named(fetches, "tags"), post.tags(), () -> post.tags().query(TagQuery.class).fetch(),
        (tag, then) -> tag(tag, then, path));
    path.remove(post.reference());
    return new PostNode(post.id(), post.authorId(), post.title(), post.content(), post.createdAt(), post.version(), author, tags);
  }

  private static Node tag(Tag tag, List<? extends Fetch<?>> fetches, Set<String> path) {
    if (!path.add(tag.reference())) {
      return new Ref(tag.reference());
    }
    Related posts = toMany(named(fetches, "posts"), tag.posts(), () -> tag.posts().query(PostQuery.class).fetch(),
        (post, then) -> post(post, then, path));
    path.remove(tag.reference());
    return new TagNode(tag.id(), tag.name(), tag.createdAt(), tag.version(), posts);
  }

  private static Related author(Fetch<?> fetch, Post post, Set<String> path) {
    if (fetch == null) {
      return Related.NOT_NAMED;
    }
    if (fetch.policy() == FetchPolicy.NONE || post.authorRelation().state() == RelationState.NOT_LOADED) {
      return new Related(fetch.policy(), null);
    }
    return new Related(fetch.policy(), List.of(user(post.author(), fetch.then(), path)));
  }

  /** What a to-many relation holds where the plan names it, each related object followed by {@code child}. */
  private static <T> Related toMany(
      Fetch<?> fetch, ToMany<T> relation, Supplier<List<T>> dynamicQuery, Child<T> child) {
    if (fetch == null) {
      return Related.NOT_NAMED;
    }
    List<T> related = fetch.policy() == FetchPolicy.NONE ? null : switch (relation.state()) {
      case NOT_LOADED -> null;
      case DYNAMIC -> dynamicQuery.get();
      case LOADED, LAZY -> relation.get();
    };
    if (related == null) {
      return new Related(fetch.policy(), null);
    }
    List<Node> nodes = new ArrayList<>(related.size());
    for (T object : related) {
      nodes.add(child.follow(object, fetch.then()));
    }
    return new Related(fetch.policy(), nodes);
  }

  /** Follows a related object with what the plan names below the relation. */
  @FunctionalInterface
  private interface Child<T> {
    Node follow(T object, List<Fetch<?>> then);
  }

  /** The fetch of the relation called {@code name} among {@code fetches}, or {@code null}. */
  private static Fetch<?> named(List<? extends Fetch<?>> fetches, String name) {
    for (Fetch<?> fetch : fetches) {
      if (fetch.name().equals(name)) {
        return fetch;
      }
    }
    return null;
  }
}
