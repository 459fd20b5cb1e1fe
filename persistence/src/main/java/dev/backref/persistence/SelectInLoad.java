package dev.backref.persistence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@link FetchPolicy#SELECT_IN}: after the parents, {@code link = any(?)} over their distinct keys,
 * one statement per batch of keys; for a join table, {@code post_tags JOIN tags} without going back
 * to the parent table.
 */
final class SelectInLoad implements Strategy {

  static final SelectInLoad INSTANCE = new SelectInLoad();

  private SelectInLoad() {}

  @Override
  public void afterParents(Pass pass, LoadPlan.Edge edge, List<Object> all) {
    List<Object> parents = Pass.pending(pass, edge.association(), all);
    if (parents.isEmpty()) {
      return;
    }
    Association<?, ?> association = edge.association();
    List<Long> keys = distinctKeys(association, parents);
    LongFunction<Object> parentOf = Pass.parentsByKey(edge, parents);
    Map<Long, List<Object>> groups = new HashMap<>((int) (keys.size() / 0.75f) + 1);
    int batchSize = pass.batchSize();
    for (int from = 0; from < keys.size(); from += batchSize) {
      List<Long> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
      pass.fetchGrouped(edge, new Statement.Where.AnyOf(batch.toArray(Long[]::new)), parentOf, groups);
    }
    pass.completeAll(association, parents, groups);
    pass.follow(edge.child());
  }

  /** The parents' keys, each once, in the order the parents were read. */
  static List<Long> distinctKeys(Association<?, ?> association, List<Object> parents) {
    if (!association.shared() || association.toMany()) {
      List<Long> keys = new ArrayList<>(parents.size());
      for (Object parent : parents) {
        keys.add(Pass.parentKey(association, parent));
      }
      return keys;
    }
    LinkedHashSet<Long> keys = new LinkedHashSet<>();
    for (Object parent : parents) {
      keys.add(Pass.parentKey(association, parent));
    }
    return new ArrayList<>(keys);
  }
}
