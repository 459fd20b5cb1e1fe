package dev.backref.persistence;

/**
 * What a read does when the {@linkplain Backref.Builder#replica replica} it should go to cannot be
 * reached (refused, timed out, or the connection ended).
 *
 * <pre>{@code
 * Backref backref = Backref.builder(primary).replica(replicas, OnReplicaFailure.READ_FROM_PRIMARY).build();
 * }</pre>
 */
public enum OnReplicaFailure {
  /**
   * The read fails with a {@link ReplicaUnavailableException}. The default: a replica that goes
   * away does not silently move every read onto the primary, which may not be sized for them.
   */
  FAIL,
  /** The read runs again, whole, on the primary. */
  READ_FROM_PRIMARY
}
