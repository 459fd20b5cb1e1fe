package dev.backref.persistence;

/** The title given is not acceptable; see {@link InvalidInputException} for the value and reason. */
public final class InvalidTitleException extends InvalidInputException {

  InvalidTitleException(String value, String reason) {
    this(value, reason, null);
  }

  InvalidTitleException(String value, String reason, Throwable cause) {
    super("title", value, reason, cause);
  }
}
