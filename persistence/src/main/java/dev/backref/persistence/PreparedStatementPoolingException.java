package dev.backref.persistence;

import java.sql.SQLException;
import java.util.regex.Pattern;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * PostgreSQL refused a statement because the server-prepared statements of the JDBC connection
 * are not on the server connection it reached: {@code prepared statement "S_1" does not exist}
 * (SQLState 26000), {@code prepared statement "S_1" already exists} (42P05), or {@code bind message
 * supplies 1 parameters, but prepared statement "S_1" requires 2} (08P01: the name belongs to
 * another client's statement there). It means that a
 * pooler in front of PostgreSQL hands one client's statements to different server connections, or
 * one server connection to several clients: PgBouncer in transaction (or statement) pooling mode
 * while the PostgreSQL JDBC driver prepares statements on the server, which it does from the fifth
 * execution of a statement unless the JDBC URL says {@code prepareThreshold=0}. A configuration
 * error, not a passing failure: retrying may work or fail at random, and a statement may run
 * another client's statement of the same name, which fails in other ways or, where parameters and
 * columns happen to fit, returns that statement's rows without any error. Fix the URL (see the
 * README section "PgBouncer").
 *
 * <pre>{@code
 * jdbc:postgresql://pgbouncer:6432/blog?prepareThreshold=0
 * }</pre>
 *
 * <p>The cause is jOOQ's {@code DataAccessException} around the driver's {@link SQLException};
 * {@link #sqlState()} is the latter's state.
 */
public final class PreparedStatementPoolingException extends BackrefException {

  /** PostgreSQL's invalid_sql_statement_name: {@code prepared statement "S_1" does not exist}. */
  static final String DOES_NOT_EXIST = "26000";

  /** PostgreSQL's duplicate_prepared_statement: {@code prepared statement "S_1" already exists}. */
  static final String ALREADY_EXISTS = "42P05";

  /** PostgreSQL's protocol_violation: {@code bind message supplies 1 parameters, but prepared statement "S_1" requires 2}. */
  static final String PROTOCOL_VIOLATION = "08P01";

  /** A prepared statement named in a server message: a protocol-level one has a name, the unnamed one is {@code ""}. */
  private static final Pattern NAMED = Pattern.compile("prepared statement \"[^\"]+\"");

  private final String sqlState;

  private PreparedStatementPoolingException(SQLException sql, RuntimeException cause) {
    super(
        switch (sql.getSQLState()) {
              case ALREADY_EXISTS -> "The name of a server-prepared statement of this JDBC connection is taken";
              case PROTOCOL_VIOLATION -> "The name of a server-prepared statement of this JDBC connection belongs to another statement";
              default -> "A server-prepared statement of this JDBC connection is missing";
            }
            + " on the server connection it reached (SQLState " + sql.getSQLState() + ": " + firstLine(sql.getMessage()) + "). "
            + "A pooler in transaction pooling mode such as PgBouncer shares server connections between clients, and "
            + "server-prepared statements do not follow a client to another server connection: set prepareThreshold=0 in "
            + "the JDBC URL (or use PgBouncer 1.21 or newer with max_prepared_statements > 0); see the README section "
            + "'PgBouncer'.",
        cause);
    this.sqlState = sql.getSQLState();
  }

  /**
   * The SQLState PostgreSQL answered: {@code "26000"} (does not exist), {@code "42P05"} (already
   * exists) or {@code "08P01"} (another statement of that name).
   */
  public String sqlState() {
    return sqlState;
  }

  /**
   * {@code failure} as this exception if it is one of the refusals, else {@code failure} itself.
   * Narrow on purpose: 42P05, and 26000 or 08P01 only when the message names a prepared statement
   * (those states also cover other invalid names and other protocol violations).
   */
  static RuntimeException translate(RuntimeException failure) {
    if (failure == null || failure instanceof PreparedStatementPoolingException) {
      return failure;
    }
    SQLException sql = refusal(failure);
    return sql == null ? failure : new PreparedStatementPoolingException(sql, failure);
  }

  /** The driver's refusal in {@code failure}'s causes, or null. */
  private static SQLException refusal(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        String message = sql.getMessage();
        if (ALREADY_EXISTS.equals(state)
            || ((DOES_NOT_EXIST.equals(state) || PROTOCOL_VIOLATION.equals(state)) && message != null && NAMED.matcher(message).find())) {
          return sql;
        }
      }
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  /**
   * Translates in the one place every statement backref sends passes through: jOOQ's execution of
   * it. Registered on every jOOQ configuration {@link Backref} builds.
   */
  static final class Listener implements ExecuteListener {

    static final Listener INSTANCE = new Listener();

    private Listener() {}

    @Override
    public void exception(ExecuteContext ctx) {
      RuntimeException translated = translate(ctx.exception());
      if (translated != ctx.exception()) {
        ctx.exception(translated);
      }
    }
  }
}
