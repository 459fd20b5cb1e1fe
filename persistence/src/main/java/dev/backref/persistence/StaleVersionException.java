package dev.backref.persistence;

/**
 * An update named the version it read, and the row has changed since: somebody else wrote first.
 * Nothing was changed. Reload, reapply the change, and try again with the new version.
 *
 * <pre>{@code
 * User read = users.getById(1, FetchPolicy.NONE);
 * users.rename(read.id(), read.version(), "bob");   // succeeds, version + 1
 * users.rename(read.id(), read.version(), "carol"); // StaleVersionException
 * }</pre>
 */
public final class StaleVersionException extends BackrefException {

  private final String entity;
  private final long id;
  private final long expectedVersion;
  private final long actualVersion;

  StaleVersionException(String entity, long id, long expectedVersion, long actualVersion) {
    super(
        "Stale version: "
            + entity
            + "#"
            + id
            + " was read at version "
            + expectedVersion
            + " but is now at version "
            + actualVersion);
    this.entity = entity;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  /** {@code "User"}, {@code "Post"} or {@code "Tag"}. */
  public String entity() {
    return entity;
  }

  /** The id of the row. */
  public long id() {
    return id;
  }

  /** The version the caller read. */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** The version the row has now. */
  public long actualVersion() {
    return actualVersion;
  }
}
