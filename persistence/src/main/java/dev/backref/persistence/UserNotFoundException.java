package dev.backref.persistence;

import java.util.Optional;

/**
 * No user has the given id or username.
 *
 * <pre>{@code
 * User user = users.getById(42, FetchPolicy.NONE); // throws UserNotFoundException: No user with id 42
 * }</pre>
 */
public final class UserNotFoundException extends NotFoundException {

  private final Long id;
  private final String username;

  private UserNotFoundException(String message, Long id, String username) {
    super(message);
    this.id = id;
    this.username = username;
  }

  static UserNotFoundException byId(long id) {
    return new UserNotFoundException("No user with id " + id, id, null);
  }

  static UserNotFoundException byUsername(String username) {
    return new UserNotFoundException("No user named '" + Validation.shown(username) + "'", null, username);
  }

  /** The id looked for, if the lookup was by id. */
  public Optional<Long> id() {
    return Optional.ofNullable(id);
  }

  /** The username looked for, if the lookup was by username. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }
}
