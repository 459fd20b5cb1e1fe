package dev.backref.domain;

/**
 * Loads the value of a {@link RelationState#LAZY} relation. Called at most once per successful
 * load, under the relation's lock; may throw an unchecked exception, after which the relation
 * stays lazy and the next access tries again.
 *
 * <pre>{@code
 * ToOne<User> author = ToOne.lazy(() -> loadUser(authorId));
 * }</pre>
 *
 * @param <T> the loaded value
 */
@FunctionalInterface
public interface Loader<T> {

  /** Loads the value; never returns {@code null}. */
  T load();
}
