package dev.backref.persistence;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link FetchPolicy#SUBQUERY}: after the parents, one statement {@code link = any(array(select key
 * from <the query that read the parents>))}: that query runs again inside it instead of sending the
 * keys. Below the root the subqueries nest, one level per relation (see {@link Pass#keys}).
 */
final class SubqueryLoad implements Strategy {

  static final SubqueryLoad INSTANCE = new SubqueryLoad();

  private SubqueryLoad() {}

  @Override
  public void afterParents(Pass pass, LoadPlan.Edge edge, List<Object> parents) {
    List<Object> pending = Pass.pending(pass, edge.association(), parents);
    if (pending.isEmpty()) {
      return;
    }
    Association<?, ?> association = edge.association();
    Statement.Where.In keys = pass.in(edge.child().parent(), association::parentKey);
    Map<Long, List<Object>> groups = new HashMap<>();
    pass.fetchGrouped(edge, keys, Pass.parentsByKey(edge, pending), groups);
    pass.completeAll(association, pending, groups);
    pass.follow(edge.child());
  }
}
