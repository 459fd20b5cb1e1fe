package dev.backref.persistence;

import dev.backref.domain.Post;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.OrderField;

/**
 * The posts of one user or one tag as a query, not a list: what {@code user.posts()} and {@code
 * tag.posts()} hold under {@link FetchPolicy#DYNAMIC} (SQLAlchemy's {@code lazy="dynamic"}). Filter
 * with jOOQ conditions on the generated {@code POSTS} table, order, limit, count, stream; each
 * terminal call sends one statement. Posts of a user have {@code author() == owner()}, the same
 * instance; their tags (and a tag's posts' authors and tags) are not loaded.
 *
 * <pre>{@code
 * User alice = users.getByUsername("alice", FetchPolicy.DYNAMIC);
 * PostQuery posts = alice.posts().query(PostQuery.class);
 * long drafts = posts.where(POSTS.TITLE.startsWith("Draft")).count();
 * List<Post> latest = posts.orderBy(POSTS.CREATED_AT.desc()).limit(5).fetch();
 * }</pre>
 *
 * <p>Immutable and thread-safe: every builder method returns a new query. Queries run on the
 * repository's {@code DataSource}, each in its own connection, and see the data as of when they
 * run, not as of when the owner was loaded. The default order is {@code created_at}, then {@code
 * id}.
 */
public final class PostQuery {

  private final RelationQuery query;

  private PostQuery(RelationQuery query) {
    this.query = query;
  }

  static PostQuery of(RelationQuery query) {
    return new PostQuery(query);
  }

  /** The {@code User} or {@code Tag} whose posts this queries. */
  public Object owner() {
    return query.owner();
  }

  /** This query, further restricted by {@code condition} (combined with AND). */
  public PostQuery where(Condition condition) {
    return new PostQuery(query.where(condition));
  }

  /**
   * This query, ordered by {@code fields} instead of the default {@code created_at, id}.
   *
   * @throws IllegalArgumentException if no field is given
   */
  public PostQuery orderBy(OrderField<?>... fields) {
    return new PostQuery(query.orderBy(fields));
  }

  /**
   * This query, returning at most {@code limit} posts.
   *
   * @throws IllegalArgumentException if {@code limit} is negative
   */
  public PostQuery limit(int limit) {
    return new PostQuery(query.limit(limit));
  }

  /**
   * This query, skipping the first {@code offset} posts.
   *
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public PostQuery offset(int offset) {
    return new PostQuery(query.offset(offset));
  }

  /** Runs the query: one statement. */
  public List<Post> fetch() {
    return cast(query.fetch());
  }

  /** The first post of the query, if any: one statement with {@code LIMIT 1}. */
  public Optional<Post> fetchFirst() {
    return limit(1).fetch().stream().findFirst();
  }

  /** The number of posts matching the conditions (ignoring order, limit and offset): one statement. */
  public long count() {
    return query.count();
  }

  /**
   * Runs the query and maps rows as the stream is consumed; the stream holds a connection until
   * closed. (The driver still receives all rows at once: for a bounded-memory read of every user's
   * posts use {@link UserRepository#streamAll}.)
   *
   * <pre>{@code
   * try (Stream<Post> all = posts.stream()) { ... }
   * }</pre>
   */
  public Stream<Post> stream() {
    return query.stream().map(Post.class::cast);
  }

  @SuppressWarnings("unchecked")
  private static List<Post> cast(List<Object> posts) {
    return (List<Post>) (List<?>) posts;
  }

  @Override
  public String toString() {
    return "PostQuery[" + query + "]";
  }
}
