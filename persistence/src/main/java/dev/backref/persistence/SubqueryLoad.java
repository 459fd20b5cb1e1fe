package dev.backref.persistence;

import static org.jooq.impl.DSL.inline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Record1;
import org.jooq.Select;
import org.jooq.SelectLimitStep;
import org.jooq.Table;

/**
 * {@link FetchPolicy#SUBQUERY}: after the roots, one statement {@code link in (select key from
 * <root query>)}: the root query runs again inside it instead of sending the keys.
 */
final class SubqueryLoad implements Strategy {

  static final SubqueryLoad INSTANCE = new SubqueryLoad();

  private SubqueryLoad() {}

  @Override
  public void afterParents(Pass pass, LoadPlan.Edge edge, List<Object> parents) {
    if (parents.isEmpty()) {
      return;
    }
    Root<?> root = pass.root();
    Association<?, ?> association = edge.association();
    Table<?> table = root.type().table();
    SelectLimitStep<Record1<Long>> keys =
        pass.dsl().select(association.parentKey(table)).from(table).where(root.condition()).orderBy(root.order());
    Select<Record1<Long>> limited = root.limit() == null ? keys : keys.limit(inline(root.limit()));
    Map<Long, List<Object>> groups = new HashMap<>();
    pass.fetchGrouped(edge, new Statement.Where.In(limited), Pass.parentsByKey(edge, parents), groups);
    pass.completeAll(association, parents, groups);
    pass.follow(edge.child());
  }
}
