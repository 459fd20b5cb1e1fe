package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's metrics examples are the code the tests run: each block between {@code // README
 * from here} and {@code // README to here} in {@link MicrometerMetricsIT} must appear in the README
 * as written (indentation aside).
 */
class ReadmeExamplesTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Path SOURCE = Path.of("src", "test", "java", "dev", "backref", "persistence", "MicrometerMetricsIT.java");

  @Test
  void everyMarkedExampleAppearsInTheReadme() throws IOException {
    String readme = Files.readString(README);
    List<String> examples = examples(Files.readAllLines(SOURCE));

    assertThat(examples).hasSize(2);
    for (String example : examples) {
      assertThat(readme).as("README.md should contain, as a code block:%n%s", example).contains("```java\n" + example + "```\n");
    }
  }

  /** The marked blocks, each without the indentation it has in the test. */
  static List<String> examples(List<String> lines) {
    List<String> examples = new ArrayList<>();
    List<String> block = null;
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.equals("// README from here")) {
        block = new ArrayList<>();
      } else if (trimmed.equals("// README to here")) {
        examples.add(dedent(block));
        block = null;
      } else if (block != null) {
        block.add(line);
      }
    }
    return examples;
  }

  private static String dedent(List<String> block) {
    int indent = Integer.MAX_VALUE;
    for (String line : block) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String line : block) {
      text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return text.toString();
  }
}
