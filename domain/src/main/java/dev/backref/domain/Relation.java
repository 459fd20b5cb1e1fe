package dev.backref.domain;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine shared by {@link ToMany} and {@link ToOne}: a set-once value that is loaded,
 * not loaded, lazily loadable or dynamic. Thread-safe: a lazy value is loaded by exactly one
 * thread while the others wait; a {@link ReentrantLock} (not {@code synchronized}) keeps virtual
 * threads unpinned while the loader does I/O.
 *
 * @param <V> the value: a list for {@link ToMany}, the entity for {@link ToOne}
 */
abstract sealed class Relation<V> permits ToMany, ToOne {

  private final ReentrantLock lock;
  private final String notLoadedHint;
  private final Object query;
  private volatile V value;
  private volatile Loader<? extends V> loader;
  private volatile RelationState state;
  // Set by the owner's constructor before the owner is published through a final field; the name
  // is built only when a message needs it (a load builds one per relation, which adds up).
  private Object owner;
  private String role;

  Relation(RelationState state, V value, Loader<? extends V> loader, String notLoadedHint, Object query) {
    this.lock = state == RelationState.LAZY ? new ReentrantLock() : null;
    this.state = state;
    this.value = value;
    this.loader = loader;
    this.notLoadedHint = notLoadedHint;
    this.query = query;
  }

  /** Called once by the owner's constructor, so that messages name the relation. */
  final void owner(Object owner, String role) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.role = Objects.requireNonNull(role, "role");
  }

  /** The relation's name, for example {@code "User#42.posts"}. */
  public final String name() {
    return switch (owner) {
      case null -> "relation";
      case User user -> user.reference() + "." + role;
      case Post post -> post.reference() + "." + role;
      default -> owner + "." + role;
    };
  }

  /** The current state; asking never loads anything and never fails. */
  public final RelationState state() {
    return state;
  }

  /** Whether the value is there: reading it will send no SQL and cannot fail. */
  public final boolean isLoaded() {
    return state == RelationState.LOADED;
  }

  /** The value if loaded, else null; never loads. */
  final V valueIfLoaded() {
    return value;
  }

  final V resolve() {
    V current = value;
    if (current != null) {
      return current;
    }
    return switch (state) {
      case LOADED -> value;
      case NOT_LOADED -> throw new RelationNotLoadedException(name(), notLoadedHint);
      case DYNAMIC -> throw new RelationNotLoadedException(name(), "it is dynamic; query it with " + role + "().query(...) instead");
      case LAZY -> loadOnce();
    };
  }

  private V loadOnce() {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("Recursive load of " + name() + ": its loader read it again");
    }
    lock.lock();
    try {
      V current = value;
      if (current != null) {
        return current;
      }
      V loaded = Objects.requireNonNull(loader.load(), () -> "loader of " + name() + " returned null");
      V checked = accept(loaded);
      value = checked;
      state = RelationState.LOADED;
      loader = null;
      return checked;
    } finally {
      lock.unlock();
    }
  }

  /** Validates and, where needed, copies a freshly loaded value. */
  abstract V accept(V loaded);

  final <Q> Q queryAs(Class<Q> type) {
    Objects.requireNonNull(type, "type");
    if (state != RelationState.DYNAMIC) {
      throw new IllegalStateException(
          name() + " is " + state + ", not DYNAMIC: load it with the DYNAMIC fetch policy to query it");
    }
    if (!type.isInstance(query)) {
      throw new IllegalArgumentException(
          name() + " is queried with " + query.getClass().getName() + ", not " + type.getName());
    }
    return type.cast(query);
  }

  /** A short description that never loads or prints the value, for example {@code "LAZY"}. */
  final String describe() {
    return switch (state) {
      case LOADED -> "loaded";
      case NOT_LOADED -> "not loaded";
      case LAZY -> "lazy";
      case DYNAMIC -> "dynamic";
    };
  }

  /** Relations are handles, not values: they compare by identity. */
  @Override
  public final boolean equals(Object other) {
    return this == other;
  }

  @Override
  public final int hashCode() {
    return System.identityHashCode(this);
  }
}
