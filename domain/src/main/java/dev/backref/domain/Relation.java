package dev.backref.domain;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine shared by {@link ToMany} and {@link ToOne}: a set-once value that is loaded,
 * not loaded, lazily loadable or dynamic. Thread-safe: a lazy value is loaded by exactly one
 * thread while the others wait; a {@link ReentrantLock} (not {@code synchronized}) keeps virtual
 * threads unpinned while the loader does I/O.
 *
 * <p>A relation may also start <em>pending</em>: its state is decided once, later, by the loader
 * that builds the graph, so that graphs with cycles (a post in its tag's posts, that tag in the
 * post's tags) can be built from immutable objects. A loader completes every pending relation
 * before it hands the graph out.
 *
 * @param <V> the value: a list for {@link ToMany}, the entity for {@link ToOne}
 */
abstract sealed class Relation<V> permits ToMany, ToOne {

  private volatile RelationState state;
  // LOADED: the value; NOT_LOADED: the hint; LAZY: the loader; DYNAMIC: the query; pending: null.
  private volatile Object content;
  private ReentrantLock lock;
  // Set by the owner's constructor before the owner is published through a final field; the name
  // is built only when a message needs it (a load builds one per relation, which adds up).
  private Object owner;
  private String role;

  Relation(RelationState state, Object content) {
    if (state == RelationState.LAZY) {
      this.lock = new ReentrantLock();
    }
    this.content = content;
    this.state = state;
  }

  /** Called once by the owner's constructor, so that messages name the relation. */
  final void owner(Object owner, String role) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(role, "role");
    if (this.owner != null && this.owner != owner) {
      throw new IllegalArgumentException(
          "This relation already belongs to " + name() + "; every object needs relations of its own");
    }
    this.owner = owner;
    this.role = role;
    if (state == RelationState.LOADED) {
      validate(value());
    }
  }

  /** The relation's name, for example {@code "User#42.posts"}. */
  public final String name() {
    return switch (owner) {
      case null -> "relation";
      case User user -> user.reference() + "." + role;
      case Post post -> post.reference() + "." + role;
      case Tag tag -> tag.reference() + "." + role;
      default -> owner + "." + role;
    };
  }

  /**
   * The current state; asking never loads anything and never fails. A {@linkplain #isPending()
   * pending} relation reports {@link RelationState#NOT_LOADED}.
   */
  public final RelationState state() {
    RelationState current = state;
    return current == null ? RelationState.NOT_LOADED : current;
  }

  /** Whether the value is there: reading it will send no SQL and cannot fail. */
  public final boolean isLoaded() {
    return state == RelationState.LOADED;
  }

  /**
   * Whether the relation is still pending: created with {@code pending()} and not completed yet.
   * Never true for a relation of a graph that a loader returned.
   */
  public final boolean isPending() {
    return state == null;
  }

  /** The value if loaded, else null; never loads. */
  @SuppressWarnings("unchecked")
  final V valueIfLoaded() {
    return state == RelationState.LOADED ? (V) content : null;
  }

  @SuppressWarnings("unchecked")
  private V value() {
    return (V) content;
  }

  final V resolve() {
    RelationState current = state;
    if (current == RelationState.LOADED) {
      return value();
    }
    if (current == null) {
      throw new IllegalStateException(name() + " is read while its graph is being loaded");
    }
    return switch (current) {
      case LOADED -> value();
      case NOT_LOADED -> throw new RelationNotLoadedException(name(), (String) content);
      case DYNAMIC ->
          throw new RelationNotLoadedException(name(), "it is dynamic; query it with " + role + "().query(...) instead");
      case LAZY -> loadOnce();
    };
  }

  private V loadOnce() {
    ReentrantLock held = lock;
    if (held.isHeldByCurrentThread()) {
      throw new IllegalStateException("Recursive load of " + name() + ": its loader read it again");
    }
    held.lock();
    try {
      if (state == RelationState.LOADED) {
        return value();
      }
      @SuppressWarnings("unchecked")
      Loader<? extends V> loader = (Loader<? extends V>) content;
      V loaded = Objects.requireNonNull(loader.load(), () -> "loader of " + name() + " returned null");
      V checked = accept(loaded);
      validate(checked);
      content = checked;
      state = RelationState.LOADED;
      return checked;
    } finally {
      held.unlock();
    }
  }

  /** Validates and, where needed, copies a freshly loaded value. */
  abstract V accept(V loaded);

  /** Checks a value against the owner: a user's posts must be its own, a post's author its author. */
  private void validate(V value) {
    // Final classes first: a post's author is checked once per loaded post, the hottest path.
    Object of = owner;
    if (of instanceof Post post) {
      if (value instanceof User author) {
        post.requireAuthor(author);
      }
    } else if (of instanceof User user) {
      List<?> posts = (List<?>) value;
      for (int i = 0; i < posts.size(); i++) {
        user.requireOwnPost((Post) posts.get(i));
      }
    }
  }

  final void completeLoadedValue(V value) {
    requirePending();
    V checked = accept(Objects.requireNonNull(value, "value"));
    if (owner != null) {
      validate(checked);
    }
    content = checked;
    state = RelationState.LOADED;
  }

  final void completeNotLoadedHint(String hint) {
    requirePending();
    content = Objects.requireNonNull(hint, "hint");
    state = RelationState.NOT_LOADED;
  }

  final void completeLazyLoader(Loader<? extends V> loader) {
    requirePending();
    lock = new ReentrantLock();
    content = Objects.requireNonNull(loader, "loader");
    state = RelationState.LAZY;
  }

  final void completeDynamicQuery(Object query) {
    requirePending();
    content = Objects.requireNonNull(query, "query");
    state = RelationState.DYNAMIC;
  }

  private void requirePending() {
    if (state != null) {
      throw new IllegalStateException(name() + " is already " + describe() + "; only a pending relation can be completed");
    }
  }

  final <Q> Q queryAs(Class<Q> type) {
    Objects.requireNonNull(type, "type");
    if (state != RelationState.DYNAMIC) {
      throw new IllegalStateException(
          name() + " is " + state() + ", not DYNAMIC: load it with the DYNAMIC fetch policy to query it");
    }
    Object query = content;
    if (!type.isInstance(query)) {
      throw new IllegalArgumentException(
          name() + " is queried with " + query.getClass().getName() + ", not " + type.getName());
    }
    return type.cast(query);
  }

  /** A short description that never loads or prints the value, for example {@code "lazy"}. */
  final String describe() {
    RelationState current = state;
    if (current == null) {
      return "pending";
    }
    return switch (current) {
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
