package dev.backref.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Loads that run after the call returned, on first access of a relation: each takes the load's
 * lock, runs on one connection of the data source (never the transaction of the call, which may
 * be over), continues the plan below the relation, and returns the value the relation keeps.
 */
final class Deferred {

  private Deferred() {}

  /**
   * Loads the children of the parents with {@code keys} in one pass; {@code groups} by key. Named
   * errors pass unchanged; infrastructure failures become {@link RelationLoadException}.
   */
  static Map<Long, List<Object>> load(
      Load load, LoadPlan.Edge edge, Statement.Where where, LongFunction<Object> parentOf, String relation) {
    return RelationLoadException.load(
        relation,
        () -> {
          load.lock().lock();
          try {
            return load.backref()
                .onDetachedConnection(
                    dsl -> {
                      Pass pass = new Pass(load, dsl, null);
                      Map<Long, List<Object>> groups = new java.util.HashMap<>();
                      if (where.grouped()) {
                        pass.fetchGrouped(edge, where, parentOf, groups);
                      } else {
                        List<Object> children = new ArrayList<>();
                        Statement.linked(pass, dsl, edge, where, org.jooq.impl.DSL.noCondition(), null, null, null)
                            .parents(parentOf)
                            .run((link, child) -> children.add(child));
                        groups.put(((Statement.Where.EqualTo) where).key(), children);
                      }
                      pass.follow(edge.child());
                      pass.finish();
                      return groups;
                    });
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
