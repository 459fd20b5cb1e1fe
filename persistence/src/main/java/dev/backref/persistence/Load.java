package dev.backref.persistence;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything one call to a repository loaded, and what it may still load: the identity map (one
 * object per row, whatever path reached it) and the lock under which loads of this graph run. The
 * call's own statements hold the lock while they build the graph; deferred loads ({@link
 * FetchPolicy#LAZY}, {@link FetchPolicy#BATCH}) take it for their statement and build, so that
 * an object they read again is the instance the call built. Deferred loads of one graph therefore
 * run one at a time; loads of different graphs never wait for each other.
 *
 * <p>When the {@code Backref} has listeners, loads are {@link MeteredLoad}s, which also count their
 * statements.
 */
sealed class Load permits MeteredLoad {

  private final Backref backref;
  private final ReentrantLock lock = new ReentrantLock();
  private Map<EntityType<?>, Map<Long, Object>> identity;

  Load(Backref backref) {
    this.backref = backref;
  }

  Backref backref() {
    return backref;
  }

  ReentrantLock lock() {
    return lock;
  }

  /** The object already built for this row in this load, or null. Call with the lock held. */
  Object known(EntityType<?> type, long id) {
    Map<Long, Object> objects = identity == null ? null : identity.get(type);
    return objects == null ? null : objects.get(id);
  }

  void remember(EntityType<?> type, long id, Object object) {
    if (identity == null) {
      identity = new IdentityHashMap<>();
    }
    identity.computeIfAbsent(type, t -> new HashMap<>()).put(id, object);
  }
}
