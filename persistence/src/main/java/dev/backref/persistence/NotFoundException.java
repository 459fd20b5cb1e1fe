package dev.backref.persistence;

/** A row that a call needs does not exist. */
public abstract sealed class NotFoundException extends BackrefException
    permits UserNotFoundException, PostNotFoundException, TagNotFoundException {

  NotFoundException(String message) {
    super(message);
  }
}
