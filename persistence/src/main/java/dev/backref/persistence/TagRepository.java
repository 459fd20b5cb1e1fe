package dev.backref.persistence;

import dev.backref.domain.Tag;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@link Tag}s. Every read takes the {@link FetchPolicy} for the tag's posts.
 * Within one call a post is one instance however many tags reach it; the posts' own author and
 * tags are not loaded.
 *
 * <pre>{@code
 * TagRepository tags = backref.tags();
 * Tag java = tags.create("Java");
 * Tag same = tags.getByName("JAVA", FetchPolicy.SELECT_IN);   // names compare regardless of case
 * same.posts().get();                                          // by created_at, then id
 * }</pre>
 *
 * <p>Names are stored in Unicode normalization form NFC and are unique regardless of case (so
 * canonically equivalent spellings are one name), 1 to 50 characters (code points, after NFC), not
 * blank, without control or invisible characters (C0 and C1 controls such as NUL, TAB and ESC;
 * zero-width and bidirectional format characters; line and paragraph separators) and without
 * whitespace at either end. A lookup by a name no tag can have finds nothing, like any unknown
 * name. Implementations are thread-safe. Arguments must not be {@code null}; results never are.
 */
public interface TagRepository {

  /** The tag with this id, with its posts loaded as {@code posts} says; empty if there is none. */
  Optional<Tag> findById(long id, FetchPolicy posts);

  /**
   * The tag with this id.
   *
   * @throws TagNotFoundException if there is none
   */
  Tag getById(long id, FetchPolicy posts);

  /**
   * The tag with this name, compared regardless of case and in NFC; empty if there is none. A name
   * with NUL (which no tag can have) is empty without SQL.
   */
  Optional<Tag> findByName(String name, FetchPolicy posts);

  /**
   * The tag with this name, compared regardless of case and in NFC.
   *
   * @throws TagNotFoundException if there is none, also for a name no tag can have
   */
  Tag getByName(String name, FetchPolicy posts);

  /** The tags matching {@code filter}, ordered by name (regardless of case). */
  List<Tag> findAll(TagFilter filter, FetchPolicy posts);

  /** The tag with this id, with the graph {@code plan} asks for; empty if there is none. */
  Optional<Tag> findById(long id, FetchPlan<Tag> plan);

  /**
   * The tag with this id, with the graph {@code plan} asks for.
   *
   * @throws TagNotFoundException if there is none
   */
  Tag getById(long id, FetchPlan<Tag> plan);

  /**
   * The tag with this name (regardless of case, in NFC), with the graph {@code plan} asks for; empty
   * if there is none, without SQL for a name with NUL.
   */
  Optional<Tag> findByName(String name, FetchPlan<Tag> plan);

  /**
   * The tag with this name (regardless of case), with the graph {@code plan} asks for.
   *
   * <pre>{@code
   * Tag java = tags.getByName("java", FetchPlan.of(tagPosts(SELECT_IN, postAuthor(JOINED))));
   * }</pre>
   *
   * @throws TagNotFoundException if there is none, also for a name no tag can have
   */
  Tag getByName(String name, FetchPlan<Tag> plan);

  /** The tags matching {@code filter}, by name, with the graph {@code plan} asks for. */
  List<Tag> findAll(TagFilter filter, FetchPlan<Tag> plan);

  /** The number of tags. */
  long count();

  /**
   * Creates a tag.
   *
   * @return the new tag, its (empty) posts loaded, its name in NFC
   * @throws InvalidTagNameException if the name is null, empty, blank, longer than 50 characters (in
   *     NFC), contains a control or invisible character (the reason names it and its position), or
   *     starts or ends with whitespace
   * @throws DuplicateTagNameException if the name is taken, regardless of case and of canonically
   *     equivalent spellings (NFC)
   */
  Tag create(String name);

  /**
   * Renames the tag if it is still at {@code expectedVersion}, incrementing its version.
   *
   * @return the new snapshot (posts not loaded); the old snapshot is unchanged
   * @throws TagNotFoundException if there is no such tag
   * @throws StaleVersionException if the tag changed since {@code expectedVersion}
   * @throws InvalidTagNameException for a bad name, as {@link #create(String)} says
   * @throws DuplicateTagNameException for a name taken regardless of case and of canonically
   *     equivalent spellings (NFC)
   */
  Tag rename(long id, long expectedVersion, String newName);

  /**
   * Deletes the tag; it is removed from its posts, which stay.
   *
   * @throws TagNotFoundException if there is no such tag
   */
  void delete(long id);
}
