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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and records every SQL statement executed through it: what tests use
 * to assert each fetch policy's exact statement count, and what the {@code blog --sql} option
 * prints. Counts statements as the JDBC driver sends them ({@code execute*} calls; a JDBC batch is
 * one statement); transaction control through {@code Connection} methods is not counted.
 *
 * <pre>{@code
 * StatementRecorder recorder = StatementRecorder.wrap(dataSource);
 * Backref backref = Backref.create(recorder.dataSource());
 * backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);
 * recorder.count();        // 2
 * recorder.statements();   // the SQL of both
 * }</pre>
 *
 * <p>Thread-safe: statements from all threads are recorded, in the order they ran.
 */
public final class StatementRecorder {

  private final DataSource target;
  private final DataSource proxy;
  private final ConcurrentLinkedQueue<String> statements = new ConcurrentLinkedQueue<>();
  private volatile Consumer<String> listener = sql -> {};

  private StatementRecorder(DataSource target) {
    this.target = Objects.requireNonNull(target, "dataSource");
    this.proxy = new RecordingDataSource();
  }

  /** A recorder around {@code dataSource}; use {@link #dataSource()} in its place. */
  public static StatementRecorder wrap(DataSource dataSource) {
    return new StatementRecorder(dataSource);
  }

  /** The recording data source. */
  public DataSource dataSource() {
    return proxy;
  }

  /** The number of statements recorded since creation or the last {@link #reset()}. */
  public int count() {
    return statements.size();
  }

  /** The SQL of the statements recorded since creation or the last {@link #reset()}, in order. */
  public List<String> statements() {
    return List.copyOf(new ArrayList<>(statements));
  }

  /** Forgets the recorded statements. */
  public void reset() {
    statements.clear();
  }

  /** Also calls {@code listener} with each statement's SQL as it is executed (for example to print it). */
  public void onStatement(Consumer<String> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  private void record(String sql) {
    statements.add(sql);
    listener.accept(sql);
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
          record((sql == null ? "batch" : sql) + " -- batch of " + batched);
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
