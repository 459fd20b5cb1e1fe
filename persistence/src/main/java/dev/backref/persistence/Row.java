package dev.backref.persistence;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Record;

/**
 * The current row of a result, read by column position (1-based, as in JDBC), with one row of
 * look-ahead: {@link #onRow()} says whether the cursor stands on a row not yet consumed. Three kinds
 * exist: a JDBC result set ({@link Rows.Cursor}, no jOOQ record per row), the nested rows of a
 * MULTISET column ({@link JsonRows}), and jOOQ records ({@link Records}), for a relation query's
 * stream. The mappings read them all the same way.
 */
abstract class Row {

  abstract boolean onRow();

  abstract void advance() throws SQLException;

  abstract long getLong(int column) throws SQLException;

  /** Whether the column read last was SQL {@code NULL}. */
  abstract boolean wasNull() throws SQLException;

  abstract String getString(int column) throws SQLException;

  abstract Instant getInstant(int column) throws SQLException;

  /** The nested rows of a MULTISET column: JSON text, read by {@link JsonRows}. */
  abstract Row nested(int column) throws SQLException;

  static Instant instant(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }

  /** Rows of jOOQ records: a fetched result, or the nested result of a MULTISET column. */
  static final class Records extends Row {
    private final java.util.Iterator<? extends Record> records;
    private Record current;
    private boolean wasNull;

    Records(List<? extends Record> records) {
      this(records.iterator());
    }

    /** Over a lazily fetched jOOQ cursor, for streams. */
    Records(java.util.Iterator<? extends Record> records) {
      this.records = records;
      advance();
    }

    @Override
    boolean onRow() {
      return current != null;
    }

    @Override
    void advance() {
      current = records.hasNext() ? records.next() : null;
    }

    @Override
    long getLong(int column) {
      Object value = current.get(column - 1);
      wasNull = value == null;
      return value == null ? 0 : ((Number) value).longValue();
    }

    @Override
    boolean wasNull() {
      return wasNull;
    }

    @Override
    String getString(int column) {
      Object value = current.get(column - 1);
      return value == null || value instanceof String ? (String) value : current.get(column - 1, String.class);
    }

    @Override
    Instant getInstant(int column) {
      Object value = current.get(column - 1);
      return value == null || value instanceof Instant ? (Instant) value : current.get(column - 1, Instant.class);
    }

    @Override
    Row nested(int column) {
      Object value = current.get(column - 1);
      return JsonRows.of(value == null ? null : value.toString());
    }
  }
}
