package dev.backref.persistence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a keyset-paginated list.
 *
 * <pre>{@code
 * Page<User> page = users.page(null, 50, FetchPolicy.JOINED);
 * while (page.next().isPresent()) {
 *   page = users.page(page.next().get(), 50, FetchPolicy.JOINED);
 * }
 * }</pre>
 *
 * @param items the items, at most the requested limit
 * @param next the key to pass for the next page; empty on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, Optional<String> next) {

  /** Copies {@code items}; rejects nulls. */
  public Page {
    items = List.copyOf(items);
    Objects.requireNonNull(next, "next");
  }
}
