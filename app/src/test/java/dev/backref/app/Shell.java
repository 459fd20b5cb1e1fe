package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What a POSIX shell ({@code sh}) makes of a command line: its words, as the command would get them. */
final class Shell {

  private Shell() {}

  /** The words of {@code commandLine} after the shell's quote removal and expansions; none may hold a newline. */
  static List<String> words(String commandLine) throws IOException, InterruptedException {
    Path script = Files.createTempFile("words", ".sh");
    try {
      // The script is UTF-8 bytes whatever the JVM's encoding of command line arguments.
      Files.writeString(script, "printf '%s\\n' " + commandLine + "\n", StandardCharsets.UTF_8);
      Process sh = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true).start();
      byte[] output = sh.getInputStream().readAllBytes();
      assertThat(sh.waitFor(10, TimeUnit.SECONDS)).as("sh finished").isTrue();
      assertThat(sh.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
      String text = new String(output, StandardCharsets.UTF_8);
      return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
