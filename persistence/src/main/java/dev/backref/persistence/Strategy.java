package dev.backref.persistence;

import java.util.List;

/**
 * How one {@link FetchPolicy} loads a relation, written once for every {@link Association}. {@link
 * FetchPolicy#JOINED} and {@link FetchPolicy#MULTISET} fold into their parent's statement ({@link
 * Statement}); every other policy runs here, once the parents are read: further statements now
 * ({@link SelectInLoad}, {@link SubqueryLoad}) or deferred ones ({@link LazyLoad}, {@link BatchLoad},
 * {@link DynamicLoad}); {@link NoLoad} leaves the relation not loaded.
 */
sealed interface Strategy permits NoLoad, SelectInLoad, SubqueryLoad, LazyLoad, BatchLoad, DynamicLoad {

  /** Loads, or arranges to load, {@code edge} for each of {@code parents}. */
  void afterParents(Pass pass, LoadPlan.Edge edge, List<Object> parents);

  static Strategy of(FetchPolicy policy) {
    return switch (policy) {
      case NONE -> NoLoad.INSTANCE;
      case SELECT_IN -> SelectInLoad.INSTANCE;
      case SUBQUERY -> SubqueryLoad.INSTANCE;
      case LAZY -> LazyLoad.INSTANCE;
      case BATCH -> BatchLoad.INSTANCE;
      case DYNAMIC -> DynamicLoad.INSTANCE;
      case JOINED, MULTISET -> throw new IllegalArgumentException(policy + " folds into its parent's statement");
    };
  }
}
