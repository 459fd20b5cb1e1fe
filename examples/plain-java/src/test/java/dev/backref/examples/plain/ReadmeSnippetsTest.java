package dev.backref.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The root README's "Use it in plain Java" snippets are this example's code (and, as in
 * examples/spring-boot-blog, every other checked snippet is checked here too): each code block
 * after a {@code <!-- checked against PATH -->} line must appear in that file, line for line
 * (indentation aside), in order; a line {@code ...} in the snippet stands for lines left out.
 */
class ReadmeSnippetsTest {

  private static final Path ROOT = Path.of("../..");
  private static final Pattern MARKER = Pattern.compile("^<!-- checked against (\\S+) -->$");

  @Test
  void everyCheckedSnippetIsInItsFile() throws IOException {
    List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
    int checked = 0;
    for (int i = 0; i < readme.size(); i++) {
      Matcher marker = MARKER.matcher(readme.get(i));
      if (!marker.matches()) {
        continue;
      }
      String path = marker.group(1);
      assertThat(readme.get(i + 1)).as("a code block follows the marker for %s", path).startsWith("```");
      List<String> snippet = new ArrayList<>();
      for (int j = i + 2; !readme.get(j).startsWith("```"); j++) {
        snippet.add(readme.get(j));
      }
      assertContainsInOrder(Files.readAllLines(ROOT.resolve(path)), snippet, path);
      checked++;
    }
    assertThat(checked).as("snippets checked in README.md").isGreaterThanOrEqualTo(3);
  }

  private static void assertContainsInOrder(List<String> file, List<String> snippet, String path) {
    int from = 0;
    for (List<String> run : runs(snippet)) {
      int at = indexOf(file, run, from);
      assertThat(at).as("README.md's snippet of %s: these lines, in a row, after line %d of the file:%n%s", path, from, String.join("\n", run)).isNotNegative();
      from = at + run.size();
    }
  }

  /** The snippet's lines between "..." lines. */
  private static List<List<String>> runs(List<String> snippet) {
    List<List<String>> runs = new ArrayList<>();
    List<String> run = new ArrayList<>();
    for (String line : snippet) {
      if (line.strip().equals("...")) {
        runs.add(run);
        run = new ArrayList<>();
      } else {
        run.add(line);
      }
    }
    runs.add(run);
    runs.removeIf(List::isEmpty);
    return runs;
  }

  private static int indexOf(List<String> file, List<String> run, int from) {
    for (int start = from; start + run.size() <= file.size(); start++) {
      boolean matches = true;
      for (int k = 0; k < run.size() && matches; k++) {
        matches = file.get(start + k).strip().equals(run.get(k).strip());
      }
      if (matches) {
        return start;
      }
    }
    return -1;
  }
}
