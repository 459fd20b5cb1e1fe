package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar app/target/blog.jar}, exactly as the README says: the shaded jar has its main
 * class, Flyway finds its PostgreSQL support and the migrations inside the jar, and the embedded
 * PostgreSQL binaries are in it too.
 */
@MigratedPostgres
class BlogJarIT {

  static final Path JAR = Path.of(System.getProperty("blog.jar", "target/blog.jar"));

  record Run(int exitCode, String out, String err) {}

  static Run java(Path work, List<String> args) throws IOException, InterruptedException {
    assertThat(JAR).as("built by the package phase").isRegularFile();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(args);
    return run(work, command);
  }

  /** Runs {@code command} (a {@code java -jar blog.jar} command line, possibly behind another command) to its end. */
  static Run run(Path work, List<String> command) throws IOException, InterruptedException {
    assertThat(JAR).as("built by the package phase").isRegularFile();
    Path out = work.resolve("out.txt");
    Path err = work.resolve("err.txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 90 s");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void versionFromTheManifest(@TempDir Path work) throws Exception {
    Run run = java(work, List.of("--version"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("blog 0.1.0");
  }

  @Test
  void migrationsAreFoundInsideTheJar(PostgresServer server, @TempDir Path work) throws Exception {
    try (TestDatabase empty = server.createDatabase()) {
      List<String> args = new ArrayList<>(Cli.connection(empty));
      args.add("migrate");

      Run run = java(work, args);

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).contains("Applied 4 migrations", "V1__create_users.sql", "V2__create_posts.sql", "V3__create_tags.sql", "V4__name_rules.sql");
      assertThat(run.err()).isEmpty();
    }
  }

  @Test
  void theDemoRunsWithNoConfiguration(@TempDir Path work) throws Exception {
    Run run = java(work, List.of("demo"));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("embedded PostgreSQL 18.", "users -> posts", "posts -> author", "posts -> tags", "tags -> posts", "returned the graph that was inserted");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void anUnreachableDatabaseIsOneLineOnStandardError(@TempDir Path work) throws Exception {
    Run run = java(work, List.of("--db-url", "jdbc:postgresql://127.0.0.1:1/blog", "users", "list"));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(run.err()).isEqualTo("blog: Cannot connect to jdbc:postgresql://127.0.0.1:1/blog: Connection refused" + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMalformedDatabaseUrlIsOneLineOnStandardError(@TempDir Path work) throws Exception {
    Run run = java(work, List.of("--db-url", "jdbc:postgresql://localhost:notaport/blog", "users", "list"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines().toList()).as("no warning logged by the JDBC driver")
        .containsExactly("blog: --db-url is not a valid PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE, port 1 to 65535), "
            + "was jdbc:postgresql://localhost:notaport/blog");
    assertThat(run.out()).isEmpty();
  }
}
