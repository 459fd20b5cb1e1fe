package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    assertThat(result.err()).isEqualTo("blog: The data directory " + home + " is not empty and holds no PostgreSQL data (no PG_VERSION): "
        + "give an empty or new directory, or a blog data directory (--data-dir)" + System.lineSeparator());
    assertThat(PostgresProcesses.mentioning(home.toString())).isEmpty();
  }

  @Test
  void theRootDirectoryAndAFileAreRefusedClearly(@TempDir Path home) throws IOException {
    Path file = Files.writeString(home.resolve("notes.txt"), "not a directory");

    Cli.Result root = Cli.run("users", "list", "--data-dir", "/");
    Cli.Result aFile = Cli.run("users", "list", "--data-dir", file.toString());

    assertThat(root.exitCode()).as(root.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(root.err()).isEqualTo("blog: --data-dir / is the root directory: give the embedded PostgreSQL a directory of its own, "
        + "such as ~/.blog/pgdata" + System.lineSeparator());
    assertThat(aFile.exitCode()).as(aFile.toString()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(aFile.err()).isEqualTo("blog: The data directory " + file + " is a file, not a directory (--data-dir)" + System.lineSeparator());
  }

  /**
   * Directories the user running blog cannot read, write or create in are "permission denied",
   * naming the path, its owner and its permissions. Root passes every permission check, so as root
   * blog runs as the unprivileged user nobody (setpriv, util-linux), from the jar; otherwise as the
   * user running the tests, in-process.
   */
  @Test
  void aDataDirectoryTheUserCannotUseIsPermissionDeniedNamingIt(@TempDir Path home) throws Exception {
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path locked = Files.createDirectory(home.resolve("locked"));
    Path readOnly = Files.createDirectory(home.resolve("readonly"));
    Path sealed = Files.createDirectory(home.resolve("sealed"));
    Files.writeString(locked.resolve("PG_VERSION"), "18\n");
    Files.writeString(readOnly.resolve("PG_VERSION"), "18\n");
    String owner = Files.getOwner(home).getName();
    try {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
      Files.setPosixFilePermissions(sealed, PosixFilePermissions.fromString("r-xr-xr-x"));

      BlogJarIT.Run unreadable = unprivileged(home, List.of("users", "list", "--data-dir", locked.toString()));
      BlogJarIT.Run unwritable = unprivileged(home, List.of("users", "list", "--data-dir", readOnly.toString()));
      BlogJarIT.Run uncreatable = unprivileged(home, List.of("users", "list", "--data-dir", sealed.resolve("pgdata").toString()));

      assertThat(unreadable.exitCode()).as(unreadable.err()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(unreadable.err()).isEqualTo("blog: Cannot read the data directory " + locked + ": permission denied (owner " + owner
          + ", rwx------); run blog as its owner or use another --data-dir" + System.lineSeparator());
      assertThat(unwritable.exitCode()).as(unwritable.err()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(unwritable.err()).isEqualTo("blog: Cannot write to the data directory " + readOnly + ": permission denied (owner " + owner
          + ", r-xr-xr-x); run blog as its owner or use another --data-dir" + System.lineSeparator());
      assertThat(uncreatable.exitCode()).as(uncreatable.err()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
      assertThat(uncreatable.err()).isEqualTo("blog: Cannot create the data directory " + sealed.resolve("pgdata") + ": permission denied in "
          + sealed + " (owner " + owner + ", r-xr-xr-x); use another --data-dir" + System.lineSeparator());
    } finally {
      for (Path dir : List.of(locked, readOnly, sealed)) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  /** Runs blog as a user that file permissions apply to: nobody from the jar if this is root, else in-process. */
  private static BlogJarIT.Run unprivileged(Path work, List<String> args) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      Cli.Result result = Cli.run(Map.of(), args);
      return new BlogJarIT.Run(result.exitCode(), result.out(), result.err());
    }
    assertThat(Path.of("/usr/bin/setpriv")).as("setpriv (util-linux) runs blog as nobody").isExecutable();
    List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", BlogJarIT.JAR.toAbsolutePath().toString()));
    command.addAll(args);
    return BlogJarIT.run(work, command);
  }

  /**
   * After {@code kill -9} of {@code blog serve}, its embedded server keeps running. The next command
   * says so, stops it and starts its own at once (not after zonky's 10 s wait for a server that
   * cannot start); nothing of that data directory runs once it ends.
   */
  @Test
  void aServerLeftRunningByAKilledServeIsStoppedAndSaidSo(@TempDir Path home) throws Exception {
    Path dataDir = home.resolve("pgdata");
    Path out = home.resolve("serve.out");
    Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        BlogJarIT.JAR.toAbsolutePath().toString(), "serve", "--port", "0", "--data-dir", dataDir.toString())
        .redirectOutput(out.toFile()).redirectError(home.resolve("serve.err").toFile()).start();
    try {
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.readString(out).contains("Listening on ")) {
          assertThat(serve.isAlive()).as("serve ended early: " + Files.readString(home.resolve("serve.err"))).isTrue();
          assertThat(System.nanoTime()).as("serve started").isLessThan(deadline);
          Thread.sleep(100);
        }
      } finally {
        serve.destroyForcibly();
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("kill -9 ended serve").isTrue();
      }
      assertThat(PostgresProcesses.mentioning(dataDir.toString())).as("its server outlived it").isNotEmpty();
      long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());

      long start = System.nanoTime();
      Cli.Result next = Cli.run("users", "list", "--data-dir", dataDir.toString());
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(next.exitCode()).as(next.toString()).isZero();
      assertThat(next.err()).isEqualTo("blog: found an embedded PostgreSQL (pid " + pid + ") left running on " + dataDir
          + " by a blog process that ended without stopping it; stopped it" + System.lineSeparator());
      assertThat(next.out()).startsWith("no users");
      assertThat(took).isLessThan(Duration.ofSeconds(8));
      assertThat(PostgresProcesses.mentioning(dataDir.toString())).isEmpty();
    } finally {
      PostgresProcesses.mentioning(dataDir.toString()).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /** A postmaster.pid whose process is gone, or is another program now, is said and removed; the server then starts. */
  @Test
  void aStalePostmasterPidIsRemovedAndSaidSo(@TempDir Path home) throws Exception {
    Path dataDir = home.resolve("pgdata");
    assertThat(Cli.run("users", "create", "stale-stan", "--data-dir", dataDir.toString()).exitCode()).isZero();
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long other = ProcessHandle.current().pid();

    Files.writeString(dataDir.resolve("postmaster.pid"), gone.pid() + "\n" + dataDir + "\n");
    Cli.Result afterGone = Cli.run("users", "show", "stale-stan", "--data-dir", dataDir.toString());
    Files.writeString(dataDir.resolve("postmaster.pid"), other + "\n" + dataDir + "\n");
    long start = System.nanoTime();
    Cli.Result afterOther = Cli.run("users", "show", "stale-stan", "--data-dir", dataDir.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(afterGone.exitCode()).as(afterGone.toString()).isZero();
    assertThat(afterGone.err()).isEqualTo("blog: found a stale postmaster.pid in " + dataDir + " (pid " + gone.pid()
        + " is not running); removed it" + System.lineSeparator());
    assertThat(afterOther.exitCode()).as(afterOther.toString()).isZero();
    assertThat(afterOther.err()).isEqualTo("blog: found a stale postmaster.pid in " + dataDir + " (pid " + other
        + " is another program now); removed it" + System.lineSeparator());
    assertThat(took).as("PostgreSQL would refuse a postmaster.pid naming a live process").isLessThan(Duration.ofSeconds(8));
    assertThat(PostgresProcesses.mentioning(dataDir.toString())).isEmpty();
  }

  private static Set<Path> demoDirectories() throws IOException {
    try (Stream<Path> children = Files.list(Path.of(TEMP))) {
      return children.filter(path -> path.getFileName().toString().startsWith("blog-demo-")).collect(Collectors.toSet());
    }
  }
}
