package dev.backref.persistence;

import java.util.function.Supplier;

/**
 * A {@link Load} whose statements are counted for the listeners of its {@link Backref}: the engine
 * builds one instead of a plain {@code Load} only when a listener is registered, so that a
 * {@code Backref} without listeners allocates and counts nothing more.
 */
final class MeteredLoad extends Load {

  private final Metering metering;
  private Metering.Tally tally;

  /** A load whose statements count into {@code tally}: the read's, or a stream's for each of its batches. */
  MeteredLoad(Backref backref, Metering metering, Metering.Tally tally) {
    super(backref);
    this.metering = metering;
    this.tally = tally;
  }

  /** Counts one statement that returned {@code rows} rows. Called with the lock held, or before the graph is published. */
  void statement(int rows) {
    Metering.Tally current = tally;
    if (current != null) {
      current.statement(rows);
    }
  }

  /**
   * Runs a deferred load of {@code edge} under the lock, counting its statements apart from the
   * read's, and reports it once the lock is released (or still held by a caller, under BATCH).
   */
  <T> T lazily(LoadPlan.Edge edge, Supplier<T> work) {
    long start = System.nanoTime();
    Metering.Tally counted = new Metering.Tally();
    Throwable failure = null;
    int nth = 0;
    lock().lock();
    try {
      Metering.Tally outer = tally;
      tally = counted;
      nth = metering.lazyLoad(edge.association());
      try {
        return work.get();
      } catch (RuntimeException | Error e) {
        failure = e;
        throw e;
      } finally {
        tally = outer;
      }
    } finally {
      lock().unlock();
      metering.lazyLoaded(edge, nth, counted, start, failure);
    }
  }
}
