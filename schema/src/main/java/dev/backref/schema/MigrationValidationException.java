package dev.backref.schema;

import java.util.List;

/**
 * Applied migrations no longer match their scripts, for example because a released migration
 * was edited. Released migrations must never change: add a new migration instead.
 */
public final class MigrationValidationException extends MigrationException {

  private final List<String> problems;

  MigrationValidationException(String message, List<String> problems, Throwable cause) {
    super(message, cause);
    this.problems = List.copyOf(problems);
  }

  /** One line per mismatching migration; never empty. */
  public List<String> problems() {
    return problems;
  }
}
