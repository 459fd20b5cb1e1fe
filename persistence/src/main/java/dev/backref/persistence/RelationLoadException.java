package dev.backref.persistence;

/**
 * A {@link FetchPolicy#LAZY} or {@link FetchPolicy#BATCH} relation could not be loaded on first
 * access, typically because the database could no longer be reached. The relation stays lazy: a
 * later access tries again. The message names the relation and the underlying cause.
 *
 * <pre>{@code
 * try {
 *   user.posts().get();
 * } catch (RelationLoadException e) {
 *   // "Could not load User#42.posts lazily: FATAL: database "blog" does not exist"
 * }
 * }</pre>
 */
public final class RelationLoadException extends BackrefException {

  RelationLoadException(String relation, RuntimeException cause) {
    super("Could not load " + relation + " lazily: " + rootMessage(cause), cause);
  }

  /** Runs a deferred load, translating infrastructure failures; named errors pass unchanged. */
  static <T> T load(String relation, java.util.function.Supplier<T> loader) {
    try {
      return loader.get();
    } catch (BackrefException e) {
      throw e;
    } catch (org.jooq.exception.DataAccessException e) {
      throw new RelationLoadException(relation, e);
    }
  }
}
