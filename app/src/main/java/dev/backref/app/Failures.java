package dev.backref.app;

import dev.backref.domain.RelationNotLoadedException;
import dev.backref.persistence.BackrefException;
import dev.backref.persistence.DuplicateTagNameException;
import dev.backref.persistence.DuplicateUsernameException;
import dev.backref.persistence.InvalidInputException;
import dev.backref.persistence.NotFoundException;
import dev.backref.persistence.RelationLoadException;
import dev.backref.persistence.StaleVersionException;
import dev.backref.schema.MigrationException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.jooq.exception.DataAccessException;

/**
 * Maps exceptions to one-line messages and exit codes, for the command line and the HTTP API alike.
 *
 * <p>Failures of the database are told apart, in this order: {@link #isPoolExhausted} (the database
 * is up but every pooled connection is busy), {@link #isTimeout} (a statement or an answer took
 * longer than allowed) and {@link #isConnectionFailure} (the database cannot be reached). The first
 * two never overlap, and neither does pool exhaustion with a connection failure; a socket timeout
 * is also a connection failure (the driver closes the connection), so check {@link #isTimeout}
 * first. All three are exit code {@link ExitCodes#DATABASE_UNAVAILABLE} on the command line.
 */
final class Failures {

  /** PostgreSQL's query_canceled: what statement_timeout raises. */
  static final String QUERY_CANCELED = "57014";

  /** The start of HikariCP's message when no connection became free in time (HikariCP 7.1.0). */
  private static final String POOL_TIMEOUT = "Connection is not available, request timed out";

  private Failures() {}

  static int exitCode(Throwable e) {
    return switch (e) {
      case UsageException ignored -> ExitCodes.USAGE;
      case InvalidInputException ignored -> ExitCodes.INVALID_INPUT;
      case NotFoundException ignored -> ExitCodes.NOT_FOUND;
      case DuplicateUsernameException ignored -> ExitCodes.NAME_TAKEN;
      case DuplicateTagNameException ignored -> ExitCodes.NAME_TAKEN;
      case StaleVersionException ignored -> ExitCodes.STALE_VERSION;
      case DatabaseUnavailableException ignored -> ExitCodes.DATABASE_UNAVAILABLE;
      case MigrationException slow when isPoolExhausted(slow) || isTimeout(slow) -> ExitCodes.DATABASE_UNAVAILABLE;
      case MigrationException ignored -> ExitCodes.MIGRATION_FAILED;
      case GraphMismatchException ignored -> ExitCodes.GRAPH_MISMATCH;
      default ->
          isPoolExhausted(e) || isTimeout(e) || isConnectionFailure(e) ? ExitCodes.DATABASE_UNAVAILABLE : ExitCodes.INTERNAL;
    };
  }

  /** What to tell the user, on one line, without the timeouts in force ("did not answer in time"). */
  static String message(Throwable e) {
    return message(e, null, null);
  }

  /**
   * What to tell the user, on one line, naming the limit that was reached: {@code "database did not
   * answer within 5s (--db-timeout): canceling statement due to statement timeout"}.
   *
   * @param timeouts the timeouts of the database the failure comes from, or null if unknown
   * @param statementOption the option that set {@code timeouts.statement()}, such as {@code --db-timeout}
   */
  static String message(Throwable e, Database.Timeouts timeouts, String statementOption) {
    String message =
        switch (e) {
          case RelationLoadException load when isPoolExhausted(load) || isTimeout(load) ->
              database(load, timeouts, statementOption);
          case BackrefException known -> known.getMessage();
          case UsageException known -> known.getMessage();
          case DatabaseUnavailableException known -> known.getMessage();
          case GraphMismatchException known -> known.getMessage();
          case MigrationException known when !isPoolExhausted(known) && !isTimeout(known) -> known.getMessage();
          case RelationNotLoadedException known -> known.getMessage();
          default -> {
            String database = database(e, timeouts, statementOption);
            yield database != null
                ? database
                : e instanceof DataAccessException
                    ? "database error: " + rootMessage(e) + " (--verbose shows details)"
                    : "internal error: " + e + " (--verbose shows the stack trace)";
          }
        };
    return oneLine(message);
  }

  /** The message of a database that is busy, slow or gone; null for other failures. */
  private static String database(Throwable e, Database.Timeouts timeouts, String statementOption) {
    if (isPoolExhausted(e)) {
      return "database busy: no connection of the pool was free"
          + (timeouts == null ? " in time" : " within " + Durations.format(timeouts.poolWait()) + " (" + BlogCommand.POOL_WAIT_OPTION + ")")
          + ": " + rootMessage(e);
    }
    if (isTimeout(e)) {
      if (timeouts == null) {
        return "database did not answer in time: " + firstLine(rootMessage(e));
      }
      String option = statementOption == null ? BlogCommand.TIMEOUT_OPTION : statementOption;
      boolean canceled = hasState(e, QUERY_CANCELED);
      return canceled
          ? "database did not answer within " + Durations.format(timeouts.statement()) + " (" + option + "): " + firstLine(rootMessage(e))
          : "database did not answer within " + Durations.format(timeouts.socket()) + " (" + option + " "
              + Durations.format(timeouts.statement()) + " + " + Durations.format(Database.Timeouts.ANSWER_MARGIN) + "): " + firstLine(rootMessage(e));
    }
    if (isConnectionFailure(e)) {
      return "database unavailable: " + rootMessage(e);
    }
    return null;
  }

  /**
   * Whether {@code e} means that every connection of the pool stayed busy for the pool's wait while
   * the database itself answers: HikariCP's {@link SQLTransientConnectionException} "Connection is
   * not available, request timed out after ...ms" with no cause. HikariCP (7.1.0, {@code
   * HikariPool.createTimeoutException}) makes its last failure to connect the cause, and forgets it
   * once a connection is made; with a cause, the database is unreachable ({@link
   * #isConnectionFailure}).
   */
  static boolean isPoolExhausted(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException pool && isPoolTimeout(pool)) {
        return pool.getCause() == null;
      }
    }
    return false;
  }

  /**
   * Whether {@code e} means the database did not answer in time on a working connection: the server
   * canceled a statement at {@code statement_timeout} (SQLState 57014, query_canceled), or the
   * driver gave up reading its answer at the socket timeout. Failures to get a connection (a full
   * pool, a timeout while connecting) are not: see {@link #isPoolExhausted} and {@link
   * #isConnectionFailure}.
   */
  static boolean isTimeout(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DatabaseUnavailableException
          || cause instanceof SQLTransientConnectionException pool && isPoolTimeout(pool)) {
        return false;
      }
      if (cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())) {
        return true;
      }
      if (cause instanceof SocketTimeoutException timeout
          && !String.valueOf(timeout.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code e} means the database could not be reached (as opposed to refusing a statement,
   * or being busy: a full pool is not a connection failure).
   */
  static boolean isConnectionFailure(Throwable e) {
    if (isPoolExhausted(e)) {
      return false;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DatabaseUnavailableException
          || cause instanceof SQLTransientConnectionException
          || cause instanceof SQLNonTransientConnectionException
          || cause instanceof ConnectException) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * What {@code blog serve} reports when it cannot listen on {@code host:port}: a usage error (exit
   * code {@link ExitCodes#USAGE}, the fix is another {@code --port} or {@code --host}) that says why
   * in one line, for example {@code "cannot listen on 127.0.0.1:8080: address already in use
   * (another program is using port 8080; choose another with --port)"}.
   *
   * @param e what binding threw: a {@link BindException}, an {@link UnknownHostException}, an
   *     {@link UnresolvedAddressException} or a {@link SocketException} "Unresolved address",
   *     possibly wrapped (as in an {@link java.io.UncheckedIOException})
   */
  static UsageException listenFailure(String host, int port, Throwable e) {
    String where = "cannot listen on " + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + ": ";
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
      if (cause instanceof BindException && text.contains("in use")) {
        return new UsageException(where + "address already in use (another program is using port " + port + "; choose another with --port)");
      }
      if (cause instanceof BindException && text.contains("assign")) {
        return new UsageException(where + host + " is not an address of this machine (choose one with --host, such as 127.0.0.1 or 0.0.0.0)");
      }
      if (cause instanceof BindException && text.contains("permission")) {
        return new UsageException(where + "permission denied (ports below 1024 need privileges; choose another with --port)");
      }
      if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException
          || cause instanceof SocketException && text.contains("unresolved")) {
        return new UsageException(where + "unknown host " + host + " (give an address of this machine with --host, such as 127.0.0.1)");
      }
    }
    return new UsageException(where + rootMessage(e));
  }

  /**
   * The message of the deepest cause: the driver's words rather than jOOQ's rendering with the SQL.
   * An unknown host says so: its own message is the bare host name.
   */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof UnknownHostException) {
      return "unknown host " + root.getMessage();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** The server's message without its detail lines ("Where: while updating tuple (0,3) in relation ..."). */
  private static String firstLine(String message) {
    return message.lines().findFirst().orElse(message).strip();
  }

  private static boolean isPoolTimeout(SQLTransientConnectionException e) {
    return e.getMessage() != null && e.getMessage().contains(POOL_TIMEOUT);
  }

  private static boolean hasState(Throwable e, String state) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && state.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
