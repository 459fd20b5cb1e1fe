package dev.backref.schema;

/**
 * Base of the unchecked exceptions raised by {@link Migrations}.
 *
 * <pre>{@code
 * try {
 *   Migrations.of(dataSource).migrate();
 * } catch (MigrationException e) {
 *   System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public sealed class MigrationException extends RuntimeException
    permits MigrationFailedException, MigrationValidationException {

  MigrationException(String message, Throwable cause) {
    super(message, cause);
  }
}
