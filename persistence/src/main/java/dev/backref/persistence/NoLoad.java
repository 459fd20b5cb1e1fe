package dev.backref.persistence;

import java.util.List;

/** {@link FetchPolicy#NONE}: nothing is sent; the relation is completed as not loaded at the end. */
final class NoLoad implements Strategy {

  static final NoLoad INSTANCE = new NoLoad();

  private NoLoad() {}

  @Override
  public void afterParents(Pass pass, LoadPlan.Edge edge, List<Object> parents) {}
}
