package dev.backref.schema;

/**
 * A migration could not be applied, or the database could not be reached. The failing migration
 * was rolled back; see {@link Migrations}.
 */
public final class MigrationFailedException extends MigrationException {

  MigrationFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
