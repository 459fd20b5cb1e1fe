package dev.backref.persistence;

import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.inline;

import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.SelectConditionStep;
import org.jooq.SelectLimitStep;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * One statement of a load and how its rows fold into the graph. A statement reads one node of the
 * plan (its <em>base</em>: the roots, or the children of one relation) and every node below it that
 * is {@link FetchPolicy#JOINED} (joined, as <em>segments</em> of each row) or {@link
 * FetchPolicy#MULTISET} (nested results, read by a nested statement of the same kind).
 *
 * <p>Rows come ordered so that the rows of one occurrence of an object are adjacent: by the base's
 * order, then by each joined relation's order. Reading walks the segments of each row in plan order:
 * a new id at a segment starts a new child of the current parent; the parent's collection is
 * complete when the parent's occurrence ends. An object met again (a tag on two posts) is taken from
 * the load's identity map and its already completed collections are skipped.
 *
 * <p>Not thread-safe: built, run and read by one thread, once.
 */
final class Statement {

  /** Receives each base object as it is first read, with its link value (0 for roots). */
  @FunctionalInterface
  interface Sink {
    void accept(long link, Object object);
  }

  /** A MULTISET relation of a segment: the column holding its nested rows, and how to read them. */
  private record Nested(LoadPlan.Edge edge, Statement reader, int column) {}

  /** One node's columns in each row, and where the reader stands in it. */
  private static final class Segment {
    final LoadPlan.Node node;
    final LoadPlan.Edge edge;
    final Segment parent;
    final Table<?> table;
    List<Segment> children = List.of();
    List<Nested> multisets = List.of();
    final Relations relations;
    int offset;
    int linkOffset;
    Object current;
    long currentKey;
    long currentLink;
    boolean fresh;
    List<Object> collector;

    Segment(LoadPlan.Node node, LoadPlan.Edge edge, Segment parent, Table<?> table) {
      this.node = node;
      this.edge = edge;
      this.parent = parent;
      this.table = table;
      this.relations = new Relations(node);
    }
  }

  private Pass pass;
  private final Segment base;
  private final List<Segment> segments = new ArrayList<>();
  private final List<Field<?>> fields = new ArrayList<>();
  private final List<SortField<?>> order = new ArrayList<>();
  private final Aliases aliases;
  private Table<?> from;
  private ResultQuery<?> query;
  private DSLContext dsl;
  private Object shape;
  private Object[] binds;
  private String sql;
  private LongFunction<Object> parentOf = link -> null;
  private long parentLink;
  private Object parent;
  private boolean parentKnown;

  private Statement(Pass pass, Aliases aliases, LoadPlan.Node node, LoadPlan.Edge edge, Table<?> table) {
    this.pass = pass;
    this.aliases = aliases;
    this.base = new Segment(node, edge, null, table);
  }

  /** The root statement of a load. */
  static Statement root(Pass pass, DSLContext dsl, Root<?> root, LoadPlan.Node node) {
    if (root.shape() != null) {
      Rendered rendered = node.rendered(rootShape(root));
      if (rendered != null) {
        return rendered.template().copy(pass, dsl, root.shape().binds());
      }
    }
    Aliases aliases = new Aliases();
    EntityType<?> type = root.type();
    if (!joinsAnything(node)) {
      Table<?> table = aliases.next(type.table());
      Statement statement = new Statement(pass, aliases, node, null, table);
      statement.from = table;
      statement.addSegment(statement.base);
      statement.order.addAll(0, root.order());
      SelectLimitStep<Record> select =
          dsl.select(statement.fields).from(statement.from).where(root.condition()).orderBy(statement.order);
      statement.query = root.limit() == null ? select : select.limit(inline(root.limit()));
      return statement.shaped(dsl, root);
    }
    // The derived table carries the root's sort keys as columns and the outer query sorts by them
    // (then by id, so that each root's rows stay adjacent where keys tie). PostgreSQL can then walk
    // the index that serves the root order and sort each root's few children incrementally; a
    // row_number() over the root order hides that order from the planner, which then sorts every
    // joined row (about 60 MB at 10k users, past work_mem).
    Table<?> raw = type.table();
    List<SortField<?>> rootOrder = root.order();
    Field<?>[] keys = new Field<?>[rootOrder.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = rootOrder.get(i).$field().as("order_key_" + i);
    }
    SelectLimitStep<Record> inner =
        dsl.select(type.columns(raw)).select(keys).from(raw).where(root.condition()).orderBy(rootOrder);
    Table<?> derived =
        (root.limit() == null ? inner : inner.limit(inline(root.limit()))).asTable(aliases.reserve(type.alias()));
    Statement statement = new Statement(pass, aliases, node, null, derived);
    statement.from = derived;
    statement.addSegment(statement.base);
    List<SortField<?>> outer = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      outer.add(derived.field(keys[i].getName()).sort(rootOrder.get(i).getOrder()));
    }
    outer.add(type.id(derived).asc());
    statement.order.addAll(0, outer);
    statement.query = dsl.select(statement.fields).from(statement.from).orderBy(statement.order);
    return statement.shaped(dsl, root);
  }

  /** The key of a root statement's SQL in its node: the root's shape and limit, as one string. */
  private static Object rootShape(Root<?> root) {
    return root.limit() == null ? root.shape().name() : root.shape().name() + " limit " + root.limit();
  }

  private Statement shaped(DSLContext dsl, Root<?> root) {
    this.dsl = dsl;
    if (root.shape() != null) {
      this.shape = rootShape(root);
      this.binds = root.shape().binds();
    }
    return this;
  }

  /**
   * The SQL of a statement shape and a statement of that shape, whose layout (segments, offsets,
   * nested readers) later statements of the shape copy instead of building jOOQ queries again.
   * The template's layout never changes once built; its reading state is its own.
   */
  record Rendered(String sql, Statement template) {}

  /** A statement with this one's layout and SQL, fresh reading state, and {@code binds}. */
  private Statement copy(Pass pass, DSLContext dsl, Object[] binds) {
    Statement copy = new Statement(pass, null, base.node, base.edge, base.table);
    copyLayout(copy);
    copy.dsl = dsl;
    copy.shape = shape;
    copy.sql = sql;
    copy.binds = binds;
    return copy;
  }

  private void copyLayout(Statement copy) {
    java.util.Map<Segment, Segment> copies = new java.util.IdentityHashMap<>(segments.size() * 2);
    for (Segment segment : segments) {
      Segment twin =
          segment == base ? copy.base : new Segment(segment.node, segment.edge, copies.get(segment.parent), segment.table);
      twin.offset = segment.offset;
      twin.linkOffset = segment.linkOffset;
      copies.put(segment, twin);
      copy.segments.add(twin);
    }
    for (Segment segment : segments) {
      Segment twin = copies.get(segment);
      if (!segment.children.isEmpty()) {
        twin.children = new ArrayList<>(segment.children.size());
        for (Segment child : segment.children) {
          twin.children.add(copies.get(child));
        }
      }
      if (!segment.multisets.isEmpty()) {
        twin.multisets = new ArrayList<>(segment.multisets.size());
        for (Nested nested : segment.multisets) {
          Statement template = nested.reader();
          Statement reader = new Statement(copy.pass, null, template.base.node, template.base.edge, template.base.table);
          template.copyLayout(reader);
          twin.multisets.add(new Nested(nested.edge(), reader, nested.column()));
        }
      }
    }
  }

  /**
   * The statement that reads the children of {@code edge} whose link matches {@code where} (for
   * example {@code link = any(?)}), with the link value selected when rows must be grouped by
   * parent. {@code customOrder}, if not null, replaces the relation's default order (dynamic
   * queries), and {@code condition} restricts the children further.
   */
  static Statement linked(
      Pass pass,
      DSLContext dsl,
      LoadPlan.Edge edge,
      Where where,
      Condition condition,
      List<? extends OrderField<?>> customOrder,
      Integer limit,
      Integer offset) {
    boolean fixed = condition == null && customOrder == null && limit == null && offset == null && where.shape() != null;
    if (fixed) {
      Rendered rendered = edge.child().rendered(where.shape());
      if (rendered != null) {
        return rendered.template().copy(pass, dsl, where.binds());
      }
    }
    Aliases aliases = new Aliases();
    Association<?, ?> association = edge.association();
    Association.Source source = association.source(aliases);
    Statement statement = new Statement(pass, aliases, edge.child(), edge, source.child());
    statement.from = source.from();
    boolean grouped = where.grouped();
    if (grouped && source.linkColumn() < 0) {
      statement.fields.add(source.link());
    }
    statement.addSegment(statement.base);
    if (grouped) {
      statement.base.linkOffset = source.linkColumn() < 0 ? 1 : statement.base.offset + source.linkColumn();
    }
    boolean ordered = association.toMany() || !statement.base.children.isEmpty();
    List<OrderField<?>> ordering = new ArrayList<>();
    if (grouped && ordered) {
      ordering.add(source.link().asc());
    }
    if (customOrder != null) {
      ordering.addAll(customOrder);
    } else if (ordered) {
      ordering.addAll(edge.order(source.child()));
    }
    ordering.addAll(statement.order);
    Condition filter = where.condition(source.link());
    SelectLimitStep<Record> select =
        dsl.select(statement.fields)
            .from(statement.from)
            .where(condition == null || condition == DSL.noCondition() ? filter : filter.and(condition))
            .orderBy(ordering);
    ResultQuery<Record> query = select;
    if (limit != null) {
      query = offset == null ? select.limit(inline(limit)) : select.limit(inline(limit)).offset(inline(offset));
    } else if (offset != null) {
      query = select.offset(inline(offset));
    }
    statement.query = query;
    statement.dsl = dsl;
    if (fixed) {
      statement.shape = where.shape();
      statement.binds = where.binds();
    }
    return statement;
  }

  /** Which links a linked statement reads. */
  sealed interface Where {
    Condition condition(Field<Long> link);

    /** Whether rows must carry their link, to be grouped by parent. */
    boolean grouped();

    /** What makes the condition's SQL the same from call to call, or null if it may vary. */
    Object shape();

    /** The condition's bind values, in the order they appear in the SQL. */
    Object[] binds();

    /**
     * {@code link = any(?)}: SELECT_IN and BATCH; {@code link = ?} for one key, which spares the
     * driver and the server an array (a user by id with its posts: 1.9-2.0x of one join before,
     * 1.1-1.2x after).
     */
    record AnyOf(Long[] keys) implements Where {
      private static final String ONE = "AnyOf.one";

      @Override
      public Condition condition(Field<Long> link) {
        return keys.length == 1 ? link.eq(keys[0]) : link.eq(any(keys));
      }

      @Override
      public boolean grouped() {
        return true;
      }

      @Override
      public Object shape() {
        return keys.length == 1 ? ONE : AnyOf.class;
      }

      @Override
      public Object[] binds() {
        return keys.length == 1 ? new Object[] {keys[0]} : new Object[] {keys};
      }
    }

    /** {@code link = ?}: one parent (LAZY, dynamic queries). */
    record EqualTo(long key) implements Where {
      @Override
      public Condition condition(Field<Long> link) {
        return link.eq(key);
      }

      @Override
      public boolean grouped() {
        return false;
      }

      @Override
      public Object shape() {
        return EqualTo.class;
      }

      @Override
      public Object[] binds() {
        return new Object[] {key};
      }
    }

    /**
     * {@code link = any(array(select ...))}: SUBQUERY. {@code shape} and {@code binds} are those of
     * the query the keys come from (null and empty if its SQL may vary). See {@link #anyOf}.
     */
    record In(java.util.function.Supplier<Select<? extends org.jooq.Record1<Long>>> keys, Object shape, Object[] binds)
        implements Where {
      @Override
      public Condition condition(Field<Long> link) {
        return anyOf(link, keys.get());
      }

      @Override
      public boolean grouped() {
        return true;
      }
    }
  }

  /**
   * {@code link = any(array(<keys>))}, where {@code link in (<keys>)} means the same for keys that
   * are never null. PostgreSQL runs the keys query once, as an init plan, and then one ordered index
   * scan over the array (as for {@code = any(?)}), where {@code in} gets a semi-join and a sort of
   * the rows: on 10k users with 100k posts, 0.04 against 0.12 ms for one user's posts, 0.23 against
   * 0.70 ms for a page of 50, 43 against 64 ms for all (EXPLAIN ANALYZE, PostgreSQL 18).
   */
  static Condition anyOf(Field<Long> link, Select<? extends Record1<Long>> keys) {
    return link.eq(any(DSL.array(keys)));
  }

  /**
   * The statement nested in a MULTISET column of {@code parent}, correlated to it: its rows as one
   * JSON array of arrays, {@code (select json_agg(json_build_array(columns...) order by ...) from
   * ... where link = parent.key)}, which {@link JsonRows} reads without building a tree.
   */
  private static Statement nested(Pass pass, Aliases aliases, LoadPlan.Edge edge, Table<?> parentTable) {
    Association<?, ?> association = edge.association();
    Association.Source source = association.source(aliases);
    Statement statement = new Statement(pass, aliases, edge.child(), edge, source.child());
    statement.from = source.from();
    statement.addSegment(statement.base);
    List<SortField<?>> ordering = new ArrayList<>(edge.order(source.child()));
    ordering.addAll(statement.order);
    statement.query =
        DSL.select(DSL.jsonArrayAgg(DSL.jsonArray(statement.fields)).orderBy(ordering))
            .from(statement.from)
            .where(source.linkedTo(association.parentKey(parentTable)));
    return statement;
  }

  private static boolean joinsAnything(LoadPlan.Node node) {
    for (LoadPlan.Edge edge : node.edges()) {
      if (edge.policy() == FetchPolicy.JOINED) {
        return true;
      }
    }
    return false;
  }

  /** Adds a segment's columns, its relation's order, and below it its joined and nested relations. */
  private void addSegment(Segment segment) {
    segments.add(segment);
    EntityType<?> type = segment.node.type();
    segment.offset = fields.size() + 1;
    fields.addAll(List.of(type.columns(segment.table)));
    if (segment != base) {
      order.addAll(segment.edge.order(segment.table));
    }
    for (LoadPlan.Edge edge : segment.node.edges()) {
      switch (edge.policy()) {
        case JOINED -> join(segment, edge);
        case MULTISET -> {
          Statement reader = nested(pass, aliases, edge, segment.table);
          @SuppressWarnings("unchecked")
          Select<? extends Record1<JSON>> rows = (Select<? extends Record1<JSON>>) reader.query;
          fields.add(DSL.field(rows));
          if (segment.multisets.isEmpty()) {
            segment.multisets = new ArrayList<>(2);
          }
          segment.multisets.add(new Nested(edge, reader, fields.size()));
        }
        default -> {}
      }
    }
  }

  private void join(Segment parent, LoadPlan.Edge edge) {
    Association<?, ?> association = edge.association();
    Association.Source source = association.source(aliases);
    Condition on = source.linkedTo(association.parentKey(parent.table));
    from = from.leftJoin(source.from()).on(on);
    Segment child = new Segment(edge.child(), edge, parent, source.child());
    if (parent.children.isEmpty()) {
      parent.children = new ArrayList<>(2);
    }
    parent.children.add(child);
    addSegment(child);
  }

  ResultQuery<?> query() {
    return query;
  }

  /** For the base of a linked statement: the parent a row's link points at, for back references. */
  Statement parents(LongFunction<Object> parentOf) {
    this.parentOf = parentOf;
    this.parentKnown = false;
    return this;
  }

  /** Makes the next reads record into {@code next}: each batch of a stream is a load of its own. */
  void bind(Pass next) {
    pass = next;
    for (Segment segment : segments) {
      for (Nested nested : segment.multisets) {
        nested.reader().bind(next);
      }
    }
  }

  /**
   * Runs the statement and reads every row; {@code sink} gets each base object once per link. A
   * {@link MeteredLoad} counts it, with its rows, whether it succeeds or not.
   */
  void run(Sink sink) {
    int rows = 0;
    try {
      if (shape == null) {
        rows = Rows.read(query, cursor -> read(cursor, sink));
      } else {
        rows = Rows.read(dsl, sql(), binds, cursor -> read(cursor, sink));
      }
    } finally {
      counted(rows);
    }
  }

  /** {@link #run} on a result sent ahead: statement {@code index} of {@code pipeline}. */
  void run(Rows.Pipeline pipeline, int index, Sink sink) {
    int rows = 0;
    try {
      rows = pipeline.read(index, cursor -> read(cursor, sink));
    } finally {
      counted(rows);
    }
  }

  private void counted(int rows) {
    if (pass.load() instanceof MeteredLoad metered) {
      metered.statement(rows);
    }
  }

  /** Whether the statement has a fixed shape, so that its SQL and bind values are known before it runs. */
  boolean fixed() {
    return shape != null;
  }

  /** The bind values of a {@link #fixed()} statement, in the order they appear in its SQL. */
  Object[] binds() {
    return binds;
  }

  /** The relation whose children the statement reads; null for a root statement. */
  LoadPlan.Edge edge() {
    return base.edge;
  }

  /** The shape of a {@link #fixed()} statement's SQL. */
  Object shape() {
    return shape;
  }

  /**
   * The SQL of a {@link #fixed()} statement, rendered by jOOQ the first time its node meets its shape and then kept in
   * the node: jOOQ's manual suggests caching rendered SQL where the per-statement cost matters, and
   * for a one-row read rendering cost more than the round trip.
   */
  String sql() {
    if (sql == null) {
      sql = query.getSQL(org.jooq.conf.ParamType.INDEXED);
      int expected = query.getBindValues().size();
      if (expected != binds.length) {
        throw new IllegalStateException(
            "The statement binds " + expected + " values, its shape " + binds.length + ": " + sql);
      }
      base.node.rendered(shape, new Rendered(sql, this));
    }
    return sql;
  }


  /** Reads rows until none is left; returns how many. */
  int read(Row row, Sink sink) {
    return read(row, sink, Integer.MAX_VALUE);
  }

  /**
   * Reads rows until none is left or the next row would start base object number {@code maxBase +
   * 1}; that row stays unread, for the next call. Returns how many rows it read.
   */
  int read(Row row, Sink sink, int maxBase) {
    if (maxBase == Integer.MAX_VALUE && segments.size() == 1 && base.multisets.isEmpty()) {
      return readFlat(row, sink);
    }
    try {
      reset();
      int bases = 0;
      int rows = 0;
      boolean bounded = maxBase != Integer.MAX_VALUE;
      while (row.onRow()) {
        if (bounded && startsBase(row)) {
          if (bases == maxBase) {
            break;
          }
          bases++;
        }
        readRow(row, sink);
        row.advance();
        rows++;
      }
      if (base.current != null) {
        finish(base);
      }
      return rows;
    } catch (SQLException e) {
      throw new Rows.UncheckedSql(e);
    }
  }

  /**
   * The common case, kept small for the JIT: one object per row, nothing joined or nested below it
   * (every SELECT_IN, SUBQUERY, LAZY and BATCH statement of a leaf relation, every plain root query).
   */
  private int readFlat(Row row, Sink sink) {
    try {
      Segment top = base;
      int linkOffset = top.linkOffset;
      int rows = 0;
      while (row.onRow()) {
        long id = row.getLong(top.offset);
        long link = linkOffset > 0 ? row.getLong(linkOffset) : 0;
        if (!parentKnown || link != parentLink) {
          parent = parentOf.apply(link);
          parentLink = link;
          parentKnown = true;
        }
        sink.accept(link, materialize(top, row, id, parent));
        rows++;
        row.advance();
      }
      return rows;
    } catch (SQLException e) {
      throw new Rows.UncheckedSql(e);
    }
  }

  private boolean startsBase(Row row) throws SQLException {
    Segment top = base;
    return top.current == null
        || row.getLong(top.offset) != top.currentKey
        || (top.linkOffset > 0 && row.getLong(top.linkOffset) != top.currentLink);
  }

  private void reset() {
    for (Segment segment : segments) {
      segment.current = null;
      segment.collector = null;
      segment.fresh = false;
    }
  }

  private void readRow(Row row, Sink sink) throws SQLException {
    Segment top = base;
    long id = row.getLong(top.offset);
    long link = top.linkOffset > 0 ? row.getLong(top.linkOffset) : 0;
    if (top.current != null && id == top.currentKey && link == top.currentLink) {
      top.fresh = false;
    } else {
      if (top.current != null) {
        finish(top);
      }
      if (!parentKnown || link != parentLink) {
        parent = parentOf.apply(link);
        parentLink = link;
        parentKnown = true;
      }
      top.current = materialize(top, row, id, parent);
      top.currentKey = id;
      top.currentLink = link;
      top.fresh = true;
      sink.accept(link, top.current);
      readNested(top, row);
    }
    for (int i = 1; i < segments.size(); i++) {
      readSegment(segments.get(i), row);
    }
  }

  private void readSegment(Segment segment, Row row) throws SQLException {
    Segment parent = segment.parent;
    if (parent.current == null) {
      segment.current = null;
      return;
    }
    if (parent.fresh) {
      segment.collector = pass.isPending(segment.edge.association(), parent.current) ? new ArrayList<>() : null;
    }
    if (segment.collector == null) {
      segment.current = null;
      return;
    }
    long id = row.getLong(segment.offset);
    if (row.wasNull()) {
      segment.current = null;
      return;
    }
    if (!parent.fresh && segment.current != null) {
      if (id == segment.currentKey) {
        segment.fresh = false;
        return;
      }
      finish(segment);
    }
    segment.current = materialize(segment, row, id, parent.current);
    segment.currentKey = id;
    segment.fresh = true;
    segment.collector.add(segment.current);
    readNested(segment, row);
  }

  /** Ends the occurrence of the segment's current object: the collections it gathered are complete. */
  private void finish(Segment segment) {
    List<Segment> children = segment.children;
    for (int i = 0; i < children.size(); i++) {
      Segment child = children.get(i);
      if (child.current != null) {
        finish(child);
        child.current = null;
      }
      if (child.collector != null) {
        pass.complete(child.edge.association(), segment.current, child.collector);
        child.collector = null;
      }
    }
  }

  private void readNested(Segment segment, Row row) throws SQLException {
    List<Nested> multisets = segment.multisets;
    for (int i = 0; i < multisets.size(); i++) {
      Nested nested = multisets.get(i);
      Association<?, ?> association = nested.edge().association();
      if (!pass.isPending(association, segment.current)) {
        continue;
      }
      Object owner = segment.current;
      List<Object> children = new ArrayList<>();
      nested.reader().parents(link -> owner);
      nested.reader().read(row.nested(nested.column()), (link, child) -> children.add(child));
      pass.complete(association, owner, children);
    }
  }

  private Object materialize(Segment segment, Row row, long id, Object parent) throws SQLException {
    LoadPlan.Node node = segment.node;
    if (node.identity()) {
      Object known = pass.load().known(node.type(), id);
      if (known != null) {
        if (node.tracked()) {
          pass.reached(node, known);
        }
        return known;
      }
    }
    segment.relations.parent = parent;
    Object built = node.type().read(id, row, segment.offset, segment.relations);
    if (node.identity()) {
      pass.load().remember(node.type(), id, built);
    }
    if (node.tracked()) {
      pass.reached(node, built);
    }
    return built;
  }

  /** The relation handles of a node's objects: pending where the plan loads them, else final. */
  private static final class Relations implements EntityType.Relations {
    private final LoadPlan.Node node;
    Object parent;

    Relations(LoadPlan.Node node) {
      this.node = node;
    }

    @Override
    public <C> ToMany<C> many(Association<?, C> association) {
      return node.startsPending(association) ? ToMany.pending() : ToMany.notLoaded(node.notLoadedHint(association));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <C> ToOne<C> one(Association<?, C> association) {
      if (association == node.backReference() && parent != null) {
        return ToOne.loaded((C) parent);
      }
      return node.startsPending(association) ? ToOne.pending() : ToOne.notLoaded(node.notLoadedHint(association));
    }
  }
}
