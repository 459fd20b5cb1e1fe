package dev.backref.app;

import dev.backref.domain.RelationNotLoadedException;
import dev.backref.persistence.BackrefException;
import dev.backref.persistence.DuplicateTagNameException;
import dev.backref.persistence.DuplicateUsernameException;
import dev.backref.persistence.InvalidInputException;
import dev.backref.persistence.NotFoundException;
import dev.backref.persistence.StaleVersionException;
import dev.backref.schema.MigrationException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;

/** Maps exceptions to one-line messages and exit codes, for the command line and the HTTP API alike. */
final class Failures {

  private Failures() {}

  static int exitCode(Throwable e) {
    return switch (e) {
      case UsageException ignored -> ExitCodes.USAGE;
      case InvalidInputException ignored -> ExitCodes.INVALID_INPUT;
      case NotFoundException ignored -> ExitCodes.NOT_FOUND;
      case DuplicateUsernameException ignored -> ExitCodes.NAME_TAKEN;
      case DuplicateTagNameException ignored -> ExitCodes.NAME_TAKEN;
      case StaleVersionException ignored -> ExitCodes.STALE_VERSION;
      case DatabaseUnavailableException ignored -> ExitCodes.DATABASE_UNAVAILABLE;
      case MigrationException ignored -> ExitCodes.MIGRATION_FAILED;
      case GraphMismatchException ignored -> ExitCodes.GRAPH_MISMATCH;
      default -> isConnectionFailure(e) ? ExitCodes.DATABASE_UNAVAILABLE : ExitCodes.INTERNAL;
    };
  }

  /** What to tell the user, on one line. */
  static String message(Throwable e) {
    String message =
        switch (e) {
          case BackrefException known -> known.getMessage();
          case UsageException known -> known.getMessage();
          case DatabaseUnavailableException known -> known.getMessage();
          case GraphMismatchException known -> known.getMessage();
          case MigrationException known -> known.getMessage();
          case RelationNotLoadedException known -> known.getMessage();
          default ->
              isConnectionFailure(e)
                  ? "database unavailable: " + rootMessage(e)
                  : e instanceof DataAccessException
                      ? "database error: " + rootMessage(e) + " (--verbose shows details)"
                      : "internal error: " + e + " (--verbose shows the stack trace)";
        };
    return oneLine(message);
  }

  /** Whether {@code e} means the database could not be reached (as opposed to refusing a statement). */
  static boolean isConnectionFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DatabaseUnavailableException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof ConnectException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The message of the deepest cause: the driver's words rather than jOOQ's rendering with the SQL.
   * An unknown host says so: its own message is the bare host name.
   */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof UnknownHostException) {
      return "unknown host " + root.getMessage();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
