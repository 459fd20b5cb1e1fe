package dev.backref.app;

/**
 * The exit codes of the {@code blog} command, one per kind of failure so that scripts can react.
 *
 * <pre>{@code
 * blog users show alice || [ $? -eq 4 ] && echo "no such user"
 * }</pre>
 */
public final class ExitCodes {

  /** The command did what it was asked. */
  public static final int OK = 0;
  /** A bug or an unexpected database error; {@code --verbose} shows the stack trace. */
  public static final int INTERNAL = 1;
  /** Unknown command or option, missing or malformed argument, unknown fetch policy, a fetch plan that cannot be honoured. */
  public static final int USAGE = 2;
  /** A username, title, content or tag name that the library refuses (blank, too long, NUL characters). */
  public static final int INVALID_INPUT = 3;
  /** No such user, post or tag. */
  public static final int NOT_FOUND = 4;
  /** The username or tag name is taken (both are unique regardless of case). */
  public static final int NAME_TAKEN = 5;
  /** The row changed since the version given: reload and try again. */
  public static final int STALE_VERSION = 6;
  /** The database cannot be reached, or the embedded one cannot start (for example its data directory is in use). */
  public static final int DATABASE_UNAVAILABLE = 7;
  /** A migration failed, or applied migrations no longer match their scripts. */
  public static final int MIGRATION_FAILED = 8;
  /** {@code demo}: the fetch policies did not all return the same graph. */
  public static final int GRAPH_MISMATCH = 9;

  private ExitCodes() {}
}
