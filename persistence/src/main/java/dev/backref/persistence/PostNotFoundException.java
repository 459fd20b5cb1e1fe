package dev.backref.persistence;

/**
 * No post has the given id.
 *
 * <pre>{@code
 * posts.getById(7, FetchPolicy.NONE); // throws PostNotFoundException: No post with id 7
 * }</pre>
 */
public final class PostNotFoundException extends NotFoundException {

  private final long id;

  PostNotFoundException(long id) {
    super("No post with id " + id);
    this.id = id;
  }

  /** The id looked for. */
  public long id() {
    return id;
  }
}
