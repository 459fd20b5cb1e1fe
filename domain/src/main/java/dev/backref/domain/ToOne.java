package dev.backref.domain;

import java.util.Objects;

/**
 * The one side of a relation, such as {@link Post#authorRelation()}: loaded, not loaded or lazily
 * loadable (see {@link RelationState}). Never {@code null}, and never holds {@code null}.
 *
 * <pre>{@code
 * ToOne<User> author = post.authorRelation();
 * if (author.isLoaded()) {
 *   System.out.println(author.get().username());
 * }
 * }</pre>
 *
 * <p>{@code equals} and {@code hashCode} are identity-based; {@code toString} never loads and never
 * prints the target. Thread-safe: a lazy relation loads exactly once.
 *
 * @param <T> the target type
 */
public final class ToOne<T> extends Relation<T> {

  private ToOne(RelationState state, T value, Loader<? extends T> loader, String hint) {
    super(state, value, loader, hint, null);
  }

  /** A loaded relation to {@code target}. */
  public static <T> ToOne<T> loaded(T target) {
    return new ToOne<>(RelationState.LOADED, Objects.requireNonNull(target, "target"), null, null);
  }

  /** A relation that was not loaded; reading it throws with {@code hint}, which says how to load it. */
  public static <T> ToOne<T> notLoaded(String hint) {
    return new ToOne<>(RelationState.NOT_LOADED, null, null, Objects.requireNonNull(hint, "hint"));
  }

  /** A relation loaded by {@code loader} on first access, once. */
  public static <T> ToOne<T> lazy(Loader<? extends T> loader) {
    return new ToOne<>(RelationState.LAZY, null, Objects.requireNonNull(loader, "loader"), null);
  }

  /**
   * The target, loading it first if the relation is {@link RelationState#LAZY}.
   *
   * @throws RelationNotLoadedException if the relation is {@link RelationState#NOT_LOADED}
   */
  public T get() {
    return resolve();
  }

  @Override
  T accept(T loaded) {
    return loaded;
  }

  @Override
  public String toString() {
    return name() + "<" + describe() + ">";
  }
}
