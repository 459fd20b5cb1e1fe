package dev.backref.persistence;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and records every SQL statement executed through it: what tests use
 * to assert each fetch policy's exact statement count, and what the {@code blog --sql} option
 * prints. Counts the SQL statements the JDBC driver sends: each statement of an {@code execute*}
 * call, so that {@code "select ...; select ..."} counts two (sent in one round trip: {@link
 * #roundTrips()} counts one), and a JDBC batch counts one; transaction control through {@code
 * Connection} methods ({@code commit}, {@code setSavepoint}) is not SQL it sees, and is not counted.
 *
 * <pre>{@code
 * StatementRecorder recorder = StatementRecorder.wrap(dataSource);
 * Backref backref = Backref.create(recorder.dataSource());
 * backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);
 * recorder.count();        // 2
 * recorder.roundTrips();   // 2
 * recorder.statements();   // the SQL of both
 * try (var printing = recorder.onStatement(System.out::println)) {
 *   backref.users().findAll(UserFilter.all(), FetchPolicy.SUBQUERY);   // printed as they run
 * }
 * }</pre>
 *
 * <p><b>Bounded memory.</b> A test and diagnostics tool, safe to leave in a long-running process:
 * it counts every statement but keeps only the SQL of the most recent {@code capacity} ones
 * ({@value #DEFAULT_CAPACITY} unless {@link #wrap(DataSource, int)} says otherwise), so {@link
 * #statements()} returns at most that many. For statement counts and load times in production,
 * register a {@link BackrefListener} such as {@link MicrometerMetrics} instead: it keeps no SQL.
 *
 * <p>Thread-safe: statements from all threads are counted and kept in the order they ran. Arguments
 * must not be {@code null}.
 */
public final class StatementRecorder {

  /** How many SQL strings {@link #wrap(DataSource)} keeps: the most recent 1,000. */
  public static final int DEFAULT_CAPACITY = 1_000;

  private final DataSource target;
  private final DataSource proxy;
  private final int capacity;
  private final ArrayDeque<String> kept = new ArrayDeque<>();
  private long count;
  private long roundTrips;
  private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  private StatementRecorder(DataSource target, int capacity) {
    this.target = Objects.requireNonNull(target, "dataSource");
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
    }
    this.capacity = capacity;
    this.proxy = new RecordingDataSource();
  }

  /** A recorder around {@code dataSource} keeping the last {@value #DEFAULT_CAPACITY} statements' SQL; use {@link #dataSource()} in its place. */
  public static StatementRecorder wrap(DataSource dataSource) {
    return new StatementRecorder(dataSource, DEFAULT_CAPACITY);
  }

  /**
   * A recorder around {@code dataSource} keeping the SQL of the last {@code capacity} statements
   * (0: count only).
   *
   * @throws IllegalArgumentException if {@code capacity} is negative
   */
  public static StatementRecorder wrap(DataSource dataSource, int capacity) {
    return new StatementRecorder(dataSource, capacity);
  }

  /** The recording data source. */
  public DataSource dataSource() {
    return proxy;
  }

  /** How many statements' SQL {@link #statements()} keeps at most. */
  public int capacity() {
    return capacity;
  }

  /**
   * The number of statements executed since creation or the last {@link #reset()}, all of them,
   * not only those {@link #statements()} kept; {@link Integer#MAX_VALUE} once more than that ran.
   */
  public synchronized int count() {
    return (int) Math.min(count, Integer.MAX_VALUE);
  }

  /**
   * The number of {@code execute*} calls since creation or the last {@link #reset()}: the round
   * trips to the database for SQL, each of which may carry several statements ({@link #count()}
   * counts those); {@link Integer#MAX_VALUE} once more than that ran.
   */
  public synchronized int roundTrips() {
    return (int) Math.min(roundTrips, Integer.MAX_VALUE);
  }

  /**
   * The SQL of the most recent statements since creation or the last {@link #reset()}, oldest first:
   * all of them while {@link #count()} is at most {@link #capacity()}, else the last {@code
   * capacity()}. A copy; later statements do not change it.
   */
  public synchronized List<String> statements() {
    return List.copyOf(kept);
  }

  /** Forgets the counts and the kept statements. Listeners stay. */
  public synchronized void reset() {
    kept.clear();
    count = 0;
    roundTrips = 0;
  }

  /**
   * Also calls {@code listener} with each statement's SQL as it is executed (for example to print
   * it), on the thread executing it, before the statement reaches the database; listeners added
   * earlier are called first. Each call adds a listener; close the returned handle to remove it.
   * An exception thrown by a listener propagates to the code executing the statement, which then is
   * not sent.
   *
   * <pre>{@code
   * try (StatementRecorder.Registration printing = recorder.onStatement(sql -> log.println(sql + ";"))) {
   *   backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);
   * }
   * }</pre>
   */
  public Registration onStatement(Consumer<String> listener) {
    Objects.requireNonNull(listener, "listener");
    Consumer<String> registered = listener::accept;   // one entry per call, even for the same listener twice
    listeners.add(registered);
    return () -> listeners.remove(registered);
  }

  /** A listener added by {@link #onStatement}; {@link #close()} removes it (again: no effect). */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    /** Stops calling the listener for statements executed from now on. */
    @Override
    void close();
  }

  /** Records one {@code execute*} call: one round trip, with each of its statements. */
  private void record(String sql) {
    record(sql == null ? java.util.Collections.singletonList(null) : split(sql));
  }

  private void record(List<String> each) {
    synchronized (this) {
      roundTrips++;
      count += each.size();
      if (capacity > 0) {
        for (String statement : each) {
          if (kept.size() == capacity) {
            kept.removeFirst();
          }
          kept.addLast(statement);
        }
      }
    }
    for (String statement : each) {
      for (Consumer<String> listener : listeners) {
        listener.accept(statement);
      }
    }
  }

  /**
   * The statements of {@code sql}, split at the semicolons that end them as pgjdbc splits them
   * (outside parentheses, quotes, quoted identifiers, dollar quotes and comments), each trimmed;
   * pieces with nothing but comments and blanks are left out, unless nothing else is there (then the
   * whole text is one).
   */
  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>(1);
    int start = 0;
    int n = sql.length();
    int i = 0;
    int depth = 0;
    boolean content = false;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        i = lineEnd(sql, i);
        continue;
      }
      if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = commentEnd(sql, i);
        continue;
      }
      if (c == ';' && depth == 0) {
        if (content) {
          statements.add(sql.substring(start, i).strip());
        }
        start = ++i;
        content = false;
        continue;
      }
      content |= !Character.isWhitespace(c);
      switch (c) {
        case '\'' -> i = skipQuoted(sql, i, '\'', escapes(sql, i));
        case '"' -> i = skipQuoted(sql, i, '"', false);
        case '$' -> i = dollarQuoteEnd(sql, i);
        case '(' -> {
          depth++;
          i++;
        }
        case ')' -> {
          depth = Math.max(0, depth - 1);
          i++;
        }
        default -> i++;
      }
    }
    if (content) {
      statements.add(sql.substring(start).strip());
    }
    if (statements.isEmpty()) {
      statements.add(sql);
    }
    return statements;
  }

  /** Whether the string literal at {@code quote} is {@code E'...'}, where a backslash escapes. */
  private static boolean escapes(String sql, int quote) {
    return quote > 0
        && (sql.charAt(quote - 1) == 'E' || sql.charAt(quote - 1) == 'e')
        && (quote == 1 || !isIdentifierPart(sql.charAt(quote - 2)));
  }

  /** The index after the literal or identifier opened at {@code open}; a doubled quote is part of it. */
  private static int skipQuoted(String sql, int open, char quote, boolean backslash) {
    int i = open + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslash && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  /** The index after the line comment at {@code from}: PostgreSQL ends it at a newline or a carriage return. */
  private static int lineEnd(String sql, int from) {
    for (int i = from; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\n' || c == '\r') {
        return i + 1;
      }
    }
    return sql.length();
  }

  /** The index after the block comment opened at {@code open}; block comments nest in PostgreSQL. */
  private static int commentEnd(String sql, int open) {
    int depth = 0;
    int i = open;
    while (i < sql.length()) {
      if (sql.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (sql.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  /**
   * The index after the dollar-quoted string opened at {@code dollar} ({@code $$...$$}, {@code
   * $tag$...$tag$}), or after the {@code $} if none opens there (a parameter such as {@code $1}).
   */
  private static int dollarQuoteEnd(String sql, int dollar) {
    if (dollar > 0 && isIdentifierPart(sql.charAt(dollar - 1))) {
      return dollar + 1;
    }
    int i = dollar + 1;
    if (i < sql.length() && sql.charAt(i) != '$' && !Character.isLetter(sql.charAt(i)) && sql.charAt(i) != '_') {
      return dollar + 1;
    }
    while (i < sql.length() && sql.charAt(i) != '$') {
      if (!isIdentifierPart(sql.charAt(i))) {
        return dollar + 1;
      }
      i++;
    }
    if (i == sql.length()) {
      return dollar + 1;
    }
    String tag = sql.substring(dollar, i + 1);
    int close = sql.indexOf(tag, i + 1);
    return close < 0 ? sql.length() : close + tag.length();
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private final class RecordingDataSource implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return connection(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return connection(target.getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return type.isInstance(target) ? type.cast(target) : target.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return type.isInstance(target) || target.isWrapperFor(type);
    }
  }

  private Connection connection(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Handler(connection, null));
  }

  private final class Handler implements InvocationHandler {
    private final Object target;
    private final String sql;
    private int batched;

    Handler(Object target, String sql) {
      this.target = target;
      this.sql = sql;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      if (target instanceof Statement) {
        if (name.equals("addBatch")) {
          batched++;
        } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
          record(List.of((sql == null ? "batch" : sql) + " -- batch of " + batched));
          batched = 0;
        } else if (name.startsWith("execute")) {
          record(args != null && args.length > 0 && args[0] instanceof String text ? text : sql);
        }
      }
      Object result;
      try {
        result = method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
      if (target instanceof Connection && result != null) {
        if (result instanceof CallableStatement) {
          return wrapStatement(CallableStatement.class, result, (String) args[0]);
        } else if (result instanceof PreparedStatement) {
          return wrapStatement(PreparedStatement.class, result, (String) args[0]);
        } else if (result instanceof Statement) {
          return wrapStatement(Statement.class, result, null);
        }
      }
      return result;
    }
  }

  private Object wrapStatement(Class<?> type, Object statement, String sql) {
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Handler(statement, sql));
  }
}
