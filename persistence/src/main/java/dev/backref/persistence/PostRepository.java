package dev.backref.persistence;

import dev.backref.domain.Post;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@link Post}s. Every read takes the {@link FetchPolicy} for the post's author
 * ({@link FetchPolicy#DYNAMIC} does not apply to a to-one relation). Within one call, each distinct
 * author is one {@code User} instance; its own {@code posts()} is not loaded.
 *
 * <pre>{@code
 * PostRepository posts = backref.posts();
 * List<Post> recent = posts.findAll(PostFilter.all().authorUsername("alice").limit(20), FetchPolicy.JOINED);
 * recent.getFirst().author().username();   // "alice", no further SQL
 * }</pre>
 *
 * <p>Implementations are thread-safe. Arguments must not be {@code null}; results never are.
 */
public interface PostRepository {

  /** The post with this id, with its author loaded as {@code author} says; empty if none. */
  Optional<Post> findById(long id, FetchPolicy author);

  /**
   * The post with this id.
   *
   * @throws PostNotFoundException if there is none
   */
  Post getById(long id, FetchPolicy author);

  /** The posts matching {@code filter}, ordered by {@code created_at}, then {@code id}. */
  List<Post> findAll(PostFilter filter, FetchPolicy author);

  /** The number of posts. */
  long count();

  /**
   * Creates a post for an existing user.
   *
   * @return the new post with its author loaded (the author's posts not loaded)
   * @throws UserNotFoundException if there is no such user
   * @throws InvalidInputException for a bad title or content
   */
  Post create(long userId, NewPost post);

  /**
   * Changes title and content if the post is still at {@code expectedVersion}, incrementing its
   * version.
   *
   * @return the new snapshot (author not loaded); the old snapshot is unchanged
   * @throws PostNotFoundException if there is no such post
   * @throws StaleVersionException if the post changed since {@code expectedVersion}
   */
  Post edit(long id, long expectedVersion, NewPost change);

  /**
   * Deletes the post.
   *
   * @throws PostNotFoundException if there is no such post
   */
  void delete(long id);
}
