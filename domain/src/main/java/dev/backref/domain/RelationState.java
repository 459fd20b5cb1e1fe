package dev.backref.domain;

/**
 * Where a relation ({@link ToMany} or {@link ToOne}) stands. A relation is never {@code null}; it is
 * always in exactly one of these states.
 *
 * <pre>{@code
 * if (user.posts().state() == RelationState.NOT_LOADED) { ... }
 * }</pre>
 */
public enum RelationState {
  /** Loaded: reading it sends no SQL and never fails. Final. */
  LOADED,
  /** Not loaded, and reading it will not load it: access throws {@link RelationNotLoadedException}. Final. */
  NOT_LOADED,
  /** Not loaded yet: the first access loads it (once), after which it is {@link #LOADED}. */
  LAZY,
  /** Never loaded as a whole: a query object to filter, order, limit and count. Final. */
  DYNAMIC
}
