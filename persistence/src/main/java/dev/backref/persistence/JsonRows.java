package dev.backref.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The nested rows of a {@link FetchPolicy#MULTISET} column, as PostgreSQL sends them: JSON text
 * holding an array with one array per row, each with the selected columns in order ({@code
 * json_agg(json_build_array(...))}). A row's values are located in the text and decoded only when
 * the mapping reads them: no tree, no copy of the text, nothing but the values themselves is
 * allocated. A nested MULTISET column is an array inside a row, read the same way.
 *
 * <p>Values are what {@code json_build_array} makes of the columns: numbers, strings, {@code null},
 * and timestamps as ISO 8601 strings with the session's offset ({@code
 * "2026-12-03T11:17:18.123456+00:00"}); {@code "infinity"} and {@code "-infinity"} read as pgjdbc
 * reads them.
 *
 * <p>Not thread-safe: one reader walks it once.
 */
final class JsonRows extends Row {

  private final String text;
  private final int end;
  private int position;
  private int[] starts = new int[8];
  private int columns;
  private boolean onRow;
  private boolean wasNull;

  private JsonRows(String text, int start, int end) {
    this.text = text;
    this.end = end;
    this.position = skipSpace(start);
    expect('[');
    position++;
    advance();
  }

  /** The rows of {@code json}; SQL {@code NULL} (an aggregate over no rows) has none. */
  static JsonRows of(String json) {
    return json == null ? empty() : new JsonRows(json, 0, json.length());
  }

  private static JsonRows empty() {
    return new JsonRows("[]", 0, 2);
  }

  @Override
  boolean onRow() {
    return onRow;
  }

  @Override
  void advance() {
    position = skipSpace(position);
    if (position < end && text.charAt(position) == ',') {
      position = skipSpace(position + 1);
    }
    if (position >= end) {
      throw malformed("the array ends early");
    }
    if (text.charAt(position) == ']') {
      onRow = false;
      return;
    }
    expect('[');
    position = skipSpace(position + 1);
    columns = 0;
    if (text.charAt(position) != ']') {
      while (true) {
        if (columns == starts.length) {
          starts = java.util.Arrays.copyOf(starts, columns * 2);
        }
        starts[columns++] = position;
        position = skipSpace(skipValue(position));
        char c = charAt(position);
        if (c == ']') {
          break;
        }
        if (c != ',') {
          throw malformed("expected ',' or ']'");
        }
        position = skipSpace(position + 1);
      }
    }
    position++;
    onRow = true;
  }

  @Override
  long getLong(int column) {
    int at = start(column);
    if (isNull(at)) {
      return 0;
    }
    boolean negative = text.charAt(at) == '-';
    int i = negative ? at + 1 : at;
    long value = 0;
    int digits = 0;
    for (; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      digits++;
    }
    if (digits == 0 || i < end && (text.charAt(i) == '.' || text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      throw malformed("not an integer at column " + column);
    }
    if (digits > 18) {
      try {
        return Long.parseLong(text, at, i, 10);
      } catch (NumberFormatException e) {
        throw malformed("an integer out of range at column " + column);
      }
    }
    return negative ? -value : value;
  }

  @Override
  boolean wasNull() {
    return wasNull;
  }

  @Override
  String getString(int column) {
    int at = start(column);
    if (isNull(at)) {
      return null;
    }
    if (text.charAt(at) != '"') {
      throw malformed("not a string at column " + column);
    }
    int from = at + 1;
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        return text.substring(from, i);
      }
      if (c == '\\') {
        return unescape(from);
      }
    }
    throw malformed("a string does not end");
  }

  @Override
  Instant getInstant(int column) {
    String value = getString(column);
    if (value == null) {
      return null;
    }
    Instant fast = Timestamps.parse(value);
    if (fast != null) {
      return fast;
    }
    return switch (value) {
      case "infinity" -> OffsetDateTime.MAX.toInstant();
      case "-infinity" -> OffsetDateTime.MIN.toInstant();
      default -> OffsetDateTime.parse(value).toInstant();
    };
  }

  @Override
  Row nested(int column) {
    int at = start(column);
    if (isNull(at)) {
      return empty();
    }
    return new JsonRows(text, at, skipValue(at));
  }

  private int start(int column) {
    if (!onRow) {
      throw new IllegalStateException("no current row");
    }
    if (column < 1 || column > columns) {
      throw malformed("a row has " + columns + " columns; column " + column + " was read");
    }
    return starts[column - 1];
  }

  private boolean isNull(int at) {
    wasNull = text.startsWith("null", at);
    return wasNull;
  }

  private String unescape(int from) {
    StringBuilder out = new StringBuilder(Math.min(64, end - from));
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char escaped = charAt(++i);
      switch (escaped) {
        case '"', '\\', '/' -> out.append(escaped);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 >= end) {
            throw malformed("a \\u escape ends early");
          }
          out.append((char) Integer.parseInt(text, i + 1, i + 5, 16));
          i += 4;
        }
        default -> throw malformed("unknown escape \\" + escaped);
      }
    }
    throw malformed("a string does not end");
  }

  /** The position just past the value starting at {@code at}. */
  private int skipValue(int at) {
    char c = charAt(at);
    if (c == '"') {
      return skipString(at);
    }
    if (c == '[' || c == '{') {
      int depth = 0;
      for (int i = at; i < end; i++) {
        char d = text.charAt(i);
        if (d == '"') {
          i = skipString(i) - 1;
        } else if (d == '[' || d == '{') {
          depth++;
        } else if ((d == ']' || d == '}') && --depth == 0) {
          return i + 1;
        }
      }
      throw malformed("an array does not end");
    }
    int i = at;
    while (i < end) {
      char d = text.charAt(i);
      if (d == ',' || d == ']' || d == '}' || d <= ' ') {
        break;
      }
      i++;
    }
    if (i == at) {
      throw malformed("a value is missing");
    }
    return i;
  }

  private int skipString(int at) {
    for (int i = at + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    throw malformed("a string does not end");
  }

  private int skipSpace(int at) {
    int i = at;
    while (i < end) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  private void expect(char expected) {
    if (charAt(position) != expected) {
      throw malformed("expected '" + expected + "'");
    }
  }

  private char charAt(int at) {
    if (at >= end) {
      throw malformed("the text ends early");
    }
    return text.charAt(at);
  }

  private IllegalStateException malformed(String problem) {
    int from = Math.max(0, position - 20);
    int to = Math.min(end, position + 20);
    return new IllegalStateException(
        "Cannot read the nested rows of a MULTISET column: " + problem + " near '" + text.substring(from, to) + "'");
  }

  /** ISO 8601 timestamps as PostgreSQL writes them in JSON, parsed without a formatter. */
  static final class Timestamps {

    private Timestamps() {}

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.fraction](+|-)HH:MM}; {@code null} for anything else (years past
     * 9999, offsets with seconds, infinity), which the caller hands to {@link OffsetDateTime#parse}.
     */
    static Instant parse(String s) {
      int n = s.length();
      if (n < 25 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
          || s.charAt(16) != ':') {
        return null;
      }
      int year = digits(s, 0, 4);
      int month = digits(s, 5, 2);
      int day = digits(s, 8, 2);
      int hour = digits(s, 11, 2);
      int minute = digits(s, 14, 2);
      int second = digits(s, 17, 2);
      if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 31
          || hour > 23 || minute > 59 || second > 59) {
        return null;
      }
      int i = 19;
      int nanos = 0;
      if (s.charAt(i) == '.') {
        int scale = 100_000_000;
        i++;
        int from = i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          if (i - from == 9) {
            return null;
          }
          nanos += (s.charAt(i) - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == from) {
          return null;
        }
      }
      if (n - i != 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
        return null;
      }
      int offsetHours = digits(s, i + 1, 2);
      int offsetMinutes = digits(s, i + 4, 2);
      if ((offsetHours | offsetMinutes) < 0 || offsetHours > 18 || offsetMinutes > 59) {
        return null;
      }
      int offset = (offsetHours * 3600 + offsetMinutes * 60) * (s.charAt(i) == '-' ? -1 : 1);
      if (day > lengthOfMonth(year, month)) {
        return null;
      }
      long epochDay = epochDay(year, month, day);
      return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offset, nanos);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (as {@code LocalDate.toEpochDay}). */
    private static long epochDay(int year, int month, int day) {
      long y = month <= 2 ? year - 1 : year;
      long era = Math.floorDiv(y, 400);
      long yearOfEra = y - era * 400;
      long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
      long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
      return era * 146_097 + dayOfEra - 719_468;
    }

    private static int lengthOfMonth(int year, int month) {
      return switch (month) {
        case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
        case 4, 6, 9, 11 -> 30;
        default -> 31;
      };
    }

    /** The non-negative number in {@code count} digits at {@code at}, or -1. */
    private static int digits(String s, int at, int count) {
      int value = 0;
      for (int i = at; i < at + count; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }
  }
}
