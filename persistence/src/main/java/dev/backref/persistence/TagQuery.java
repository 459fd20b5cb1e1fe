package dev.backref.persistence;

import dev.backref.domain.Tag;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.OrderField;

/**
 * The tags of one post as a query, not a list: what {@code post.tags()} holds under {@link
 * FetchPolicy#DYNAMIC}. Filter with jOOQ conditions on the generated {@code TAGS} table (or {@code
 * POST_TAGS}, the link), order, limit, count, stream; each terminal call sends one statement. The
 * tags' own posts are not loaded.
 *
 * <pre>{@code
 * Post post = posts.getById(7, FetchPolicy.NONE, FetchPolicy.DYNAMIC);   // author not loaded, tags dynamic
 * TagQuery tags = post.tags().query(TagQuery.class);
 * List<Tag> recent = tags.where(TAGS.NAME.startsWith("j")).limit(3).fetch();
 * }</pre>
 *
 * <p>Immutable and thread-safe: every builder method returns a new query. Queries run on the
 * repository's {@code DataSource}, each in its own connection, and see the data as of when they
 * run. The default order is the name regardless of case, then {@code id}.
 */
public final class TagQuery {

  private final RelationQuery query;

  private TagQuery(RelationQuery query) {
    this.query = query;
  }

  static TagQuery of(RelationQuery query) {
    return new TagQuery(query);
  }

  /** The {@code Post} whose tags this queries. */
  public Object owner() {
    return query.owner();
  }

  /** This query, further restricted by {@code condition} (combined with AND). */
  public TagQuery where(Condition condition) {
    return new TagQuery(query.where(condition));
  }

  /**
   * This query, ordered by {@code fields} instead of the default {@code lower(name), id}.
   *
   * @throws IllegalArgumentException if no field is given
   */
  public TagQuery orderBy(OrderField<?>... fields) {
    return new TagQuery(query.orderBy(fields));
  }

  /**
   * This query, returning at most {@code limit} tags.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  public TagQuery limit(int limit) {
    return new TagQuery(query.limit(limit));
  }

  /**
   * This query, skipping the first {@code offset} tags.
   *
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public TagQuery offset(int offset) {
    return new TagQuery(query.offset(offset));
  }

  /** Runs the query: one statement. */
  public List<Tag> fetch() {
    return cast(query.fetch());
  }

  /** The first tag of the query, if any: one statement with {@code LIMIT 1}. */
  public Optional<Tag> fetchFirst() {
    return limit(1).fetch().stream().findFirst();
  }

  /** The number of tags matching the conditions (ignoring order, limit and offset): one statement. */
  public long count() {
    return query.count();
  }

  /**
   * Runs the query and maps rows as the stream is consumed; the stream holds a connection until
   * closed. (The driver still receives all rows at once.)
   *
   * <pre>{@code
   * try (Stream<Tag> all = posts.stream()) { ... }
   * }</pre>
   */
  public Stream<Tag> stream() {
    return query.stream().map(Tag.class::cast);
  }

  @SuppressWarnings("unchecked")
  private static List<Tag> cast(List<Object> posts) {
    return (List<Tag>) (List<?>) posts;
  }

  @Override
  public String toString() {
    return "TagQuery[" + query + "]";
  }
}
