package dev.backref.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@link FetchPolicy#BATCH}: nothing now; on first access of any parent's relation, {@code link =
 * any(?)} for the whole batch of parents it was loaded with (Hibernate's {@code @BatchSize}), then
 * the rest of the plan below the relation. The other parents of the batch then read theirs without
 * SQL.
 */
final class BatchLoad implements Strategy {

  static final BatchLoad INSTANCE = new BatchLoad();

  private BatchLoad() {}

  @Override
  public void afterParents(Pass pass, LoadPlan.Edge edge, List<Object> parents) {
    Association<?, ?> association = edge.association();
    List<Object> pending = new ArrayList<>(parents.size());
    for (Object parent : parents) {
      if (pass.isPending(association, parent)) {
        pending.add(parent);
      }
    }
    List<Long> keys = SelectInLoad.distinctKeys(association, pending);
    int batchSize = pass.batchSize();
    Map<Long, Group> groupOf = new java.util.HashMap<>();
    for (int from = 0; from < keys.size(); from += batchSize) {
      Group group = new Group(pass.load(), edge, keys.subList(from, Math.min(keys.size(), from + batchSize)));
      for (Long key : group.keys) {
        groupOf.put(key, group);
      }
    }
    for (Object parent : pending) {
      long key = Pass.parentKey(association, parent);
      Group group = groupOf.get(key);
      group.parents.add(parent);
      if (association.toMany()) {
        Pass.many(association, parent).completeLazy(() -> LazyLoad.castList(group.value(parent, key)));
      } else {
        Pass.one(association, parent).completeLazy(() -> group.value(parent, key));
      }
    }
  }

  /** The parents loaded together; their children load in one statement, the first time one is read. */
  private static final class Group {
    private final Load load;
    private final LoadPlan.Edge edge;
    private final List<Long> keys;
    private final List<Object> parents = new ArrayList<>();
    private Map<Long, List<Object>> children;

    Group(Load load, LoadPlan.Edge edge, List<Long> keys) {
      this.load = load;
      this.edge = edge;
      this.keys = List.copyOf(keys);
    }

    Object value(Object parent, long key) {
      load.lock().lock();
      try {
        if (children == null) {
          LongFunction<Object> parentOf = Pass.parentsByKey(edge, parents);
          children =
              Deferred.load(
                  load, edge, new Statement.Where.AnyOf(keys.toArray(Long[]::new)), parentOf,
                  Deferred.name(edge.association(), parent));
        }
        return Deferred.value(edge, key, children.get(key));
      } finally {
        load.lock().unlock();
      }
    }
  }
}
