package dev.backref.app;

/**
 * The database cannot be reached, or embedded PostgreSQL cannot start; exit code {@link
 * ExitCodes#DATABASE_UNAVAILABLE}.
 */
final class DatabaseUnavailableException extends RuntimeException {

  DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
