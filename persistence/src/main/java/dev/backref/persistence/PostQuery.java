package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;

import dev.backref.domain.Post;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.SelectQuery;
import org.jooq.impl.DSL;

/**
 * The posts of one user as a query, not a list: what {@code user.posts()} holds under {@link
 * FetchPolicy#DYNAMIC} (SQLAlchemy's {@code lazy="dynamic"}). Filter with jOOQ conditions on the
 * generated {@code POSTS} table, order, limit, count, stream; each terminal call sends one
 * statement. Every post it returns has {@code author() == owner()}, the same instance.
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
 * run, not as of when the user was loaded.
 */
public final class PostQuery {

  private final DSLContext dsl;
  private final User owner;
  private final Condition condition;
  private final List<OrderField<?>> order;
  private final Integer limit;
  private final Integer offset;

  private PostQuery(
      DSLContext dsl, User owner, Condition condition, List<OrderField<?>> order, Integer limit, Integer offset) {
    this.dsl = dsl;
    this.owner = owner;
    this.condition = condition;
    this.order = order;
    this.limit = limit;
    this.offset = offset;
  }

  static PostQuery of(DSLContext dsl, User owner) {
    return new PostQuery(dsl, owner, DSL.noCondition(), List.of(POSTS.CREATED_AT, POSTS.ID), null, null);
  }

  /** The user whose posts this queries. */
  public User owner() {
    return owner;
  }

  /** This query, further restricted by {@code condition} (combined with AND). */
  public PostQuery where(Condition condition) {
    Objects.requireNonNull(condition, "condition");
    return new PostQuery(dsl, owner, this.condition.and(condition), order, limit, offset);
  }

  /** This query, ordered by {@code fields} instead of the default {@code created_at, id}. */
  public PostQuery orderBy(OrderField<?>... fields) {
    List<OrderField<?>> copy = List.of(fields);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("orderBy needs at least one field");
    }
    return new PostQuery(dsl, owner, condition, copy, limit, offset);
  }

  /** This query, returning at most {@code limit} posts. */
  public PostQuery limit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    return new PostQuery(dsl, owner, condition, order, limit, offset);
  }

  /** This query, skipping the first {@code offset} posts. */
  public PostQuery offset(int offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + offset);
    }
    return new PostQuery(dsl, owner, condition, order, limit, offset);
  }

  /** Runs the query: one statement. */
  public List<Post> fetch() {
    return Rows.list(query(), row -> Mapping.post(row, 1, ToOne.loaded(owner)));
  }

  /** The first post of the query, if any: one statement with {@code LIMIT 1}. */
  public Optional<Post> fetchFirst() {
    return limit(1).fetch().stream().findFirst();
  }

  /** The number of posts matching the conditions (ignoring order, limit and offset): one statement. */
  public long count() {
    return dsl.fetchCount(POSTS, POSTS.USER_ID.eq(owner.id()).and(condition));
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
    return query().fetchSize(Backref.DEFAULT_BATCH_SIZE).fetchStream().map(this::post);
  }

  private SelectQuery<Record> query() {
    SelectQuery<Record> query = dsl.selectQuery();
    query.addSelect(Mapping.PostColumns.POSTS_TABLE.fields());
    query.addFrom(POSTS);
    query.addConditions(POSTS.USER_ID.eq(owner.id()), condition);
    query.addOrderBy(order);
    if (limit != null) {
      query.addLimit(limit);
    }
    if (offset != null) {
      query.addOffset(offset);
    }
    return query;
  }

  private Post post(Record row) {
    return Mapping.post(row, ToOne.loaded(owner));
  }

  @Override
  public String toString() {
    return "PostQuery[" + owner.reference() + ".posts where " + condition + "]";
  }
}
