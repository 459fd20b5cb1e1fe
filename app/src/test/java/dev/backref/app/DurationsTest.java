package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The durations of the --db-* options, read and written back. */
class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0,      0,      0",
    "500ms,  500,    500ms",
    "5s,     5000,   5s",
    "5 S,    5000,   5s",
    "90s,    90000,  90s",
    "2m,     120000, 2m",
    "30m,    1800000, 30m",
    "1h,     3600000, 1h",
    "1500ms, 1500,   1500ms",
    "PT7S,   7000,   7s",
  })
  void readsAndWritesBack(String text, long millis, String formatted) {
    Duration duration = Durations.parse(text);

    assertThat(duration).isEqualTo(Duration.ofMillis(millis));
    assertThat(Durations.format(duration)).isEqualTo(formatted);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "5sec", "-5s", "five seconds", "", "2d", "PT-1S"})
  void refusesWhatIsNotADuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'" + text + "' is");
  }

  @ParameterizedTest
  @ValueSource(strings = {"25h", "PT25H"})
  void refusesMoreThanADay(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessage("'" + text + "' is longer than a day");
  }

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "999, 1", "1000, 1", "1001, 2", "7000, 7"})
  void secondsForTheDriverRoundUp(long millis, int seconds) {
    assertThat(Durations.ceilSeconds(Duration.ofMillis(millis))).isEqualTo(seconds);
  }
}
