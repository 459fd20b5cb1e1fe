package dev.backref.persistence;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one read reports to the listeners of its {@link Backref}: its {@link LoadScope}, and how many
 * lazy loads of each relation its graph ran (the N+1 count). Exists only when a listener is
 * registered; shared by the read's loads (one per batch of a stream) and their deferred loads.
 * Thread-safe.
 */
final class Metering {

  /** The statements and rows of one reported load, counted by {@link Statement#run}. */
  static final class Tally {
    int statements;
    long rows;

    void statement(int read) {
      statements++;
      rows += read;
    }
  }

  private final BackrefListener listener;
  private final LoadScope scope;
  private final Map<Association<?, ?>, Integer> lazyLoads = new HashMap<>();

  Metering(BackrefListener listener, LoadScope scope) {
    this.listener = listener;
    this.scope = scope;
  }

  /**
   * The metering of a read whose objects follow {@code plan} (null: it builds none), or null when
   * {@code backref} has no listener: then nothing else is computed.
   */
  static Metering of(Backref backref, String repository, String method, EntityType<?> root, LoadPlan.Node plan) {
    BackrefListener listener = backref.listener();
    if (listener == null) {
      return null;
    }
    return new Metering(listener, new LoadScope(repository, method, root.name(), plan == null ? "" : plan.text()));
  }

  /** Runs a read counted into {@code tally} and reports it, also when it fails. */
  <T> T read(Tally tally, Supplier<T> work) {
    long start = System.nanoTime();
    Throwable failure = null;
    try {
      return work.get();
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      loaded(tally, start, failure);
    }
  }

  /** Reports a read that ran since {@code start} (a {@link System#nanoTime()}). */
  void loaded(Tally tally, long start, Throwable failure) {
    listener.loaded(new LoadEvent(scope, tally.statements, tally.rows, System.nanoTime() - start, failure));
  }

  /** Counts a deferred load of {@code association}; returns how many this read's graph ran so far. */
  synchronized int lazyLoad(Association<?, ?> association) {
    return lazyLoads.merge(association, 1, Integer::sum);
  }

  void lazyLoaded(LoadPlan.Edge edge, int nth, Tally tally, long start, Throwable failure) {
    Association<?, ?> association = edge.association();
    listener.lazyLoaded(
        new LazyLoadEvent(
            scope,
            relation(association),
            edge.policy(),
            nth,
            LoadPlan.suggestion(edge),
            tally.statements,
            tally.rows,
            System.nanoTime() - start,
            failure));
  }

  /** {@code "user.posts"}. */
  static String relation(Association<?, ?> association) {
    return association.parent().name().toLowerCase(Locale.ROOT) + "." + association.name();
  }
}
