package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's own embedded PostgreSQL, as used with no database configured: started per command,
 * stopped afterwards, with its data kept in {@code --data-dir} (or thrown away by {@code demo}).
 */
class EmbeddedDatabaseIT {

  static final String TEMP = System.getProperty("java.io.tmpdir");

  @Test
  void demoRunsInAThrowawayDatabaseAndLeavesNoDirectoryOrProcessBehind() throws IOException {
    Set<Path> directoriesBefore = demoDirectories();
    Set<Long> serversBefore = PostgresProcesses.mentioning("blog-demo-");

    Cli.Result result = Cli.run("demo", "--users", "6", "--runs", "1", "--warm-up", "1");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("Seeded 6 users with ").contains(" into embedded PostgreSQL 18.", " in a throwaway data directory.");
    assertThat(demoDirectories()).isEqualTo(directoriesBefore);
    assertThat(PostgresProcesses.mentioning("blog-demo-")).isSubsetOf(serversBefore);
  }

  @Test
  void dataSurvivesARestartAndTheDirectoryServesOneProcessAtATime(@TempDir Path home) throws Exception {
    String dataDir = home.resolve("pgdata").toString();

    Cli.Result created = Cli.run("--data-dir", dataDir, "users", "create", "persistent-pat");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(PostgresProcesses.mentioning(dataDir)).as("stopped after the command").isEmpty();

    Cli.Result shown = Cli.run("users", "show", "persistent-pat", "--data-dir", dataDir, "--format", "json");
    assertThat(shown.exitCode()).as(shown.toString()).isZero();
    assertThat(shown.json().get("user").get("username").stringValue()).isEqualTo("persistent-pat");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExecutorService runner = Executors.newSingleThreadExecutor();
    Future<Integer> serving = runner.submit(() -> Blog.run(new String[] {"serve", "--port", "0", "--data-dir", dataDir},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of()));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!out.toString(StandardCharsets.UTF_8).contains("Listening on ")) {
        assertThat(serving.isDone()).as("serve ended early").isFalse();
        assertThat(System.nanoTime()).as("serve started").isLessThan(deadline);
        Thread.sleep(50);
      }

      Cli.Result busy = Cli.run("users", "list", "--data-dir", dataDir);

      assertThat(busy.exitCode()).as(busy.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(busy.err()).isEqualTo("blog: The data directory " + dataDir
          + " is in use by another blog process (stop it, or use another --data-dir)" + System.lineSeparator());
    } finally {
      serving.cancel(true);
      runner.shutdown();
      assertThat(runner.awaitTermination(30, TimeUnit.SECONDS)).as("serve stopped").isTrue();
    }
    assertThat(PostgresProcesses.mentioning(dataDir)).isEmpty();
  }

  @Test
  void aDataDirectoryThatIsNotOneIsRefusedClearly(@TempDir Path home) throws IOException {
    Files.writeString(home.resolve("notes.txt"), "not a database");

    Cli.Result result = Cli.run("users", "list", "--data-dir", home.toString());

    assertThat(result.exitCode()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(result.err()).isEqualTo("blog: Cannot create a PostgreSQL data directory in " + home
        + ": it must be empty or a blog data directory" + System.lineSeparator());
    assertThat(PostgresProcesses.mentioning(home.toString())).isEmpty();
  }

  private static Set<Path> demoDirectories() throws IOException {
    try (Stream<Path> children = Files.list(Path.of(TEMP))) {
      return children.filter(path -> path.getFileName().toString().startsWith("blog-demo-")).collect(Collectors.toSet());
    }
  }
}
