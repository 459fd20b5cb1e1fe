package dev.backref.persistence;

import java.util.Objects;

/**
 * A value was refused before any SQL was sent (or, as a last line, by a database constraint). The
 * subclass names the field; {@link #value()} is the offending value, {@link #reason()} why. In the
 * message, control and invisible characters of the value are written as escapes (<code>&#92;u001B</code>),
 * so that printing the message cannot colour a terminal or hide text; {@link #value()} is exact.
 *
 * <pre>{@code
 * try {
 *   users.create("  ");
 * } catch (InvalidUsernameException e) {
 *   e.reason(); // "must not be blank"
 * }
 * }</pre>
 */
public abstract sealed class InvalidInputException extends BackrefException
    permits InvalidUsernameException, InvalidTitleException, InvalidContentException, InvalidTagNameException {

  private final String field;
  private final String value;
  private final String reason;

  InvalidInputException(String field, String value, String reason, Throwable cause) {
    super("Invalid " + field + " " + quote(value) + ": " + reason, cause);
    this.field = Objects.requireNonNull(field);
    this.value = value;
    this.reason = Objects.requireNonNull(reason);
  }

  private static String quote(String value) {
    if (value == null) {
      return "(null)";
    }
    String shown = value.length() > 100 ? value.substring(0, 100) + "...(" + value.length() + " chars)" : value;
    return "'" + Validation.shown(shown) + "'";
  }

  /** The field, for example {@code "username"}. */
  public String field() {
    return field;
  }

  /** The refused value; may be {@code null} when null was the problem. */
  public String value() {
    return value;
  }

  /** Why it was refused, for example {@code "must not be blank"}. */
  public String reason() {
    return reason;
  }
}
