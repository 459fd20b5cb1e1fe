package dev.backref.persistence;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;

/**
 * Simple criteria for {@link UserRepository#findAll}. Immutable; every {@code with}-style method
 * returns a new filter. Criteria combine with AND.
 *
 * <pre>{@code
 * UserFilter recentAlices = UserFilter.all().usernameContains("ali").createdAfter(lastWeek).limit(100);
 * }</pre>
 *
 * @param usernameContains a substring of the username, compared regardless of case and in Unicode
 *     NFC (as usernames are stored); {@code %} and {@code _} match themselves. Control and
 *     invisible characters are refused ({@link InvalidUsernameException})
 * @param createdAfter only users created strictly after this instant
 * @param createdBefore only users created strictly before this instant
 * @param havingPost only users with at least one post matching this condition on {@code POSTS}
 *     (an {@code EXISTS}: the users' loaded posts are all their posts, not only the matching ones)
 * @param order the order of the list (default {@link UserOrder#USERNAME})
 * @param limit at most this many users (default 1,000)
 */
public record UserFilter(
    Optional<String> usernameContains,
    Optional<Instant> createdAfter,
    Optional<Instant> createdBefore,
    Optional<Condition> havingPost,
    UserOrder order,
    int limit) {

  /** The default and the maximum of {@link #limit()} is the same 1,000: stream for more. */
  public static final int DEFAULT_LIMIT = 1_000;

  /**
   * Rejects nulls, a non-positive limit and text no username can contain.
   *
   * @throws InvalidUsernameException if {@code usernameContains} has a control or invisible
   *     character (NUL, ESC, a zero-width space...), which no username can contain
   */
  public UserFilter {
    Objects.requireNonNull(usernameContains, "usernameContains");
    usernameContains.ifPresent(Validation::usernameFilter);
    Objects.requireNonNull(createdAfter, "createdAfter");
    Objects.requireNonNull(createdBefore, "createdBefore");
    Objects.requireNonNull(havingPost, "havingPost");
    Objects.requireNonNull(order, "order");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
  }

  /** No criteria, {@value #DEFAULT_LIMIT} users at most. */
  public static UserFilter all() {
    return new UserFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), UserOrder.USERNAME, DEFAULT_LIMIT);
  }

  /** This filter, restricted to usernames containing {@code text} (case-insensitive). */
  public UserFilter usernameContains(String text) {
    return new UserFilter(Optional.of(text), createdAfter, createdBefore, havingPost, order, limit);
  }

  /** This filter, restricted to users created after {@code instant}. */
  public UserFilter createdAfter(Instant instant) {
    return new UserFilter(usernameContains, Optional.of(instant), createdBefore, havingPost, order, limit);
  }

  /** This filter, restricted to users created before {@code instant}. */
  public UserFilter createdBefore(Instant instant) {
    return new UserFilter(usernameContains, createdAfter, Optional.of(instant), havingPost, order, limit);
  }

  /**
   * This filter, restricted to users with at least one post matching {@code condition} (on the
   * generated {@code POSTS} table), combined with AND with an earlier one. The users keep all their
   * posts: the condition selects users, it does not cut their collection.
   *
   * <pre>{@code
   * UserFilter.all().havingPost(POSTS.TITLE.eq("Hello"))
   * }</pre>
   */
  public UserFilter havingPost(Condition condition) {
    Objects.requireNonNull(condition, "condition");
    return new UserFilter(
        usernameContains, createdAfter, createdBefore, Optional.of(havingPost.map(condition::and).orElse(condition)), order,
        limit);
  }

  /** This filter, listing users in {@code order}. */
  public UserFilter orderBy(UserOrder order) {
    return new UserFilter(usernameContains, createdAfter, createdBefore, havingPost, order, limit);
  }

  /** This filter, with at most {@code limit} users. */
  public UserFilter limit(int limit) {
    return new UserFilter(usernameContains, createdAfter, createdBefore, havingPost, order, limit);
  }
}
