package dev.backref.persistence;

import java.util.List;

/**
 * The listeners of a {@link Backref}, called in the order they were registered; a listener's
 * exception is logged and does not reach the read or the other listeners. Immutable and
 * thread-safe.
 */
final class Listeners implements BackrefListener {

  private static final System.Logger LOG = System.getLogger(BackrefListener.class.getName());

  private final BackrefListener[] listeners;

  private Listeners(List<BackrefListener> listeners) {
    this.listeners = listeners.toArray(BackrefListener[]::new);
  }

  /** The listeners as one, or null for none: the engine measures nothing then. */
  static Listeners of(List<BackrefListener> listeners) {
    return listeners.isEmpty() ? null : new Listeners(listeners);
  }

  @Override
  public void loaded(LoadEvent event) {
    for (BackrefListener listener : listeners) {
      try {
        listener.loaded(event);
      } catch (RuntimeException e) {
        failed(listener, "loaded", event.scope().toString(), e);
      }
    }
  }

  @Override
  public void lazyLoaded(LazyLoadEvent event) {
    for (BackrefListener listener : listeners) {
      try {
        listener.lazyLoaded(event);
      } catch (RuntimeException e) {
        failed(listener, "lazyLoaded", event.relation(), e);
      }
    }
  }

  private static void failed(BackrefListener listener, String method, String about, RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, () -> listener.getClass().getName() + "." + method + " failed for " + about + "; ignored", e);
  }
}
