package dev.backref.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * A user: the root of the aggregate that owns its {@link #posts() posts}. Immutable.
 *
 * <pre>{@code
 * User user = users.getById(42, FetchPolicy.SELECT_IN);
 * for (Post post : user.posts()) {
 *   assert post.author() == user;             // the same instance, not a copy
 * }
 * }</pre>
 *
 * <p>Equality is by state: {@code id}, {@code username}, {@code createdAt} and {@code version}. It
 * never looks at the posts, so comparing, hashing or printing a user never loads anything and never
 * follows the user/post cycle. Two snapshots of the same row with different versions are different.
 *
 * <p>Thread-safe: immutable, with relations that load at most once. No accessor returns {@code
 * null}.
 */
public final class User {

  /** The longest username the schema accepts, in characters. */
  public static final int MAX_USERNAME_LENGTH = 80;

  private final long id;
  private final String username;
  private final Instant createdAt;
  private final long version;
  private final ToMany<Post> posts;

  private User(
      long id, String username, Instant createdAt, long version, Function<? super User, ToMany<Post>> posts) {
    this.id = id;
    this.username = Objects.requireNonNull(username, "username");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.version = version;
    ToMany<Post> relation = Objects.requireNonNull(posts.apply(this), "posts relation");
    relation.owner(this, "posts");
    this.posts = relation;
  }

  /**
   * A user whose posts relation is built by {@code posts} from the user under construction, so that
   * loaded posts can point back at it:
   *
   * <pre>{@code
   * User user = User.of(1, "alice", now, 0,
   *     self -> ToMany.loaded(List.of(Post.of(10, 1, "Hi", "...", now, 0, ToOne.loaded(self)))));
   * }</pre>
   *
   * <p>{@code posts} must not read the user's posts (they do not exist yet). Loaded posts must all
   * have {@code authorId == id}.
   *
   * @throws NullPointerException if an argument or the built relation is null
   * @throws IllegalArgumentException if a loaded post belongs to another user
   */
  public static User of(
      long id, String username, Instant createdAt, long version, Function<? super User, ToMany<Post>> posts) {
    Objects.requireNonNull(posts, "posts");
    return new User(id, username, createdAt, version, posts);
  }

  /**
   * A user with the given posts relation: typically {@link ToMany#pending()}, completed by the
   * loader once the posts exist, or {@link ToMany#notLoaded(String)}.
   *
   * <pre>{@code
   * ToMany<Post> posts = ToMany.pending();
   * User user = User.of(1, "alice", now, 0, posts);
   * posts.completeLoaded(List.of(Post.of(10, 1, "Hi", "...", now, 0, ToOne.loaded(user))));
   * }</pre>
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a loaded post belongs to another user, or {@code posts}
   *     already belongs to another object
   */
  public static User of(long id, String username, Instant createdAt, long version, ToMany<Post> posts) {
    Objects.requireNonNull(posts, "posts");
    return new User(id, username, createdAt, version, self -> posts);
  }

  /** The database id. */
  public long id() {
    return id;
  }

  /** The username as stored (case preserved; unique regardless of case). */
  public String username() {
    return username;
  }

  /** When the user was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The optimistic-locking version this snapshot was read at. */
  public long version() {
    return version;
  }

  /**
   * The user's posts, ordered by {@code created_at}, then {@code id}. Whether they are loaded
   * depends on the fetch policy used to load this user: see {@link ToMany}.
   */
  public ToMany<Post> posts() {
    ToMany<Post> relation = posts;
    if (relation == null) {
      throw new IllegalStateException(reference() + ".posts is read while the user is being built");
    }
    return relation;
  }

  /** A short reference that never follows relations: {@code "User#42"}. */
  public String reference() {
    return "User#" + id;
  }

  void requireOwnPost(Post post) {
    if (post.authorId() != id) {
      throw new IllegalArgumentException(
          post.reference() + " belongs to User#" + post.authorId() + ", not to " + reference());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof User that
        && id == that.id
        && version == that.version
        && username.equals(that.username)
        && createdAt.equals(that.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, username, createdAt, version);
  }

  @Override
  public String toString() {
    return reference() + "{username=" + username + ", version=" + version + ", posts=" + describe(posts) + "}";
  }

  private static String describe(ToMany<?> posts) {
    if (posts == null) {
      return "building";
    }
    return posts.isLoaded() ? posts.get().size() + " loaded" : posts.describe();
  }
}
