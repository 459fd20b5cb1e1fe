package dev.backref.persistence;

/**
 * The orders users can be listed and paged in ({@link UserFilter#orderBy}, {@link
 * UserRepository#page(UserOrder, String, int, FetchPlan)}). Each is total, so keyset paging never
 * skips nor repeats a user.
 *
 * <pre>{@code
 * Page<User> newest = users.page(UserOrder.ID_DESCENDING, null, 20, FetchPlan.of());
 * Page<User> older = users.page(UserOrder.ID_DESCENDING, newest.next().orElseThrow(), 20, FetchPlan.of());
 * }</pre>
 */
public enum UserOrder {
  /** By username regardless of case (the default); page keys are usernames. */
  USERNAME,
  /** By id, oldest first; page keys are ids in decimal. */
  ID,
  /** By id, newest first; page keys are ids in decimal. */
  ID_DESCENDING
}
