package dev.backref.persistence;

import java.util.Objects;
import java.util.Optional;

/**
 * Simple criteria for {@link TagRepository#findAll}. Immutable; criteria combine with AND.
 *
 * <pre>{@code
 * TagFilter filter = TagFilter.all().nameContains("java").limit(20);
 * }</pre>
 *
 * @param nameContains a substring of the name, compared regardless of case and in Unicode NFC (as
 *     names are stored); {@code %} and {@code _} match themselves. Control and invisible characters
 *     are refused ({@link InvalidTagNameException})
 * @param limit at most this many tags (default 1,000)
 */
public record TagFilter(Optional<String> nameContains, int limit) {

  /** The default limit. */
  public static final int DEFAULT_LIMIT = 1_000;

  /**
   * Rejects nulls, a non-positive limit and text no tag name can contain.
   *
   * @throws InvalidTagNameException if {@code nameContains} has a control or invisible character
   *     (NUL, ESC, a zero-width space...), which no tag name can contain
   */
  public TagFilter {
    Objects.requireNonNull(nameContains, "nameContains");
    nameContains.ifPresent(Validation::tagNameFilter);
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
  }

  /** No criteria, {@value #DEFAULT_LIMIT} tags at most. */
  public static TagFilter all() {
    return new TagFilter(Optional.empty(), DEFAULT_LIMIT);
  }

  /** This filter, restricted to names containing {@code text} (case-insensitive). */
  public TagFilter nameContains(String text) {
    return new TagFilter(Optional.of(text), limit);
  }

  /** This filter, with at most {@code limit} tags. */
  public TagFilter limit(int limit) {
    return new TagFilter(nameContains, limit);
  }
}
