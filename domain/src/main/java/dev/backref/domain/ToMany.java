package dev.backref.domain;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The many side of a relation, such as {@link User#posts()}: loaded, not loaded, lazily loadable
 * or dynamic (see {@link RelationState}). Never {@code null}.
 *
 * <pre>{@code
 * ToMany<Post> posts = user.posts();
 * if (posts.isLoaded()) {
 *   for (Post post : posts) { ... }          // iterates the loaded list
 * }
 * List<Post> list = posts.get();             // loads a LAZY relation once; throws if NOT_LOADED
 * }</pre>
 *
 * <p>A loaded list is immutable and ordered as its loader documents (posts: by {@code created_at},
 * then {@code id}). {@code equals} and {@code hashCode} are identity-based: a relation is a handle,
 * not a value; compare {@code get()} results to compare contents. {@code toString} never loads and
 * never prints the elements. Thread-safe: a lazy relation loads exactly once even when many threads
 * read it at the same time.
 *
 * @param <T> the element type
 */
public final class ToMany<T> extends Relation<List<T>> implements Iterable<T> {

  private ToMany(RelationState state, Object content) {
    super(state, content);
  }

  /** A loaded relation holding a copy of {@code values}. */
  public static <T> ToMany<T> loaded(List<? extends T> values) {
    return new ToMany<>(RelationState.LOADED, List.copyOf(values));
  }

  /**
   * A relation that was not loaded; reading it throws a {@link RelationNotLoadedException} carrying
   * {@code hint}, which should say how to load it.
   */
  public static <T> ToMany<T> notLoaded(String hint) {
    return new ToMany<>(RelationState.NOT_LOADED, Objects.requireNonNull(hint, "hint"));
  }

  /** A relation loaded by {@code loader} on first access, once. */
  public static <T> ToMany<T> lazy(Loader<? extends List<T>> loader) {
    return new ToMany<>(RelationState.LAZY, Objects.requireNonNull(loader, "loader"));
  }

  /** A dynamic relation: {@link #query(Class)} returns {@code query}; the list is never loaded. */
  public static <T> ToMany<T> dynamic(Object query) {
    return new ToMany<>(RelationState.DYNAMIC, Objects.requireNonNull(query, "query"));
  }

  /**
   * A pending relation, for loaders that build graphs with cycles: hand it to the owner's
   * constructor, then complete it exactly once with one of the {@code complete...} methods
   * before the graph is published. Until then it reports {@link RelationState#NOT_LOADED} and
   * reading it throws {@link IllegalStateException}.
   *
   * <pre>{@code
   * ToMany<Tag> tags = ToMany.pending();
   * Post post = Post.of(7, 42, "Hi", "...", now, 0, ToOne.loaded(author), tags);
   * Tag java = Tag.of(3, "java", now, 0, ToMany.loaded(List.of(post)));
   * tags.completeLoaded(List.of(java));         // post.tags() contains java, java.posts() contains post
   * }</pre>
   *
   * <p>Completing is not synchronized: complete a relation from the thread that builds the graph,
   * before any other thread can see it.
   */
  public static <T> ToMany<T> pending() {
    return new ToMany<>(null, null);
  }

  /**
   * Completes a {@linkplain #pending() pending} relation as loaded with a copy of {@code values}.
   *
   * @throws IllegalStateException if the relation is not pending
   * @throws IllegalArgumentException if the owner refuses a value (a post of another user)
   */
  public void completeLoaded(List<? extends T> values) {
    completeLoadedValue(List.copyOf(values));
  }

  /**
   * Completes a {@linkplain #pending() pending} relation as not loaded, with {@code hint}.
   *
   * @throws IllegalStateException if the relation is not pending
   */
  public void completeNotLoaded(String hint) {
    completeNotLoadedHint(hint);
  }

  /**
   * Completes a {@linkplain #pending() pending} relation as lazy, loaded by {@code loader}.
   *
   * @throws IllegalStateException if the relation is not pending
   */
  public void completeLazy(Loader<? extends List<T>> loader) {
    completeLazyLoader(loader);
  }

  /**
   * Completes a {@linkplain #pending() pending} relation as dynamic, queried through {@code query}.
   *
   * @throws IllegalStateException if the relation is not pending
   */
  public void completeDynamic(Object query) {
    completeDynamicQuery(query);
  }

  /**
   * The loaded elements, loading them first if the relation is {@link RelationState#LAZY}.
   *
   * @return an immutable list, never {@code null}
   * @throws RelationNotLoadedException if the relation is {@link RelationState#NOT_LOADED} or
   *     {@link RelationState#DYNAMIC}
   */
  public List<T> get() {
    return resolve();
  }

  /** {@code get().iterator()}. */
  @Override
  public Iterator<T> iterator() {
    return get().iterator();
  }

  /** {@code get().stream()}. */
  public Stream<T> stream() {
    return get().stream();
  }

  /** {@code get().size()}. */
  public int size() {
    return get().size();
  }

  /** {@code get().isEmpty()}. */
  public boolean isEmpty() {
    return get().isEmpty();
  }

  /** {@code get().contains(element)}. */
  public boolean contains(Object element) {
    return get().contains(element);
  }

  /**
   * The query object of a {@link RelationState#DYNAMIC} relation, for example the persistence
   * module's {@code PostQuery}.
   *
   * @throws IllegalStateException if the relation is not dynamic
   * @throws IllegalArgumentException if the query is not a {@code type}
   */
  public <Q> Q query(Class<Q> type) {
    return queryAs(type);
  }

  @Override
  List<T> accept(List<T> loaded) {
    return List.copyOf(loaded);
  }

  @Override
  public String toString() {
    List<T> value = valueIfLoaded();
    return name() + "<" + (value == null ? describe() : value.size() + " loaded") + ">";
  }
}
