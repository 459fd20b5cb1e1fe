package dev.backref.persistence;

/**
 * Another user already has this username, possibly with different case ({@code Alice} and {@code
 * alice} are the same). Raised whether the check happened before the insert or the database's
 * unique index caught a concurrent insert.
 *
 * <pre>{@code
 * users.create("alice");
 * users.create("ALICE"); // DuplicateUsernameException: Username 'ALICE' is taken
 * }</pre>
 */
public final class DuplicateUsernameException extends BackrefException {

  private final String username;

  DuplicateUsernameException(String username, Throwable cause) {
    super("Username '" + Validation.shown(username) + "' is taken (usernames are unique regardless of case)", cause);
    this.username = username;
  }

  /** The username that was refused. */
  public String username() {
    return username;
  }
}
