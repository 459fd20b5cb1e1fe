package dev.backref.persistence;

import java.util.List;

/**
 * {@link FetchPolicy#DYNAMIC}: nothing now, nothing on access; the relation holds a query object
 * ({@link PostQuery}, {@link TagQuery}) that filters, orders, limits and counts, one statement per
 * call.
 */
final class DynamicLoad implements Strategy {

  static final DynamicLoad INSTANCE = new DynamicLoad();

  private DynamicLoad() {}

  @Override
  public void afterParents(Pass pass, LoadPlan.Edge edge, List<Object> parents) {
    Backref backref = pass.load().backref();
    Association<?, ?> association = edge.association();
    for (Object parent : parents) {
      if (pass.isPending(association, parent)) {
        Pass.many(association, parent).completeDynamic(query(backref, edge, parent));
      }
    }
  }

  private static Object query(Backref backref, LoadPlan.Edge edge, Object owner) {
    RelationQuery core = new RelationQuery(backref, edge, owner);
    return switch (edge.association().child()) {
      case PostMapping post -> PostQuery.of(core);
      case TagMapping tag -> TagQuery.of(core);
      case UserMapping user -> throw new IllegalStateException("no to-many relation leads to users");
    };
  }
}
