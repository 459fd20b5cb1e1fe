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

  private ToOne(RelationState state, Object content) {
    super(state, content);
  }

  /** A loaded relation to {@code target}. */
  public static <T> ToOne<T> loaded(T target) {
    return new ToOne<>(RelationState.LOADED, Objects.requireNonNull(target, "target"));
  }

  /** A relation that was not loaded; reading it throws with {@code hint}, which says how to load it. */
  public static <T> ToOne<T> notLoaded(String hint) {
    return new ToOne<>(RelationState.NOT_LOADED, Objects.requireNonNull(hint, "hint"));
  }

  /** A relation loaded by {@code loader} on first access, once. */
  public static <T> ToOne<T> lazy(Loader<? extends T> loader) {
    return new ToOne<>(RelationState.LAZY, Objects.requireNonNull(loader, "loader"));
  }

  /**
   * A pending relation, completed exactly once by the loader that builds the graph, before it
   * publishes it (see {@link ToMany#pending()}).
   *
   * <pre>{@code
   * ToOne<User> author = ToOne.pending();
   * Post post = Post.of(7, 42, "Hi", "...", now, 0, author);
   * author.completeLoaded(alice);
   * }</pre>
   */
  public static <T> ToOne<T> pending() {
    return new ToOne<>(null, null);
  }

  /**
   * Completes a pending relation as loaded with {@code target}.
   *
   * @throws IllegalStateException if the relation is not pending
   * @throws IllegalArgumentException if the owner refuses the target (a post's author of another id)
   */
  public void completeLoaded(T target) {
    completeLoadedValue(target);
  }

  /**
   * Completes a pending relation as not loaded, with {@code hint}.
   *
   * @throws IllegalStateException if the relation is not pending
   */
  public void completeNotLoaded(String hint) {
    completeNotLoadedHint(hint);
  }

  /**
   * Completes a pending relation as lazy, loaded by {@code loader}.
   *
   * @throws IllegalStateException if the relation is not pending
   */
  public void completeLazy(Loader<? extends T> loader) {
    completeLazyLoader(loader);
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
