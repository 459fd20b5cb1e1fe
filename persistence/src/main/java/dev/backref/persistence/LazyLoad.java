package dev.backref.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FetchPolicy#LAZY}: nothing now; on first access, {@code link = ?} for that parent alone,
 * then the rest of the plan below the relation. A to-one relation is loaded once per distinct key:
 * posts of one author share one load and one {@code User}.
 */
final class LazyLoad implements Strategy {

  static final LazyLoad INSTANCE = new LazyLoad();

  private LazyLoad() {}

  @Override
  public void afterParents(Pass pass, LoadPlan.Edge edge, List<Object> parents) {
    Load load = pass.load();
    Association<?, ?> association = edge.association();
    Map<Long, Object> loadedByKey = association.toMany() ? null : new HashMap<>();
    for (Object parent : parents) {
      if (!pass.isPending(association, parent)) {
        continue;
      }
      long key = Pass.parentKey(association, parent);
      if (association.toMany()) {
        Pass.many(association, parent).completeLazy(() -> castList(load(load, edge, parent, key, null)));
      } else {
        Pass.one(association, parent).completeLazy(() -> load(load, edge, parent, key, loadedByKey));
      }
    }
  }

  private static Object load(Load load, LoadPlan.Edge edge, Object parent, long key, Map<Long, Object> loadedByKey) {
    if (loadedByKey != null) {
      load.lock().lock();
      try {
        Object known = loadedByKey.get(key);
        if (known != null) {
          return known;
        }
      } finally {
        load.lock().unlock();
      }
    }
    Map<Long, List<Object>> groups =
        Deferred.load(load, edge, new Statement.Where.EqualTo(key), link -> parent, Deferred.name(edge.association(), parent));
    Object value = Deferred.value(edge, key, groups.get(key));
    if (loadedByKey != null) {
      load.lock().lock();
      try {
        loadedByKey.putIfAbsent(key, value);
        return loadedByKey.get(key);
      } finally {
        load.lock().unlock();
      }
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> castList(Object value) {
    return (List<Object>) value;
  }
}
