package dev.backref.persistence;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A read could not reach the {@linkplain Backref.Builder#replica replica} and the {@code Backref}
 * was built with {@link OnReplicaFailure#FAIL}. Nothing was read; the cause is the driver's or the
 * pool's. Retry later, read from the primary with {@link Backref#primary()}, or build with {@link
 * OnReplicaFailure#READ_FROM_PRIMARY}.
 *
 * <pre>{@code
 * try {
 *   return backref.users().findAll(filter, FetchPolicy.SELECT_IN);
 * } catch (ReplicaUnavailableException e) {
 *   return backref.primary().users().findAll(filter, FetchPolicy.SELECT_IN);
 * }
 * }</pre>
 */
public final class ReplicaUnavailableException extends BackrefException {

  ReplicaUnavailableException(RuntimeException cause) {
    super("The read replica cannot be reached: " + rootMessage(cause)
        + " (read from the primary with Backref.primary(), or build with OnReplicaFailure.READ_FROM_PRIMARY)", cause);
  }

  /**
   * Whether {@code e} means the connection could not be had or was lost (SQLState class 08, a
   * server shutting down or terminating the session, 57P01 to 57P03, a pool that timed out, a
   * refused connection), as opposed to a statement the server refused.
   */
  static boolean isConnectionFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException || cause instanceof ConnectException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
        return true;
      }
    }
    return false;
  }
}
