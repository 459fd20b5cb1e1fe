package dev.backref.persistence;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Simple criteria for {@link UserRepository#findAll}. Immutable; every {@code with}-style method
 * returns a new filter. Criteria combine with AND.
 *
 * <pre>{@code
 * UserFilter recentAlices = UserFilter.all().usernameContains("ali").createdAfter(lastWeek).limit(100);
 * }</pre>
 *
 * @param usernameContains a substring of the username, compared regardless of case; {@code %} and
 *     {@code _} match themselves
 * @param createdAfter only users created strictly after this instant
 * @param createdBefore only users created strictly before this instant
 * @param limit at most this many users (default 1,000)
 */
public record UserFilter(
    Optional<String> usernameContains,
    Optional<Instant> createdAfter,
    Optional<Instant> createdBefore,
    int limit) {

  /** The default and the maximum of {@link #limit()} is the same 1,000: stream for more. */
  public static final int DEFAULT_LIMIT = 1_000;

  /** Rejects nulls and a non-positive limit. */
  public UserFilter {
    Objects.requireNonNull(usernameContains, "usernameContains");
    Objects.requireNonNull(createdAfter, "createdAfter");
    Objects.requireNonNull(createdBefore, "createdBefore");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
  }

  /** No criteria, {@value #DEFAULT_LIMIT} users at most. */
  public static UserFilter all() {
    return new UserFilter(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
  }

  /** This filter, restricted to usernames containing {@code text} (case-insensitive). */
  public UserFilter usernameContains(String text) {
    return new UserFilter(Optional.of(text), createdAfter, createdBefore, limit);
  }

  /** This filter, restricted to users created after {@code instant}. */
  public UserFilter createdAfter(Instant instant) {
    return new UserFilter(usernameContains, Optional.of(instant), createdBefore, limit);
  }

  /** This filter, restricted to users created before {@code instant}. */
  public UserFilter createdBefore(Instant instant) {
    return new UserFilter(usernameContains, createdAfter, Optional.of(instant), limit);
  }

  /** This filter, with at most {@code limit} users. */
  public UserFilter limit(int limit) {
    return new UserFilter(usernameContains, createdAfter, createdBefore, limit);
  }
}
