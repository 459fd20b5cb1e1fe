package dev.backref.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A post, written by one {@link User} and labelled with any number of {@link Tag}s. Immutable.
 *
 * <pre>{@code
 * Post post = posts.getById(7, FetchPolicy.JOINED);
 * User author = post.author();               // loaded with the post
 * boolean same = author.posts().isLoaded();  // false: only asked-for relations are loaded
 * }</pre>
 *
 * <p>Equality is by state: {@code id}, {@code authorId}, {@code title}, {@code content}, {@code
 * createdAt} and {@code version}; never by the author or the tags, so comparing, hashing or
 * printing a post never loads anything and never follows a cycle.
 *
 * <p>Thread-safe: immutable, with relations that load at most once. No accessor returns {@code
 * null}.
 */
public final class Post {

  /** The longest title the schema accepts, in characters. */
  public static final int MAX_TITLE_LENGTH = 120;

  private final long id;
  private final long authorId;
  private final String title;
  private final String content;
  private final Instant createdAt;
  private final long version;
  private static final String BUILT_WITHOUT_TAGS = "the post was built without its tags";

  private final ToOne<User> author;
  private final ToMany<Tag> tags;

  private Post(
      long id,
      long authorId,
      String title,
      String content,
      Instant createdAt,
      long version,
      ToOne<User> author,
      ToMany<Tag> tags) {
    this.id = id;
    this.authorId = authorId;
    this.title = Objects.requireNonNull(title, "title");
    this.content = Objects.requireNonNull(content, "content");
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.version = version;
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(tags, "tags");
    author.owner(this, "author");
    tags.owner(this, "tags");
    this.author = author;
    this.tags = tags;
  }

  /**
   * A post with the given author relation.
   *
   * <pre>{@code
   * Post post = Post.of(7, 42, "Hello", "...", now, 0, ToOne.loaded(alice));
   * }</pre>
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a loaded author's id is not {@code authorId}
   */
  public static Post of(
      long id, long authorId, String title, String content, Instant createdAt, long version, ToOne<User> author) {
    return new Post(
        id, authorId, title, content, createdAt, version, author, ToMany.notLoaded(BUILT_WITHOUT_TAGS));
  }

  /**
   * A post with the given author and tags relations (either may be {@linkplain ToMany#pending()
   * pending}, completed by the loader once the other side exists).
   *
   * <pre>{@code
   * Post post = Post.of(7, 42, "Hello", "...", now, 0, ToOne.loaded(alice), ToMany.loaded(List.of(java)));
   * }</pre>
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a loaded author's id is not {@code authorId}, or a relation
   *     already belongs to another object
   */
  public static Post of(
      long id,
      long authorId,
      String title,
      String content,
      Instant createdAt,
      long version,
      ToOne<User> author,
      ToMany<Tag> tags) {
    return new Post(id, authorId, title, content, createdAt, version, author, tags);
  }

  /** The database id. */
  public long id() {
    return id;
  }

  /** The id of the author; always known, whether or not the author is loaded. */
  public long authorId() {
    return authorId;
  }

  /** The title. */
  public String title() {
    return title;
  }

  /** The content. */
  public String content() {
    return content;
  }

  /** When the post was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The optimistic-locking version this snapshot was read at. */
  public long version() {
    return version;
  }

  /**
   * The author, loading it first if the relation is lazy.
   *
   * @throws RelationNotLoadedException if the author was not loaded
   */
  public User author() {
    return author.get();
  }

  /** The author relation, to ask {@link ToOne#isLoaded()} without loading or failing. */
  public ToOne<User> authorRelation() {
    return author;
  }

  /**
   * The post's tags, ordered by name (regardless of case), then id; loading them first if the
   * relation is lazy. Whether they are loaded depends on the fetch plan of the load: see {@link
   * ToMany}.
   */
  public ToMany<Tag> tags() {
    return tags;
  }

  void requireAuthor(User candidate) {
    if (candidate.id() != authorId) {
      throw new IllegalArgumentException(
          reference() + " has authorId " + authorId + " but its author is " + candidate.reference());
    }
  }

  /** A short reference that never follows relations: {@code "Post#7"}. */
  public String reference() {
    return "Post#" + id;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Post that
        && id == that.id
        && authorId == that.authorId
        && version == that.version
        && title.equals(that.title)
        && content.equals(that.content)
        && createdAt.equals(that.createdAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, authorId, title, content, createdAt, version);
  }

  @Override
  public String toString() {
    return reference() + "{title=" + title + ", author=User#" + authorId + ", tags=" + tags.describe() + ", version=" + version + "}";
  }
}
