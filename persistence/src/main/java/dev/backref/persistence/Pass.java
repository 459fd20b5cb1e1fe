package dev.backref.persistence;

import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * One run of the engine over part of a plan, on one connection: the call's own load from the root,
 * or one deferred load (a lazy relation's first access, a batch). It records which objects each
 * node reached, follows the plan's relations from them, and completes the relations the plan does
 * not load. Runs with the {@link Load}'s lock held; not thread-safe.
 */
final class Pass {

  private static final String ROW_GONE = "its row was not found: it was deleted while the load ran";

  private final Load load;
  private final DSLContext dsl;
  private final Root<?> root;
  private LoadPlan.Node base;
  private LoadPlan.Edge baseEdge;
  private Statement.Where baseWhere;
  private Map<LoadPlan.Node, Reached> reached;
  private Ahead ahead;

  /** The objects one node reached, each once. */
  private static final class Reached {
    final List<Object> objects = new ArrayList<>();
    final Set<Object> seen;

    Reached(boolean identity) {
      this.seen = identity ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
    }
  }

  Pass(Load load, DSLContext dsl, Root<?> root) {
    this.load = load;
    this.dsl = dsl;
    this.root = root;
  }

  Load load() {
    return load;
  }

  DSLContext dsl() {
    return dsl;
  }

  /** Marks the node this pass started from and the roots' query, for {@link #keys}. */
  Pass startingAt(LoadPlan.Node node) {
    this.base = node;
    return this;
  }

  /** Marks a deferred pass's start: the children of {@code edge} whose link matches {@code where}. */
  Pass startingAt(LoadPlan.Edge edge, Statement.Where where) {
    this.base = edge.child();
    this.baseEdge = edge;
    this.baseWhere = where;
    return this;
  }

  /**
   * A select of {@code key} over the rows {@code node} reached in this pass, written as SQL over the
   * query that reached them, for {@link FetchPolicy#SUBQUERY}: the roots' query itself, or, further
   * down, the relation's source filtered by the keys of the parent node, and so on up to where the
   * pass started (SQLAlchemy nests its subquery loads the same way).
   */
  Select<Record1<Long>> keys(LoadPlan.Node node, Function<Table<?>, Field<Long>> key) {
    if (node == base && root != null) {
      Table<?> table = root.type().table();
      SelectLimitStep<Record1<Long>> select =
          DSL.select(key.apply(table)).from(table).where(root.condition()).orderBy(root.order());
      return root.limit() == null ? select : select.limit(DSL.inline(root.limit()));
    }
    LoadPlan.Edge edge = node == base ? baseEdge : node.via();
    if (edge == null) {
      throw new IllegalStateException("No query reaches " + node.type().name() + " in this pass");
    }
    Association<?, ?> association = edge.association();
    Association.Source source = association.source(new Aliases());
    Condition linked =
        node == base
            ? baseWhere.condition(source.link())
            : Statement.anyOf(source.link(), keys(node.parent(), association::parentKey));
    return DSL.select(key.apply(source.child())).from(source.from()).where(linked);
  }

  /**
   * {@link #keys} as the condition of a SUBQUERY statement, with the shape of its SQL when the query
   * at the start of the pass has one (see {@link Root.Shape}).
   */
  Statement.Where.In in(LoadPlan.Node node, Function<Table<?>, Field<Long>> key) {
    java.util.function.Supplier<Select<? extends Record1<Long>>> keys = () -> keys(node, key);
    if (root != null) {
      return root.shape() == null
          ? new Statement.Where.In(keys, null, null)
          : new Statement.Where.In(keys, new KeysShape(base, root.shape().name(), root.limit()), root.shape().binds());
    }
    if (baseWhere != null && baseWhere.shape() != null) {
      return new Statement.Where.In(keys, new KeysShape(base, baseWhere.shape(), null), baseWhere.binds());
    }
    return new Statement.Where.In(keys, null, null);
  }

  /** What a subquery's SQL depends on: where the pass started and the shape of the query there. */
  private record KeysShape(LoadPlan.Node base, Object shape, Integer limit) {}

  /** The statements sent with the root statement, for the strategies' statements to read (see {@link Ahead}). */
  void ahead(Ahead sent) {
    this.ahead = sent;
  }

  int batchSize() {
    return load.backref().batchSize();
  }

  void reached(LoadPlan.Node node, Object object) {
    if (reached == null) {
      reached = new IdentityHashMap<>();
    }
    Reached objects = reached.computeIfAbsent(node, n -> new Reached(n.identity()));
    if (objects.seen == null || objects.seen.add(object)) {
      objects.objects.add(object);
    }
  }

  List<Object> objects(LoadPlan.Node node) {
    Reached objects = reached == null ? null : reached.get(node);
    return objects == null ? List.of() : objects.objects;
  }

  /**
   * Runs a linked statement and groups its objects by link value, adding to {@code groups}; rows
   * come ordered by link, so consecutive rows usually share a list.
   */
  void fetchGrouped(
      LoadPlan.Edge edge, Statement.Where where, LongFunction<Object> parentOf, Map<Long, List<Object>> groups) {
    Statement.Sink sink =
        new Statement.Sink() {
          private long lastLink;
          private List<Object> last;

          @Override
          public void accept(long link, Object object) {
            if (last == null || link != lastLink) {
              last = groups.computeIfAbsent(link, key -> new ArrayList<>());
              lastLink = link;
            }
            last.add(object);
          }
        };
    if (ahead == null || !ahead.run(edge, where, parentOf, sink)) {
      Statement.linked(this, dsl, edge, where, null, null, null, null).parents(parentOf).run(sink);
    }
  }

  /** Sets each parent's relation to its group of children (empty, or a to-one not found, if none). */
  void completeAll(Association<?, ?> association, List<Object> parents, Map<Long, List<Object>> groups) {
    for (Object parent : parents) {
      List<Object> children = groups.get(parentKey(association, parent));
      complete(association, parent, children == null ? List.of() : children);
    }
  }

  /**
   * Follows, from every object the statement of {@code base} reached, each relation of the plan that
   * needs more than that statement: further statements now, or deferred loads.
   */
  void follow(LoadPlan.Node base) {
    for (LoadPlan.Edge edge : base.edges()) {
      FetchPolicy policy = edge.policy();
      if (policy == FetchPolicy.JOINED || policy == FetchPolicy.MULTISET) {
        follow(edge.child());
      } else {
        Strategy.of(policy).afterParents(this, edge, objects(base));
      }
    }
  }

  /** Completes what the plan leaves out on objects that other places of the plan may also reach. */
  void finish() {
    if (reached == null) {
      return;
    }
    for (Map.Entry<LoadPlan.Node, Reached> entry : reached.entrySet()) {
      LoadPlan.Node node = entry.getKey();
      if (!node.typeRepeats()) {
        continue;
      }
      for (Object object : entry.getValue().objects) {
        for (Association<?, ?> association : node.type().associations()) {
          if (isPending(association, object)) {
            notLoaded(association, object, node.notLoadedHint(association));
          }
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  static long parentKey(Association<?, ?> association, Object parent) {
    return ((Association<Object, ?>) association).parentKey(parent);
  }

  @SuppressWarnings("unchecked")
  static ToMany<Object> many(Association<?, ?> association, Object parent) {
    return ((Association<Object, Object>) association).many(parent);
  }

  @SuppressWarnings("unchecked")
  static ToOne<Object> one(Association<?, ?> association, Object parent) {
    return ((Association<Object, Object>) association).one(parent);
  }

  boolean isPending(Association<?, ?> association, Object parent) {
    return association.toMany() ? many(association, parent).isPending() : one(association, parent).isPending();
  }

  /** Sets a pending relation to its loaded children; a relation already complete keeps its value. */
  void complete(Association<?, ?> association, Object parent, List<Object> children) {
    if (association.toMany()) {
      ToMany<Object> relation = many(association, parent);
      if (relation.isPending()) {
        relation.completeLoaded(children);
      }
    } else {
      ToOne<Object> relation = one(association, parent);
      if (relation.isPending()) {
        if (children.isEmpty()) {
          relation.completeNotLoaded(ROW_GONE);
        } else {
          relation.completeLoaded(children.getFirst());
        }
      }
    }
  }

  private static void notLoaded(Association<?, ?> association, Object parent, String hint) {
    if (association.toMany()) {
      many(association, parent).completeNotLoaded(hint);
    } else {
      one(association, parent).completeNotLoaded(hint);
    }
  }

  /**
   * The parents whose relation is still to load: a relation another place of the plan already
   * completed (a post's author under its user's posts, a tag met twice) sends no SQL again.
   */
  static List<Object> pending(Pass pass, Association<?, ?> association, List<Object> parents) {
    for (int i = 0; i < parents.size(); i++) {
      if (!pass.isPending(association, parents.get(i))) {
        List<Object> pending = new ArrayList<>(parents.size());
        for (Object parent : parents) {
          if (pass.isPending(association, parent)) {
            pending.add(parent);
          }
        }
        return pending;
      }
    }
    return parents;
  }

  /** A map from key to parent, where the children point back at their parent (users.posts). */
  static LongFunction<Object> parentsByKey(LoadPlan.Edge edge, List<Object> parents) {
    if (edge.child().backReference() == null) {
      return key -> null;
    }
    Map<Long, Object> byKey = new HashMap<>((int) (parents.size() / 0.75f) + 1);
    for (Object parent : parents) {
      byKey.put(parentKey(edge.association(), parent), parent);
    }
    return byKey::get;
  }
}
