package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void rendersFractionCountsAndRate() {
    ProgressBar bar = new ProgressBar(System.err, 100_000, "posts", false);

    assertThat(bar.render(50_000, 4_000_000_000L))
        .isEqualTo("[###############               ]  50%  50,000/100,000 posts  12,500/s");
    assertThat(bar.render(100_000, 8_000_000_000L)).startsWith("[##############################] 100%");
  }

  @Test
  void anEnabledBarRedrawsInPlaceAndEndsTheLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10, "posts", true)) {
      bar.update(5);
      bar.update(10);
    }
    String drawn = bytes.toString(StandardCharsets.UTF_8);

    assertThat(drawn).startsWith("\r[").contains(" 50%  5/10 posts").contains("\r[").contains(" 100%  10/10 posts");
    assertThat(drawn.chars().filter(c -> c == '\n')).as("one line, ended once").hasSize(1);
    assertThat(drawn).endsWith("/s" + System.lineSeparator());
  }

  @Test
  void aDisabledBarPrintsNothing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 10, "posts", false)) {
      bar.update(10);
    }

    assertThat(bytes.size()).isZero();
  }
}
