package dev.backref.persistence;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@link Post}s and their tags. Every read takes the {@link FetchPolicy} for the
 * post's author ({@link FetchPolicy#DYNAMIC} does not apply to a to-one relation) and, where a
 * method has a second policy, for its tags; a read without a tags policy leaves {@code tags()} not
 * loaded. Within one call, each distinct author is one {@code User} instance (its own {@code
 * posts()} not loaded) and each distinct tag one {@code Tag} instance (its own {@code posts()} not
 * loaded).
 *
 * <pre>{@code
 * PostRepository posts = backref.posts();
 * List<Post> recent = posts.findAll(PostFilter.all().authorUsername("alice").limit(20), FetchPolicy.JOINED);
 * recent.getFirst().author().username();   // "alice", no further SQL
 *
 * List<Post> tagged = posts.findAll(PostFilter.all().taggedWith("java"), FetchPolicy.NONE, FetchPolicy.SELECT_IN);
 * tagged.getFirst().tags().get();          // every tag of the post, by name: 2 statements in all
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

  /** The post with this id, with author and tags loaded as the policies say; empty if none. */
  Optional<Post> findById(long id, FetchPolicy author, FetchPolicy tags);

  /**
   * The post with this id, with author and tags loaded as the policies say.
   *
   * @throws PostNotFoundException if there is none
   */
  Post getById(long id, FetchPolicy author, FetchPolicy tags);

  /** The posts matching {@code filter}, ordered by {@code created_at}, then {@code id}. */
  List<Post> findAll(PostFilter filter, FetchPolicy author);

  /**
   * The posts matching {@code filter}, ordered by {@code created_at}, then {@code id}, with author
   * and tags loaded as the policies say. A post's tags are ordered by name regardless of case, then
   * id; a tag shared by several posts is one instance.
   *
   * <pre>{@code
   * List<Post> page = posts.findAll(PostFilter.all().limit(50), FetchPolicy.JOINED, FetchPolicy.SELECT_IN);  // 2 statements
   * }</pre>
   */
  List<Post> findAll(PostFilter filter, FetchPolicy author, FetchPolicy tags);

  /** The post with this id, with the graph {@code plan} asks for; empty if there is none. */
  Optional<Post> findById(long id, FetchPlan<Post> plan);

  /**
   * The post with this id, with the graph {@code plan} asks for.
   *
   * @throws PostNotFoundException if there is none
   */
  Post getById(long id, FetchPlan<Post> plan);

  /**
   * The posts matching {@code filter}, ordered by {@code created_at}, then {@code id}, with the graph
   * {@code plan} asks for.
   *
   * <pre>{@code
   * List<Post> posts = posts.findAll(PostFilter.all(), FetchPlan.of(postAuthor(JOINED), postTags(SELECT_IN)));
   * }</pre>
   */
  List<Post> findAll(PostFilter filter, FetchPlan<Post> plan);

  /** The number of posts. */
  long count();

  /**
   * Creates a post for an existing user.
   *
   * @return the new post with its author loaded (the author's posts not loaded)
   * @throws UserNotFoundException if there is no such user
   * @throws InvalidInputException for a bad title or content (checked when {@code post} was built;
   *     the database's constraints are the last line)
   */
  Post create(long userId, NewPost post);

  /**
   * Creates a post for an existing user, tagged with {@code tagNames}, in one transaction. Tags are
   * found by name regardless of case and created when missing; two transactions creating the same
   * new tag at once end with one tag. Names that differ only in case count once.
   *
   * @return the new post with its author and tags loaded (tags by name)
   * @throws UserNotFoundException if there is no such user; nothing is written
   * @throws InvalidInputException for a bad tag name ({@link InvalidTagNameException}, see {@link
   *     TagRepository#create}), title or content; nothing is written
   */
  Post create(long userId, NewPost post, List<String> tagNames);

  /**
   * Tags a post, creating missing tags by name (regardless of case). Idempotent: a tag the post
   * already carries is neither an error nor duplicated.
   *
   * <pre>{@code
   * List<Tag> tags = posts.tag(post.id(), List.of("java", "SQL"));   // the tags named, by name
   * }</pre>
   *
   * @return the tags named, each once, by name (their posts not loaded)
   * @throws PostNotFoundException if there is no such post; nothing is written
   * @throws InvalidTagNameException for a bad name (see {@link TagRepository#create}); nothing is
   *     written
   */
  List<Tag> tag(long postId, List<String> tagNames);

  /**
   * Removes a tag from a post; the tag itself stays. Idempotent.
   *
   * @return whether the post carried the tag
   * @throws PostNotFoundException if there is no such post
   * @throws TagNotFoundException if there is no tag with that name (regardless of case, in NFC),
   *     also for a name no tag can have (with NUL: no SQL is sent for it)
   */
  boolean untag(long postId, String tagName);

  /**
   * Changes title and content if the post is still at {@code expectedVersion}, incrementing its
   * version.
   *
   * @return the new snapshot (author and tags not loaded); the old snapshot is unchanged
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
