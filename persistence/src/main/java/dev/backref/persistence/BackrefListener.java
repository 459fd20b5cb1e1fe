package dev.backref.persistence;

/**
 * Hears what the loading engine did: each repository read with its statements, rows and time, and
 * each lazy relation loaded on first access. {@link MicrometerMetrics} turns these into meters;
 * implement it yourself to log, trace or count differently. Register listeners with {@link
 * Backref.Builder#listener(BackrefListener)}; without any, the engine measures nothing.
 *
 * <pre>{@code
 * BackrefListener slowReads = new BackrefListener() {
 *   @Override
 *   public void loaded(LoadEvent event) {
 *     if (event.nanos() > 50_000_000) {
 *       log.warn("{} took {} ms in {} statements", event.scope(), event.nanos() / 1_000_000, event.statements());
 *     }
 *   }
 * };
 * Backref backref = Backref.builder(dataSource).listener(slowReads).build();
 * }</pre>
 *
 * <p><b>Contract.</b> Methods are called on the thread that ran the load, after its statements,
 * possibly from many threads at once: implementations must be thread-safe and fast. A lazy load is
 * reported while its graph's lock may still be held (under {@link FetchPolicy#BATCH}), so a
 * listener must not read relations of loaded objects. An exception thrown by a listener is logged
 * (at {@code WARNING}, through {@link System.Logger} {@code dev.backref.persistence.BackrefListener})
 * and otherwise ignored: it never fails the read, and the other listeners are still called. Events
 * are never {@code null}. Both methods do nothing by default.
 */
public interface BackrefListener {

  /**
   * A repository read finished, or failed: {@link UserRepository}, {@link PostRepository} and
   * {@link TagRepository} finds, pages and streams (a stream once it is closed), and {@link
   * DynamicQuery#fetch()} and {@link DynamicQuery#count()}. Reads refused before any SQL (an invalid
   * plan or argument) are not reported.
   */
  default void loaded(LoadEvent event) {}

  /**
   * A {@link FetchPolicy#LAZY} or {@link FetchPolicy#BATCH} relation was loaded on first access
   * (each deferred load once, with the statements of the plan below it), or failed to load. A lazy
   * to-one relation whose object the same graph already loaded sends nothing and is not reported.
   */
  default void lazyLoaded(LazyLoadEvent event) {}
}
