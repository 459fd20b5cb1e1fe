package dev.backref.persistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;

/**
 * The nested rows of a {@link FetchPolicy#MULTISET} column, as PostgreSQL sends them: JSON text
 * holding an array with one array per row, each with the selected columns in order ({@code
 * json_agg(json_build_array(...))}). A row's values are located in the text and decoded only when
 * the mapping reads them: the UTF-8 bytes the driver received are scanned as they are, with no
 * tree and no decoded copy of the whole text; only the values themselves are allocated. A nested MULTISET column is an array inside a row, read the same way.
 *
 * <p>Values are what {@code json_build_array} makes of the columns: numbers, strings, {@code null},
 * and timestamps as ISO 8601 strings with the session's offset ({@code
 * "2026-12-03T11:17:18.123456+00:00"}); {@code "infinity"} and {@code "-infinity"} read as pgjdbc
 * reads them.
 *
 * <p>Not thread-safe: one reader walks it once.
 */
final class JsonRows extends Row {

  private static final byte[] EMPTY = {'[', ']'};

  private final byte[] text;
  private final int end;
  private int position;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private boolean[] escaped = new boolean[8];
  private int columns;
  private boolean onRow;
  private boolean wasNull;

  private JsonRows(byte[] text, int start, int end) {
    this.text = text;
    this.end = end;
    this.position = skipSpace(start);
    expect('[');
    position++;
    advance();
  }

  /**
   * The rows of the UTF-8 JSON text {@code json}, which the reader keeps and never changes; SQL
   * {@code NULL} (an aggregate over no rows) has none.
   */
  static JsonRows of(byte[] json) {
    return json == null ? new JsonRows(EMPTY, 0, 2) : new JsonRows(json, 0, json.length);
  }

  /** The rows of {@code json}; null has none. */
  static JsonRows of(String json) {
    return of(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  boolean onRow() {
    return onRow;
  }

  @Override
  void advance() {
    position = skipSpace(position);
    if (position < end && text[position] == ',') {
      position = skipSpace(position + 1);
    }
    if (position >= end) {
      throw malformed("the array ends early");
    }
    if (text[position] == ']') {
      onRow = false;
      return;
    }
    expect('[');
    position = skipSpace(position + 1);
    columns = 0;
    if (charAt(position) != ']') {
      while (true) {
        if (columns == starts.length) {
          starts = Arrays.copyOf(starts, columns * 2);
          ends = Arrays.copyOf(ends, columns * 2);
          escaped = Arrays.copyOf(escaped, columns * 2);
        }
        starts[columns] = position;
        position = skipValue(position, columns);
        ends[columns++] = position;
        position = skipSpace(position);
        byte c = charAt(position);
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
    int to = ends[column - 1];
    boolean negative = text[at] == '-';
    int i = negative ? at + 1 : at;
    if (i == to || to - i > 18) {
      return parseLong(at, to, column);
    }
    long value = 0;
    for (; i < to; i++) {
      int digit = text[i] - '0';
      if (digit < 0 || digit > 9) {
        throw malformed("not an integer at column " + column);
      }
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private long parseLong(int at, int to, int column) {
    try {
      return Long.parseLong(new String(text, at, to - at, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      throw malformed("not an integer in range at column " + column);
    }
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
    if (text[at] != '"') {
      throw malformed("not a string at column " + column);
    }
    int from = at + 1;
    int to = ends[column - 1] - 1;
    String raw = new String(text, from, to - from, StandardCharsets.UTF_8);
    return escaped[column - 1] ? unescape(raw) : raw;
  }

  @Override
  Instant getInstant(int column) {
    int at = start(column);
    if (isNull(at)) {
      return null;
    }
    if (text[at] != '"') {
      throw malformed("not a timestamp at column " + column);
    }
    Instant fast = escaped[column - 1] ? null : Timestamps.parse(text, at + 1, ends[column - 1] - 1);
    if (fast != null) {
      return fast;
    }
    return Timestamps.parseUnusual(getString(column));
  }

  @Override
  Row nested(int column) {
    int at = start(column);
    if (isNull(at)) {
      return new JsonRows(EMPTY, 0, 2);
    }
    return new JsonRows(text, at, ends[column - 1]);
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
    wasNull = text[at] == 'n';
    return wasNull;
  }

  private String unescape(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == raw.length()) {
        throw malformed("a string ends inside an escape");
      }
      char escape = raw.charAt(i);
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 >= raw.length()) {
            throw malformed("a \\u escape ends early");
          }
          out.append((char) Integer.parseInt(raw, i + 1, i + 5, 16));
          i += 4;
        }
        default -> throw malformed("unknown escape \\" + escape);
      }
    }
    return out.toString();
  }

  /** The position just past the value starting at {@code at}; notes whether a string holds escapes. */
  private int skipValue(int at, int column) {
    byte c = charAt(at);
    if (c == '"') {
      return skipString(at, column);
    }
    if (c == '[' || c == '{') {
      int depth = 0;
      for (int i = at; i < end; i++) {
        byte d = text[i];
        if (d == '"') {
          i = skipString(i, -1) - 1;
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
      byte d = text[i];
      if (d == ',' || d == ']' || d == '}' || d == ' ' || d == '\n' || d == '\r' || d == '\t') {
        break;
      }
      i++;
    }
    if (i == at) {
      throw malformed("a value is missing");
    }
    return i;
  }

  /**
   * The position past the string starting at {@code at}. UTF-8 never uses the bytes of {@code "}
   * or a backslash inside a multi-byte character, so the bytes can be scanned as they are.
   */
  private int skipString(int at, int column) {
    boolean escapes = false;
    for (int i = at + 1; i < end; i++) {
      byte c = text[i];
      if (c == '\\') {
        escapes = true;
        i++;
      } else if (c == '"') {
        if (column >= 0) {
          escaped[column] = escapes;
        }
        return i + 1;
      }
    }
    throw malformed("a string does not end");
  }

  private int skipSpace(int at) {
    int i = at;
    while (i < end) {
      byte c = text[i];
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

  private byte charAt(int at) {
    if (at >= end) {
      throw malformed("the text ends early");
    }
    return text[at];
  }

  private IllegalStateException malformed(String problem) {
    int from = Math.max(0, Math.min(position, end) - 20);
    int to = Math.min(end, position + 20);
    return new IllegalStateException(
        "Cannot read the nested rows of a MULTISET column: " + problem + " near '"
            + new String(text, from, Math.max(0, to - from), StandardCharsets.UTF_8) + "'");
  }

  /** ISO 8601 timestamps as PostgreSQL writes them in JSON, parsed without a formatter. */
  static final class Timestamps {

    private Timestamps() {}

    /**
     * {@code YYYY-MM-DDTHH:MM:SS[.fraction](+|-)HH:MM}; {@code null} for anything else (years past
     * 9999, offsets with seconds, infinity), which the caller hands to {@link OffsetDateTime#parse}.
     */
    static Instant parse(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      return parse(bytes, 0, bytes.length);
    }

    /** {@link #parse(String)} over the UTF-8 bytes {@code s[from, to)}. */
    static Instant parse(byte[] s, int from, int to) {
      int n = to - from;
      if (n < 25 || s[from + 4] != '-' || s[from + 7] != '-' || s[from + 10] != 'T' || s[from + 13] != ':'
          || s[from + 16] != ':') {
        return null;
      }
      int year = digits(s, from, 4);
      int month = digits(s, from + 5, 2);
      int day = digits(s, from + 8, 2);
      int hour = digits(s, from + 11, 2);
      int minute = digits(s, from + 14, 2);
      int second = digits(s, from + 17, 2);
      if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1 || day > 31
          || hour > 23 || minute > 59 || second > 59) {
        return null;
      }
      int i = from + 19;
      int nanos = 0;
      if (s[i] == '.') {
        int scale = 100_000_000;
        i++;
        int first = i;
        while (i < to && s[i] >= '0' && s[i] <= '9') {
          if (i - first == 9) {
            return null;
          }
          nanos += (s[i] - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == first) {
          return null;
        }
      }
      if (to - i != 6 || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':') {
        return null;
      }
      int offsetHours = digits(s, i + 1, 2);
      int offsetMinutes = digits(s, i + 4, 2);
      if ((offsetHours | offsetMinutes) < 0 || offsetHours > 18 || offsetMinutes > 59) {
        return null;
      }
      int offset = (offsetHours * 3600 + offsetMinutes * 60) * (s[i] == '-' ? -1 : 1);
      if (day > lengthOfMonth(year, month)) {
        return null;
      }
      long epochDay = epochDay(year, month, day);
      return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offset, nanos);
    }

    /**
     * What {@link #parse} leaves: infinity as pgjdbc reads it, years past 9999 ({@code
     * 12000-06-01T...}, which {@link OffsetDateTime#parse} wants signed) and before year 1 ({@code
     * 0044-03-15T12:00:00+00:00 BC}, ISO year -43).
     */
    static Instant parseUnusual(String value) {
      switch (value) {
        case "infinity" -> {
          return OffsetDateTime.MAX.toInstant();
        }
        case "-infinity" -> {
          return OffsetDateTime.MIN.toInstant();
        }
        default -> {}
      }
      String iso = value;
      boolean bc = iso.endsWith(" BC");
      if (bc) {
        iso = iso.substring(0, iso.length() - 3);
      }
      int dash = iso.indexOf('-');
      if (dash > 0 && (bc || dash > 4)) {
        long year = Long.parseLong(iso.substring(0, dash));
        long isoYear = bc ? 1 - year : year;
        String digits = String.format("%04d", Math.abs(isoYear));
        iso = (isoYear < 0 ? "-" : isoYear > 9999 ? "+" : "") + digits + iso.substring(dash);
      }
      try {
        return OffsetDateTime.parse(iso).toInstant();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalStateException("Cannot read the timestamp '" + value + "' of a MULTISET column", e);
      }
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
    private static int digits(byte[] s, int at, int count) {
      int value = 0;
      for (int i = at; i < at + count; i++) {
        byte c = s[i];
        if (c < '0' || c > '9') {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }
  }
}
