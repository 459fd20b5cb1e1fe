package dev.backref.persistence;

/**
 * Base of the unchecked exceptions the repositories raise for conditions a caller can act on: a
 * missing row, invalid input, a duplicate username, a stale version, and a connection pooler that
 * the JDBC settings do not fit ({@link PreparedStatementPoolingException}). Infrastructure failures
 * (connection lost, database down) surface as jOOQ's {@link org.jooq.exception.DataAccessException}.
 *
 * <pre>{@code
 * try {
 *   users.create(name);
 * } catch (DuplicateUsernameException e) {
 *   System.err.println("taken: " + e.username());
 * }
 * }</pre>
 */
public abstract sealed class BackrefException extends RuntimeException
    permits NotFoundException,
        InvalidInputException,
        DuplicateUsernameException,
        DuplicateTagNameException,
        StaleVersionException,
        RelationLoadException,
        ReplicaUnavailableException,
        PreparedStatementPoolingException {

  BackrefException(String message) {
    super(message);
  }

  BackrefException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The message of the deepest cause: the driver's words rather than jOOQ's rendering with the SQL. */
  static String rootMessage(Throwable throwable) {
    Throwable root = throwable;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
