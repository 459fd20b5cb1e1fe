package dev.backref.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * The engine behind the dynamic query objects ({@link PostQuery}, {@link TagQuery}): the children
 * of one parent over one relation, as a query. Immutable and thread-safe; each terminal call is one
 * statement on a connection of its own, and builds its objects as a load of its own (children of a
 * one-to-many relation point back at the owner).
 */
final class RelationQuery {

  private final Backref backref;
  private final LoadPlan.Edge edge;
  private final Object owner;
  private final Condition condition;
  private final List<OrderField<?>> order;
  private final Integer limit;
  private final Integer offset;

  RelationQuery(Backref backref, LoadPlan.Edge edge, Object owner) {
    this(backref, edge, owner, DSL.noCondition(), null, null, null);
  }

  private RelationQuery(
      Backref backref,
      LoadPlan.Edge edge,
      Object owner,
      Condition condition,
      List<OrderField<?>> order,
      Integer limit,
      Integer offset) {
    this.backref = backref;
    this.edge = edge;
    this.owner = owner;
    this.condition = condition;
    this.order = order;
    this.limit = limit;
    this.offset = offset;
  }

  Object owner() {
    return owner;
  }

  String relation() {
    return Deferred.name(edge.association(), owner);
  }

  RelationQuery where(Condition more) {
    Objects.requireNonNull(more, "condition");
    return new RelationQuery(backref, edge, owner, condition.and(more), order, limit, offset);
  }

  RelationQuery orderBy(OrderField<?>... fields) {
    List<OrderField<?>> copy = List.of(fields);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("orderBy needs at least one field");
    }
    return new RelationQuery(backref, edge, owner, condition, copy, limit, offset);
  }

  /** This query without any order: rows come as PostgreSQL returns them. */
  RelationQuery unordered() {
    return new RelationQuery(backref, edge, owner, condition, List.of(), limit, offset);
  }

  /** This query returning objects with the graph {@code plan} asks for (the declared order stays). */
  RelationQuery fetching(LoadPlan plan) {
    LoadPlan.Edge planned =
        new LoadPlan.Edge(edge.association(), edge.policy(), plan.root(), edge.orderFields(), edge.orderDirections());
    return new RelationQuery(backref, planned, owner, condition, order, limit, offset);
  }

  Association<?, ?> association() {
    return edge.association();
  }

  RelationQuery limit(int newLimit) {
    if (newLimit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + newLimit);
    }
    return new RelationQuery(backref, edge, owner, condition, order, newLimit, offset);
  }

  RelationQuery offset(int newOffset) {
    if (newOffset < 0) {
      throw new IllegalArgumentException("offset must not be negative, was " + newOffset);
    }
    return new RelationQuery(backref, edge, owner, condition, order, limit, newOffset);
  }

  List<Object> fetch() {
    Metering metering = metering("fetch", edge.child());
    if (metering == null) {
      return fetch(new Load(backref));
    }
    Metering.Tally tally = new Metering.Tally();
    return metering.read(tally, () -> fetch(new MeteredLoad(backref, metering, tally)));
  }

  /** The metering of a terminal call, reported as {@code PostQuery.fetch}; {@code plan} null if it loads no objects; null without listeners. */
  private Metering metering(String method, LoadPlan.Node plan) {
    EntityType<?> child = edge.association().child();
    return Metering.of(backref, child.name() + "Query", method, child, plan);
  }

  private List<Object> fetch(Load load) {
    Pass pass = new Pass(load, backref.detached(), null).startingAt(edge, new Statement.Where.EqualTo(key()));
    List<Object> children = new ArrayList<>();
    statement(pass).run((link, child) -> children.add(child));
    pass.follow(edge.child());
    pass.finish();
    return children;
  }

  long count() {
    Metering metering = metering("count", null);
    if (metering == null) {
      return countNow();
    }
    Metering.Tally tally = new Metering.Tally();
    return metering.read(
        tally,
        () -> {
          boolean counted = false;
          try {
            long count = countNow();
            counted = true;
            return count;
          } finally {
            tally.statement(counted ? 1 : 0);
          }
        });
  }

  private long countNow() {
    Association.Source source = edge.association().source(new Aliases());
    return backref.detached()
        .selectCount()
        .from(source.from())
        .where(source.link().eq(key()))
        .and(condition)
        .fetchSingle()
        .value1();
  }

  Stream<Object> stream() {
    for (LoadPlan.Edge next : edge.child().edges()) {
      if (next.policy() != FetchPolicy.NONE && next.policy() != FetchPolicy.LAZY && next.policy() != FetchPolicy.DYNAMIC) {
        throw new IllegalStateException(
            "stream() maps rows one at a time and cannot load " + next.association().qualifiedName() + " with "
                + next.policy() + "; use fetch(), or LAZY");
      }
    }
    // Each row is a pass of its own over one shared load: following the plan from one row costs
    // that row, not every row read before it.
    // Not reported as a read (its rows are read as the caller consumes them); its objects' lazy
    // relations are, with PostQuery.stream (or TagQuery.stream) as their scope.
    Metering metering = metering("stream", edge.child());
    Load load = metering == null ? new Load(backref) : new MeteredLoad(backref, metering, null);
    Statement.Where where = new Statement.Where.EqualTo(key());
    Statement statement = statement(new Pass(load, backref.detached(), null).startingAt(edge, where));
    ResultQuery<?> query = statement.query().fetchSize(Backref.DEFAULT_BATCH_SIZE);
    return query.fetchStream()
        .map(
            record -> {
              Pass row = new Pass(load, backref.detached(), null).startingAt(edge, where);
              statement.bind(row);
              Object[] one = new Object[1];
              statement.read(new Row.Records(List.<Record>of(record)), (link, child) -> one[0] = child);
              row.follow(edge.child());
              row.finish();
              return one[0];
            });
  }

  private Statement statement(Pass pass) {
    return Statement.linked(pass, pass.dsl(), edge, new Statement.Where.EqualTo(key()), condition, order, limit, offset)
        .parents(link -> owner);
  }

  private long key() {
    return Pass.parentKey(edge.association(), owner);
  }

  @Override
  public String toString() {
    return relation() + " where " + condition;
  }
}
