package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The reader of MULTISET columns, on the JSON text PostgreSQL's json_agg(json_build_array(...)) writes. */
class JsonRowsTest {

  @Test
  void readsRowsValuesAndNestedRowsAsPostgresWritesThem() throws Exception {
    String json =
        "[[1, \"a\\\"b\\\\c\\nd\\u00e9\\ud83d\\ude00\", null, \"2026-12-03T11:17:18.123456+00:00\", [[7, \"x\"], \n [8, \"y\"]]], \n"
            + " [-42, \"é\", 9223372036854775807, \"2026-12-03T11:17:18+05:30\", null]]";
    JsonRows rows = JsonRows.of(json);

    assertThat(rows.onRow()).isTrue();
    assertThat(rows.getLong(1)).isEqualTo(1);
    assertThat(rows.wasNull()).isFalse();
    assertThat(rows.getString(2)).isEqualTo("a\"b\\c\nd\u00e9\uD83D\uDE00");
    assertThat(rows.getLong(3)).isZero();
    assertThat(rows.wasNull()).isTrue();
    assertThat(rows.getString(3)).isNull();
    assertThat(rows.getInstant(4)).isEqualTo(Instant.parse("2026-12-03T11:17:18.123456Z"));
    Row nested = rows.nested(5);
    assertThat(nested.onRow()).isTrue();
    assertThat(nested.getLong(1)).isEqualTo(7);
    assertThat(nested.getString(2)).isEqualTo("x");
    nested.advance();
    assertThat(nested.getLong(1)).isEqualTo(8);
    nested.advance();
    assertThat(nested.onRow()).isFalse();

    rows.advance();
    assertThat(rows.getLong(1)).isEqualTo(-42);
    assertThat(rows.getString(2)).isEqualTo("é");
    assertThat(rows.getLong(3)).isEqualTo(Long.MAX_VALUE);
    assertThat(rows.getInstant(4)).isEqualTo(Instant.parse("2026-12-03T05:47:18Z"));
    assertThat(rows.nested(5).onRow()).isFalse();
    rows.advance();
    assertThat(rows.onRow()).isFalse();
  }

  @Test
  void sqlNullAndEmptyArraysHaveNoRows() {
    assertThat(JsonRows.of((byte[]) null).onRow()).isFalse();
    assertThat(JsonRows.of("[]").onRow()).isFalse();
    assertThat(JsonRows.of(" [ ] ").onRow()).isFalse();
  }

  @Test
  void jsonbSpacingReadsTheSame() throws Exception {
    JsonRows rows = JsonRows.of("[[1,\"a\"],[2,\"b\"]]");
    assertThat(rows.getString(2)).isEqualTo("a");
    rows.advance();
    assertThat(rows.getLong(1)).isEqualTo(2);
  }

  @Test
  void malformedTextIsAnErrorThatNamesTheColumnKind() {
    assertThatThrownBy(() -> JsonRows.of("[[1, \"open]]"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("MULTISET");
    assertThatThrownBy(() -> JsonRows.of("{\"a\": 1}")).hasMessageContaining("expected '['");
    assertThatThrownBy(() -> JsonRows.of("[[1.5]]").getLong(1)).hasMessageContaining("not an integer at column 1");
    assertThatThrownBy(() -> JsonRows.of("[[1]]").getString(2)).hasMessageContaining("a row has 1 columns; column 2");
    assertThatThrownBy(() -> JsonRows.of("[[99999999999999999999]]").getLong(1)).hasMessageContaining("not an integer in range");
  }

  @Test
  void timestampsAgreeWithTheJdkParser() {
    SplittableRandom random = new SplittableRandom(42);
    DateTimeFormatter seconds = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    DateTimeFormatter offsets = DateTimeFormatter.ofPattern("xxx");
    for (int i = 0; i < 20_000; i++) {
      long epochSecond = random.nextLong(-62_135_596_800L, 253_402_300_799L - 86_400);
      int micros = random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
      OffsetDateTime time = Instant.ofEpochSecond(epochSecond, micros * 1000L).atOffset(offset);
      if (time.getYear() < 1 || time.getYear() > 9999) {
        continue;
      }
      // As PostgreSQL writes it: trailing zeros of the fraction dropped, "+00:00" rather than "Z".
      String fraction = micros == 0 ? "" : ("." + String.format("%06d", micros)).replaceAll("0+$", "");
      String text = seconds.format(time) + fraction + offsets.format(time);
      assertThat(JsonRows.Timestamps.parse(text)).as(text).isEqualTo(time.toInstant());
    }
  }

  @Test
  void unusualTimestampsFallBackToTheJdkParserOrPgjdbcsInfinity() throws Exception {
    assertThat(JsonRows.Timestamps.parse("2024-02-30T00:00:00+00:00")).isNull();
    assertThat(JsonRows.Timestamps.parse("12345-01-01T00:00:00+00:00")).isNull();
    assertThat(JsonRows.Timestamps.parse("2024-02-29T23:59:59.5-03:00")).isEqualTo(Instant.parse("2024-03-01T02:59:59.5Z"));
    JsonRows rows = JsonRows.of("[[\"infinity\", \"-infinity\", \"+12345-01-01T00:00:00+00:00\", \"2024-01-01T00:00:00+00:00:30\"]]");
    assertThat(rows.getInstant(1)).isEqualTo(OffsetDateTime.MAX.toInstant());
    assertThat(rows.getInstant(2)).isEqualTo(OffsetDateTime.MIN.toInstant());
    assertThat(rows.getInstant(3)).isEqualTo(OffsetDateTime.parse("+12345-01-01T00:00:00+00:00").toInstant());
    assertThat(rows.getInstant(4)).isEqualTo(Instant.parse("2023-12-31T23:59:30Z"));
  }
}
