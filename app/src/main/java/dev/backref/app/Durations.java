package dev.backref.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The durations of the {@code --db-*} timeout options: a whole number with a unit, {@code 500ms},
 * {@code 5s}, {@code 2m} or {@code 1h}, or {@code 0} (no limit, where an option allows it). ISO-8601
 * ({@code PT5S}) is accepted too. Printed back the same way: {@code format(Duration.ofSeconds(90))}
 * is {@code "90s"}.
 */
final class Durations {

  /** The longest duration any option takes: pgjdbc and HikariCP hold them in ints. */
  static final Duration MAX = Duration.ofDays(1);

  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is expected, if {@code text} is not a duration,
   *     is negative or is longer than {@link #MAX}
   */
  static Duration parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Duration duration;
    Matcher matcher = SIMPLE.matcher(value);
    if (value.startsWith("-")) {
      throw new IllegalArgumentException("'" + text + "' is negative");
    }
    if (value.equals("0")) {
      duration = Duration.ZERO;
    } else if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      duration = switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    } else {
      try {
        duration = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + text + "' is not a duration; use for example 500ms, 5s, 2m or 1h");
      }
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("'" + text + "' is negative");
    }
    if (duration.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("'" + text + "' is longer than a day");
    }
    return duration;
  }

  /** {@code 500ms}, {@code 5s}, {@code 90s}, {@code 1m}, {@code 30m}, {@code 2h}; {@code 0} for no limit. */
  static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0";
    }
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  /** Whole seconds, rounded up, as pgjdbc's timeouts take them: 1500ms is 2. */
  static int ceilSeconds(Duration duration) {
    long millis = duration.toMillis();
    return (int) ((millis + 999) / 1000);
  }

  /** Picocli converter for a duration where 0 means no limit. */
  static final class Converter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
