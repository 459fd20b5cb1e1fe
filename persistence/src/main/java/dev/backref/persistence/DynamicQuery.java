package dev.backref.persistence;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.OrderField;

/**
 * What a {@link FetchPolicy#DYNAMIC} relation holds: the related rows of one owner as a query, not a
 * list (SQLAlchemy's {@code lazy="dynamic"}). Filter with jOOQ conditions on the generated tables,
 * order, limit, count, stream; each terminal call sends one statement. The concrete types are
 * {@link PostQuery} ({@code user.posts()}, {@code tag.posts()}) and {@link TagQuery} ({@code
 * post.tags()}).
 *
 * <pre>{@code
 * PostQuery posts = alice.posts().query(PostQuery.class);
 * long drafts = posts.where(POSTS.TITLE.startsWith("Draft")).count();
 * List<Post> latest = posts.orderBy(POSTS.CREATED_AT.desc()).limit(5).fetch();
 * }</pre>
 *
 * <p>Immutable and thread-safe: every builder method returns a new query. Queries run on the
 * repository's {@code DataSource}, each statement on a connection of its own, and see the data as of
 * when they run, not as of when the owner was loaded. Arguments must not be {@code null}.
 *
 * @param <T> the related objects
 * @param <Q> the concrete query type, returned by the builder methods
 */
public abstract sealed class DynamicQuery<T, Q extends DynamicQuery<T, Q>> permits PostQuery, TagQuery {

  private final RelationQuery query;
  private final Class<T> type;

  DynamicQuery(RelationQuery query, Class<T> type) {
    this.query = query;
    this.type = type;
  }

  abstract Q with(RelationQuery next);

  /** The object whose related rows this queries: a {@code User}, {@code Tag} or {@code Post}. */
  public Object owner() {
    return query.owner();
  }

  /** This query, further restricted by {@code condition} (combined with AND). */
  public Q where(Condition condition) {
    return with(query.where(condition));
  }

  /**
   * This query, ordered by {@code fields} instead of the relation's default order.
   *
   * @throws IllegalArgumentException if no field is given
   */
  public Q orderBy(OrderField<?>... fields) {
    return with(query.orderBy(fields));
  }

  /** This query without any order (neither declared nor default): rows come as PostgreSQL returns them. */
  public Q unordered() {
    return with(query.unordered());
  }

  /**
   * This query, returning its objects with the graph {@code plan} asks for, loaded as a plan is
   * for a repository read (statements counted the same way; relations not in the plan not loaded).
   *
   * <pre>{@code
   * List<Post> latest = alice.posts().query(PostQuery.class)
   *     .fetching(FetchPlan.of(postTags(SELECT_IN)))
   *     .limit(5)
   *     .fetch();                                   // 2 statements; each post's tags loaded
   * }</pre>
   *
   * @throws IllegalArgumentException if the plan cannot be honoured from these objects
   */
  public Q fetching(FetchPlan<T> plan) {
    return with(query.fetching(java.util.Objects.requireNonNull(plan, "plan").below(query.association())));
  }

  /**
   * This query, returning at most {@code limit} rows.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  public Q limit(int limit) {
    return with(query.limit(limit));
  }

  /**
   * This query, skipping the first {@code offset} rows.
   *
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public Q offset(int offset) {
    return with(query.offset(offset));
  }

  /** Runs the query: one statement. The list is the caller's to keep. */
  @SuppressWarnings("unchecked")
  public List<T> fetch() {
    return (List<T>) query.fetch();
  }

  /** The first row of the query, if any: one statement with {@code LIMIT 1}. */
  public Optional<T> fetchFirst() {
    return limit(1).fetch().stream().findFirst();
  }

  /** The number of rows matching the conditions (ignoring order, limit and offset): one statement. */
  public long count() {
    return query.count();
  }

  /**
   * Runs the query and maps rows as the stream is consumed; the stream holds a connection until
   * closed. (The driver still receives all rows at once.) A plan given to {@link #fetching} may
   * only hold {@code NONE}, {@code LAZY} and {@code DYNAMIC} relations here.
   *
   * @throws IllegalStateException if the plan needs the whole result
   *
   * <pre>{@code
   * try (Stream<Post> all = posts.stream()) { ... }
   * }</pre>
   */
  public Stream<T> stream() {
    return query.stream().map(type::cast);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + query + "]";
  }
}
