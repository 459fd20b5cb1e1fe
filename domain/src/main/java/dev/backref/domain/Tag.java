package dev.backref.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A tag that labels posts, many to many: a post has many tags and a tag many posts. Immutable.
 *
 * <pre>{@code
 * Tag java = tags.getByName("Java", FetchPolicy.SELECT_IN);   // the name is compared regardless of case
 * for (Post post : java.posts()) {
 *   post.title();
 * }
 * }</pre>
 *
 * <p>Equality is by state: {@code id}, {@code name}, {@code createdAt} and {@code version}; never
 * by the posts, so comparing, hashing or printing a tag never loads anything and never follows the
 * cycle through its posts' tags. Within one load a tag is one instance, however many posts reach
 * it.
 *
 * <p>Thread-safe: immutable, with a posts relation that loads at most once. No accessor returns
 * {@code null}.
 */
public final class Tag {

  /** The longest name the schema accepts, in characters. */
  public static final int MAX_NAME_LENGTH = 50;

  private final long id;
  private final String name;
  private final Instant createdAt;
  private final long version;
  private final ToMany<Post> posts;

  private Tag(long id, String name, Instant createdAt, long version, ToMany<Post> posts) {
    this.id = id;
    this.name = Objects.requireNonNull(name, "name");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.version = version;
    Objects.requireNonNull(posts, "posts").owner(this, "posts");
    this.posts = posts;
  }

  /**
   * A tag with the given posts relation (often {@link ToMany#pending()}, completed by the loader
   * once the posts exist).
   *
   * <pre>{@code
   * Tag java = Tag.of(3, "java", now, 0, ToMany.notLoaded("loaded without its posts"));
   * }</pre>
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code posts} already belongs to another object
   */
  public static Tag of(long id, String name, Instant createdAt, long version, ToMany<Post> posts) {
    return new Tag(id, name, createdAt, version, posts);
  }

  /** The database id. */
  public long id() {
    return id;
  }

  /** The name as stored (case preserved; unique regardless of case). */
  public String name() {
    return name;
  }

  /** When the tag was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The optimistic-locking version this snapshot was read at. */
  public long version() {
    return version;
  }

  /**
   * The posts carrying this tag, ordered by {@code created_at}, then {@code id}. Whether they are
   * loaded depends on the fetch plan of the load: see {@link ToMany}.
   */
  public ToMany<Post> posts() {
    return posts;
  }

  /** A short reference that never follows relations: {@code "Tag#3"}. */
  public String reference() {
    return "Tag#" + id;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tag that
        && id == that.id
        && version == that.version
        && name.equals(that.name)
        && createdAt.equals(that.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, createdAt, version);
  }

  @Override
  public String toString() {
    return reference() + "{name=" + name + ", version=" + version + ", posts=" + describe() + "}";
  }

  private String describe() {
    return posts.isLoaded() ? posts.get().size() + " loaded" : posts.describe();
  }
}
