package dev.backref.persistence;

/**
 * How a relation is loaded, chosen by the caller for each call and each direction. The names
 * follow SQLAlchemy's loader strategies where one exists. Statement counts are for loading {@code N}
 * root rows; "batch" is {@link Backref.Builder#batchSize(int)} (default 1,000).
 *
 * <table>
 *   <caption>Users with their posts</caption>
 *   <tr><th>policy</th><th>statements</th><th>shape</th></tr>
 *   <tr><td>{@link #NONE}</td><td>1</td><td>root query only; {@code posts()} is not loaded</td></tr>
 *   <tr><td>{@link #JOINED}</td><td>1</td><td>root query as a derived table (limit applies to users), {@code LEFT JOIN posts}</td></tr>
 *   <tr><td>{@link #MULTISET}</td><td>1</td><td>{@code (select json_agg(json_build_array(...)) from posts where user_id = users.id)}, nested JSON per user</td></tr>
 *   <tr><td>{@link #SUBQUERY}</td><td>2</td><td>then {@code posts where user_id = any(array(<root query>))}</td></tr>
 *   <tr><td>{@link #SELECT_IN}</td><td>1 + ceil(N / batch)</td><td>then {@code posts where user_id = any(?)} per batch of ids ({@code = ?} for a batch of one)</td></tr>
 *   <tr><td>{@link #LAZY}</td><td>1, then 1 per user on first access</td><td>{@code posts where user_id = ?}</td></tr>
 *   <tr><td>{@link #BATCH}</td><td>1, then 1 per batch on first access</td><td>{@code posts where user_id = any(?)} for the batch of users loaded with the one read</td></tr>
 *   <tr><td>{@link #DYNAMIC}</td><td>1</td><td>{@code posts()} is a {@link PostQuery}; each query sends its own statement</td></tr>
 * </table>
 *
 * <p>For posts with their author the same names apply, with the author loaded through {@code JOIN
 * users}, a one-row {@code multiset}, {@code users where id = any(array(select user_id ...))} or {@code users
 * where id = any(?)}; {@link #DYNAMIC} does not apply to a to-one relation. Each distinct author is
 * one {@code User} instance, whose own {@code posts()} is not loaded.
 *
 * <p>Many to many ({@code post.tags()}, {@code tag.posts()}, through {@code post_tags}): every
 * policy applies with the same counts, {@code JOINED} as {@code LEFT JOIN (post_tags JOIN tags)},
 * {@code SELECT_IN} as {@code post_tags JOIN tags WHERE post_tags.post_id = any(?)} without going
 * back to {@code posts}. A tag reached through many posts is one {@code Tag} instance.
 *
 * <pre>{@code
 * List<Post> posts = backref.posts().findAll(PostFilter.all(), FetchPolicy.JOINED, FetchPolicy.SELECT_IN);
 * }</pre>
 *
 * <pre>{@code
 * User user = backref.users().getById(42, FetchPolicy.SELECT_IN);
 * }</pre>
 *
 * <p>When the root query returns no rows, policies with a second statement do not send it.
 */
public enum FetchPolicy {
  /** Do not load the relation; reading it throws {@link dev.backref.domain.RelationNotLoadedException}. SQLAlchemy: {@code raise}/{@code noload}. */
  NONE,
  /** One statement with a join; rows are folded into the graph. SQLAlchemy: {@code joined}. */
  JOINED,
  /**
   * One statement, the related rows nested in each root row as JSON ({@code json_agg} of {@code
   * json_build_array}, as jOOQ's MULTISET emulation nests them on PostgreSQL), read in place into
   * the objects without a jOOQ record or a JSON tree.
   */
  MULTISET,
  /** A second statement that re-runs the root query as a subquery. SQLAlchemy: {@code subquery}. */
  SUBQUERY,
  /** Further statements with {@code = any(?)} over the root ids, in batches. SQLAlchemy: {@code selectin}. */
  SELECT_IN,
  /** Loaded on first access, one statement per relation, at most once. SQLAlchemy: {@code select}. */
  LAZY,
  /** Loaded on first access, together with the relations of the whole batch it was loaded with. Hibernate: {@code @BatchSize}. */
  BATCH,
  /** Not loaded: the relation is a query object. SQLAlchemy: {@code dynamic}/{@code write_only}. */
  DYNAMIC
}
