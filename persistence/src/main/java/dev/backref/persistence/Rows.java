package dev.backref.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.ResultQuery;
import org.jooq.exception.DataAccessException;

/**
 * Runs a jOOQ-built query and reads its JDBC result set by column position: no {@code Record} is
 * built per row; the mapping code reads the columns it selected, in the order it selected them,
 * straight into the aggregates. A query is either executed by jOOQ (listeners, settings and error
 * translation apply), or, for a statement of a fixed shape, rendered by jOOQ once and then run as
 * SQL with its bind values on the same connection, failures reported as jOOQ reports them.
 */
final class Rows {

  private Rows() {}

  /** Reads the whole result set (the reader advances it) and returns how many rows it read. */
  @FunctionalInterface
  interface Reader {
    int read(Cursor cursor) throws SQLException;
  }

  /** Runs the query and reads it; returns the reader's count, unboxed. */
  static int read(ResultQuery<?> query, Reader reader) {
    try (Cursor cursor = open(query)) {
      return cursor.read(reader);
    }
  }

  /**
   * Runs SQL that jOOQ rendered earlier with {@code binds} on a connection of {@code dsl} (the
   * transaction's, if any), and reads it. Failures are reported as jOOQ reports its own: a {@link
   * DataAccessException} naming the SQL, translated by {@link PreparedStatementPoolingException}.
   */
  static int read(DSLContext dsl, String sql, Object[] binds, Reader reader) {
    return dsl.connectionResult(
        connection -> {
          try (PreparedStatement statement = prepare(connection, sql, binds);
              ResultSet rs = statement.executeQuery()) {
            return read(rs, sql, reader);
          } catch (SQLException e) {
            throw failure(sql, e);
          }
        });
  }

  /**
   * {@link #read(DSLContext, String, Object[], Reader)} for a write inside a transaction, between a
   * savepoint and its release sent in the same round trip ({@code savepoint ...; sql; release
   * savepoint ...}): if the statement is refused, only it is rolled back (one more round trip) and
   * the transaction stays usable.
   */
  static int readInSavepoint(DSLContext dsl, String sql, Object[] binds, Reader reader) {
    String guarded = "savepoint backref_write; " + sql + "; release savepoint backref_write";
    return dsl.connectionResult(
        connection -> {
          try (PreparedStatement statement = prepare(connection, guarded, binds)) {
            boolean results = statement.execute();
            while (!results) {
              if (statement.getUpdateCount() == -1) {
                throw new IllegalStateException("No result set from " + sql);
              }
              results = statement.getMoreResults();
            }
            int read;
            try (ResultSet rs = statement.getResultSet()) {
              read = read(rs, sql, reader);
            }
            while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
              // the release
            }
            return read;
          } catch (SQLException e) {
            try (java.sql.Statement rollback = connection.createStatement()) {
              rollback.execute("rollback to savepoint backref_write");
            } catch (SQLException suppressed) {
              e.addSuppressed(suppressed);
            }
            throw failure(sql, e);
          }
        });
  }

  /**
   * Statements rendered earlier, sent in one round trip ({@code sql1; sql2; ...} with their bind
   * values in order: pgjdbc sends them together and buffers every result before {@link #send}
   * returns), whose results are then read one by one, in order, each by the code that would
   * otherwise have run its statement. A result not read is skipped. Close it to free the results;
   * other statements may run on the connection meanwhile. Not thread-safe.
   */
  static final class Pipeline implements AutoCloseable {
    private final PreparedStatement statement;
    private final String[] sqls;
    private final int[] skippedRows;
    private int positioned;
    private boolean consumed;

    private Pipeline(PreparedStatement statement, String[] sqls) {
      this.statement = statement;
      this.sqls = sqls;
      this.skippedRows = new int[sqls.length];
    }

    /** Sends the statements and waits for all their results. */
    static Pipeline send(Connection connection, List<String> sqls, List<Object[]> binds) {
      String joined = String.join(";\n", sqls);
      List<Object> all = new ArrayList<>();
      for (Object[] values : binds) {
        all.addAll(Arrays.asList(values));
      }
      PreparedStatement statement = null;
      try {
        statement = prepare(connection, joined, all.toArray());
        statement.setFetchSize(0);
        statement.execute();
        return new Pipeline(statement, sqls.toArray(String[]::new));
      } catch (SQLException e) {
        close(statement, e);
        throw failure(joined, e);
      } catch (RuntimeException | Error e) {
        close(statement, e);
        throw e;
      }
    }

    /**
     * Reads the result of statement {@code index} (from 0), skipping those before it not read; each
     * result can be read once, in the order of the statements.
     */
    int read(int index, Reader reader) {
      String sql = sqls[index];
      try {
        moveTo(index);
        consumed = true;
        try (ResultSet rs = resultSet(index)) {
          return Rows.read(rs, sql, reader);
        }
      } catch (SQLException e) {
        throw failure(sql, e);
      }
    }

    /** How many rows statement {@code index} returned, whether read, skipped or still ahead. */
    int rows(int index) {
      if (index < positioned || (index == positioned && consumed)) {
        return skippedRows[index];
      }
      try {
        moveTo(index);
        consumed = true;
        return skippedRows[index] = count(resultSet(index));
      } catch (SQLException e) {
        throw failure(sqls[index], e);
      }
    }

    /** Moves to the result of statement {@code index}, counting the rows of those it passes unread. */
    private void moveTo(int index) throws SQLException {
      if (index < positioned || (index == positioned && consumed)) {
        throw new IllegalStateException("The result of statement " + index + " was passed already: " + sqls[index]);
      }
      while (positioned < index) {
        if (!consumed) {
          skippedRows[positioned] = count(resultSet(positioned));
        }
        positioned++;
        consumed = false;
        statement.getMoreResults();
      }
    }

    private ResultSet resultSet(int index) throws SQLException {
      ResultSet rs = statement.getResultSet();
      if (rs == null) {
        throw new IllegalStateException("No result set from " + sqls[index]);
      }
      return rs;
    }

    private static int count(ResultSet rs) throws SQLException {
      try (rs) {
        int rows = 0;
        while (rs.next()) {
          rows++;
        }
        return rows;
      }
    }

    @Override
    public void close() {
      try {
        statement.close();
      } catch (SQLException e) {
        throw failure(sqls[0], e);
      }
    }

    private static void close(PreparedStatement statement, Throwable cause) {
      if (statement != null) {
        try {
          statement.close();
        } catch (SQLException suppressed) {
          cause.addSuppressed(suppressed);
        }
      }
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object[] binds) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < binds.length; i++) {
        bind(connection, statement, i + 1, binds[i]);
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  private static int read(ResultSet rs, String sql, Reader reader) throws SQLException {
    Cursor cursor = new Cursor(rs, sql);
    cursor.advance();
    return cursor.read(reader);
  }

  /** A driver's failure as jOOQ reports its own, translated for a misconfigured pooler. */
  private static RuntimeException failure(String sql, SQLException e) {
    return PreparedStatementPoolingException.translate(new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e));
  }

  private static void bind(Connection connection, PreparedStatement statement, int index, Object value)
      throws SQLException {
    switch (value) {
      case Long number -> statement.setLong(index, number);
      case String text -> statement.setString(index, text);
      case Long[] numbers -> statement.setArray(index, connection.createArrayOf("int8", numbers));
      case String[] texts -> statement.setArray(index, connection.createArrayOf("text", texts));
      default -> throw new IllegalArgumentException("cannot bind a " + value.getClass().getName());
    }
  }

  /** Executes the query and opens its result set for reading; the caller closes the cursor. */
  static Cursor open(ResultQuery<?> query) {
    ResultSet rs = query.fetchResultSet();
    Cursor cursor = new Cursor(rs, query);
    try {
      cursor.advance();
      return cursor;
    } catch (SQLException | RuntimeException e) {
      try {
        rs.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e instanceof SQLException sql ? cursor.failure(sql) : (RuntimeException) e;
    }
  }

  /**
   * A result set with one row of look-ahead, so that rows grouped by an owner can be consumed
   * owner by owner: {@link #onRow()} says whether {@link #row()} is on a row not yet consumed.
   */
  static final class Cursor extends Row implements AutoCloseable {
    private final ResultSet rs;
    private final Object query;
    private boolean onRow;

    /** {@code query} names the statement in errors: a jOOQ query, or its SQL. */
    private Cursor(ResultSet rs, Object query) {
      this.rs = rs;
      this.query = query;
    }

    /** Runs a reader on this cursor, translating JDBC failures as jOOQ would. */
    int read(Reader reader) {
      try {
        return reader.read(this);
      } catch (SQLException e) {
        throw failure(e);
      } catch (UncheckedSql e) {
        throw failure(e.getCause());
      }
    }

    @Override
    boolean onRow() {
      return onRow;
    }

    ResultSet row() {
      return rs;
    }

    @Override
    void advance() throws SQLException {
      onRow = rs.next();
    }

    @Override
    long getLong(int column) throws SQLException {
      return rs.getLong(column);
    }

    @Override
    boolean wasNull() throws SQLException {
      return rs.wasNull();
    }

    @Override
    String getString(int column) throws SQLException {
      return rs.getString(column);
    }

    @Override
    java.time.Instant getInstant(int column) throws SQLException {
      return instant(rs.getObject(column, java.time.OffsetDateTime.class));
    }

    @Override
    Row nested(int column) throws SQLException {
      // The column's UTF-8 text as the driver received it: pgjdbc sends json as text and hands over
      // its bytes without decoding them into a String.
      return JsonRows.of(rs.getBytes(column));
    }

    @Override
    public void close() {
      try {
        rs.close();
      } catch (SQLException e) {
        throw failure(e);
      }
    }

    DataAccessException failure(SQLException e) {
      String sql = query instanceof ResultQuery<?> jooq ? jooq.getSQL() : query.toString();
      return new DataAccessException("Cannot read the result of " + sql + ": " + e.getMessage(), e);
    }
  }

  /** Carries a {@link SQLException} out of a callback that cannot declare it. */
  static final class UncheckedSql extends RuntimeException {
    UncheckedSql(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }
}
