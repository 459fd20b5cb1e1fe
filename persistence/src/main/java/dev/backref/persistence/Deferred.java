package dev.backref.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.jooq.DSLContext;

/**
 * Loads that run after the call returned, on first access of a relation: each takes the load's
 * lock, runs on the data source (never on the transaction of the call, which may be over),
 * continues the plan below the relation, and returns the value the relation keeps.
 */
final class Deferred {

  private Deferred() {}

  /**
   * Loads the children of the parents with {@code keys} in one pass; {@code groups} by key. Named
   * errors pass unchanged; infrastructure failures become {@link RelationLoadException}.
   */
  static Map<Long, List<Object>> load(
      Load load, LoadPlan.Edge edge, Statement.Where where, LongFunction<Object> parentOf, String relation) {
    if (load instanceof MeteredLoad metered) {
      return metered.lazily(edge, () -> loadNow(load, edge, where, parentOf, relation));
    }
    return loadNow(load, edge, where, parentOf, relation);
  }

  private static Map<Long, List<Object>> loadNow(
      Load load, LoadPlan.Edge edge, Statement.Where where, LongFunction<Object> parentOf, String relation) {
    return RelationLoadException.load(
        relation,
        () -> {
          load.lock().lock();
          try {
            // Each statement borrows a connection, as jOOQ does on a DataSource: a deferred load has
            // no transaction to keep its statements in.
            DSLContext dsl = load.backref().detached();
            Pass pass = new Pass(load, dsl, null).startingAt(edge, where);
            Map<Long, List<Object>> groups;
            if (where instanceof Statement.Where.EqualTo single) {
              List<Object> children = new ArrayList<>();
              Statement.linked(pass, dsl, edge, where, null, null, null, null)
                  .parents(parentOf)
                  .run((link, child) -> children.add(child));
              groups = Map.of(single.key(), children);
            } else {
              groups = new HashMap<>();
              pass.fetchGrouped(edge, where, parentOf, groups);
            }
            pass.follow(edge.child());
            pass.finish();
            return groups;
          } finally {
            load.lock().unlock();
          }
        });
  }

  /** The value a relation keeps from its group: the list, or the one object of a to-one relation. */
  static Object value(LoadPlan.Edge edge, long key, List<Object> children) {
    if (edge.association().toMany()) {
      return children == null ? List.of() : children;
    }
    if (children == null || children.isEmpty()) {
      throw edge.association().child().notFound(key);
    }
    return children.getFirst();
  }

  /** {@code "User#42.posts"}, built only when a deferred load starts. */
  static String name(Association<?, ?> association, Object parent) {
    @SuppressWarnings("unchecked")
    long id = ((EntityType<Object>) association.parent()).id(parent);
    return association.parent().name() + "#" + id + "." + association.name();
  }
}
