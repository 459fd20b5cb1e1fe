package dev.backref.persistence;

import java.util.Objects;

/**
 * A repository read as {@link BackrefListener#loaded} hears it.
 *
 * <pre>{@code
 * // backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN) over 20 users with 50 posts:
 * event.scope();        // UserRepository.findAll(posts=selectin)
 * event.statements();   // 2
 * event.rows();         // 70
 * event.nanos();        // 1_100_000
 * event.failure();      // null
 * }</pre>
 *
 * <p>Immutable; only {@code failure} may be {@code null}.
 *
 * @param scope the read and the graph it built
 * @param statements the statements it sent: the root statement and those of {@code SELECT_IN} and
 *     {@code SUBQUERY} relations; lazy loads later are {@link LazyLoadEvent}s of their own
 * @param rows the rows the JDBC driver returned for them (top-level rows: a {@code JOINED} user
 *     with 3 posts is 3 rows; a {@code MULTISET} relation's rows are nested in their parent's row
 *     and not counted apart)
 * @param nanos wall time from the read's start (before it borrows a connection) to its graph being
 *     complete, or to its failure; for a stream, from opening to closing it
 * @param failure what the read threw, or {@code null} if it returned normally
 */
public record LoadEvent(LoadScope scope, int statements, long rows, long nanos, Throwable failure) {

  public LoadEvent {
    Objects.requireNonNull(scope, "scope");
  }

  /** Whether the read returned normally. */
  public boolean succeeded() {
    return failure == null;
  }
}
