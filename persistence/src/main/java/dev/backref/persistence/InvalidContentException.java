package dev.backref.persistence;

/** The content given is not acceptable; see {@link InvalidInputException} for the value and reason. */
public final class InvalidContentException extends InvalidInputException {

  InvalidContentException(String value, String reason) {
    this(value, reason, null);
  }

  InvalidContentException(String value, String reason, Throwable cause) {
    super("content", value, reason, cause);
  }
}
