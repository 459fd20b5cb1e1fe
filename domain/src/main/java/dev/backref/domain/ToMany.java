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

  private ToMany(
      RelationState state, List<T> value, Loader<? extends List<T>> loader, String hint, Object query) {
    super(state, value, loader, hint, query);
  }

  /** A loaded relation holding a copy of {@code values}. */
  public static <T> ToMany<T> loaded(List<? extends T> values) {
    return new ToMany<>(RelationState.LOADED, List.copyOf(values), null, null, null);
  }

  /**
   * A relation that was not loaded; reading it throws a {@link RelationNotLoadedException} carrying
   * {@code hint}, which should say how to load it.
   */
  public static <T> ToMany<T> notLoaded(String hint) {
    return new ToMany<>(RelationState.NOT_LOADED, null, null, Objects.requireNonNull(hint, "hint"), null);
  }

  /** A relation loaded by {@code loader} on first access, once. */
  public static <T> ToMany<T> lazy(Loader<? extends List<T>> loader) {
    return new ToMany<>(RelationState.LAZY, null, Objects.requireNonNull(loader, "loader"), null, null);
  }

  /** A dynamic relation: {@link #query(Class)} returns {@code query}; the list is never loaded. */
  public static <T> ToMany<T> dynamic(Object query) {
    return new ToMany<>(RelationState.DYNAMIC, null, null, null, Objects.requireNonNull(query, "query"));
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
