package dev.backref.persistence;

import java.util.List;
import org.jooq.Condition;
import org.jooq.SortField;

/**
 * The root query of a load: which rows of {@code type}'s table, in which order, how many. The limit
 * is rendered as a literal: once the driver prepares a statement on the server (its fifth
 * execution), PostgreSQL may switch to a generic plan that assumes a bound limit keeps 10% of the
 * rows; for "all users" (a huge limit) that plan hash-joins every post and sorts them on disk, four
 * times slower than the index plan it gets when it sees the number.
 *
 * @param order a total order (it ends with a unique column)
 * @param limit at most this many roots, or null for all
 */
record Root<R>(EntityType<R> type, Condition condition, List<SortField<?>> order, Integer limit) {

  Root {
    order = List.copyOf(order);
  }
}
