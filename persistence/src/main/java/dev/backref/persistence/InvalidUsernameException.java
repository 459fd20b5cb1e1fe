package dev.backref.persistence;

/** The username given is not acceptable; see {@link InvalidInputException} for the value and reason. */
public final class InvalidUsernameException extends InvalidInputException {

  InvalidUsernameException(String value, String reason) {
    this(value, reason, null);
  }

  InvalidUsernameException(String value, String reason, Throwable cause) {
    super("username", value, reason, cause);
  }
}
