package dev.backref.persistence;

/** The tag name given is not acceptable; see {@link InvalidInputException} for the value and reason. */
public final class InvalidTagNameException extends InvalidInputException {

  InvalidTagNameException(String value, String reason) {
    this(value, reason, null);
  }

  InvalidTagNameException(String value, String reason, Throwable cause) {
    super("tag name", value, reason, cause);
  }
}
