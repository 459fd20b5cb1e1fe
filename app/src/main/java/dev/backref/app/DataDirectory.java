package dev.backref.app;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The data directory of the app's embedded PostgreSQL, made ready before the server starts: one
 * clear line for a directory that cannot serve (the root directory, a file, permission denied,
 * another program's files), and recovery from a server that a blog process left running when it
 * ended without stopping it ({@code kill -9}).
 *
 * <p>Who owns a directory: embedded PostgreSQL (zonky) holds an exclusive lock on the file {@value
 * #LOCK_FILE} in it while it runs a server there, and takes it before starting the server. So a
 * server running on the directory while nobody holds the lock was left behind by a process that
 * is gone; PostgreSQL's own {@value #PID_FILE} names its process.
 */
final class DataDirectory {

  /** The lock file of zonky's EmbeddedPostgres (its {@code LOCK_FILE_NAME}, 2.2.2). */
  static final String LOCK_FILE = "epg-lock";

  /** PostgreSQL's lock file: the postmaster's pid on its first line. */
  static final String PID_FILE = "postmaster.pid";

  /** How long a left-behind server gets to stop after being asked to. */
  static final long STOP_WAIT_MILLIS = 10_000;

  private DataDirectory() {}

  /**
   * The absolute data directory for {@code given}, created if missing, checked, and freed of a
   * server or a {@value #PID_FILE} left behind (said on {@code notices}).
   *
   * @throws DatabaseUnavailableException in one line naming the directory, if it cannot serve
   */
  static Path prepare(Path given, Consumer<String> notices) {
    Path dir = given.toAbsolutePath().normalize();
    if (dir.getParent() == null) {
      throw unusable("--data-dir " + dir + " is the root directory: give the embedded PostgreSQL a directory of its own, such as ~/.blog/pgdata");
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw unusable("The data directory " + dir + " is a file, not a directory (--data-dir)");
    }
    if (!Files.exists(dir)) {
      create(dir);
      return dir;
    }
    checkAccess(dir);
    if (!isEmpty(dir) && !Files.exists(dir.resolve("PG_VERSION"))) {
      throw unusable("The data directory " + dir + " is not empty and holds no PostgreSQL data (no PG_VERSION): "
          + "give an empty or new directory, or a blog data directory (--data-dir)");
    }
    recover(dir, notices);
    return dir;
  }

  /** The directory is in use by a live blog process (this one or another). */
  static DatabaseUnavailableException inUse(Path dir, RuntimeException cause) {
    return new DatabaseUnavailableException(
        "The data directory " + dir + " is in use by another blog process (stop it, or use another --data-dir)", cause);
  }

  /**
   * Why a process cannot use {@code dir}, or empty if it can: not readable, not writable (as the
   * user running this JVM; root passes these checks).
   */
  static Optional<String> accessProblem(Path dir) {
    if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
      return Optional.of("Cannot read the data directory " + dir + ": permission denied (" + ownership(dir)
          + "); run blog as its owner or use another --data-dir");
    }
    if (!Files.isWritable(dir)) {
      return Optional.of("Cannot write to the data directory " + dir + ": permission denied (" + ownership(dir)
          + "); run blog as its owner or use another --data-dir");
    }
    return Optional.empty();
  }

  private static void checkAccess(Path dir) {
    accessProblem(dir).ifPresent(problem -> {
      throw unusable(problem);
    });
  }

  private static void create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (AccessDeniedException e) {
      Path parent = dir.getParent();
      while (parent != null && !Files.exists(parent)) {
        parent = parent.getParent();
      }
      throw unusable("Cannot create the data directory " + dir + ": permission denied"
          + (parent == null ? "" : " in " + parent + " (" + ownership(parent) + ")") + "; use another --data-dir");
    } catch (FileSystemException e) {
      throw unusable("Cannot create the data directory " + dir + ": " + Failures.rootMessage(e) + " (--data-dir)");
    } catch (IOException e) {
      throw unusable("Cannot create the data directory " + dir + ": " + e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      return !children.iterator().hasNext();
    } catch (AccessDeniedException e) {
      throw unusable("Cannot read the data directory " + dir + ": permission denied (" + ownership(dir)
          + "); run blog as its owner or use another --data-dir");
    } catch (IOException e) {
      throw unusable("Cannot read the data directory " + dir + ": " + e);
    }
  }

  /** Stops a server left running on {@code dir}, or removes a stale {@value #PID_FILE}. */
  private static void recover(Path dir, Consumer<String> notices) {
    Path pidFile = dir.resolve(PID_FILE);
    if (!Files.exists(pidFile)) {
      return;
    }
    try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw inUse(dir, null);
      }
      // Nobody runs a server here: whatever PID_FILE names was left behind.
      long pid = pid(pidFile);
      Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid).filter(DataDirectory::isRunning) : Optional.empty();
      if (process.isEmpty()) {
        Files.deleteIfExists(pidFile);
        notices.accept("found a stale " + PID_FILE + " in " + dir + " (pid " + pid + " is not running); removed it");
        return;
      }
      Optional<Boolean> ours = servesDirectory(process.get(), dir);
      if (ours.isEmpty()) {
        throw unusable("The data directory " + dir + " has a " + PID_FILE + " naming a running PostgreSQL (pid " + pid
            + ") whose data directory cannot be told: stop it, or remove " + pidFile + " if it is not this directory's server");
      }
      if (!ours.get()) {
        Files.deleteIfExists(pidFile);
        notices.accept("found a stale " + PID_FILE + " in " + dir + " (pid " + pid + " is another program now); removed it");
        return;
      }
      boolean killed = stop(process.get());
      Files.deleteIfExists(pidFile);
      notices.accept("found an embedded PostgreSQL (pid " + pid + ") left running on " + dir
          + " by a blog process that ended without stopping it; " + (killed ? "it did not stop when asked, killed it" : "stopped it"));
    } catch (OverlappingFileLockException e) {
      throw inUse(dir, e);
    } catch (AccessDeniedException e) {
      throw unusable("Cannot use the data directory " + dir + ": permission denied on " + e.getFile() + "; run blog as its owner or use another --data-dir");
    } catch (IOException e) {
      throw unusable("Cannot check the data directory " + dir + " for a server left running: " + e);
    }
  }

  private static long pid(Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile);
    try {
      return lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Alive and not a zombie (which {@link ProcessHandle#isAlive} counts as alive). */
  private static boolean isRunning(ProcessHandle process) {
    if (!process.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
    try {
      String line = Files.readString(stat);
      int end = line.lastIndexOf(')');
      return end < 0 || end + 2 >= line.length() || line.charAt(end + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return process.isAlive();
    }
  }

  /**
   * Whether {@code process} is a PostgreSQL server of {@code dir}: its executable is {@code
   * postgres} and its {@code -D} argument is {@code dir}. Empty if its command line cannot be read.
   */
  private static Optional<Boolean> servesDirectory(ProcessHandle process, Path dir) {
    ProcessHandle.Info info = process.info();
    Optional<String[]> arguments = info.arguments();
    Optional<String> command = info.command();
    if (arguments.isEmpty() || command.isEmpty()) {
      return Optional.empty();
    }
    String executable = Path.of(command.get()).getFileName().toString();
    if (!executable.equals("postgres") && !executable.equals("postgres.exe")) {
      return Optional.of(false);
    }
    String[] args = arguments.get();
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("-D")) {
        Path served = Path.of(args[i + 1]);
        if (!served.isAbsolute()) {
          try {
            served = Files.readSymbolicLink(Path.of("/proc", Long.toString(process.pid()), "cwd")).resolve(served);
          } catch (IOException | RuntimeException e) {
            return Optional.empty();
          }
        }
        return Optional.of(sameDirectory(served, dir));
      }
    }
    return Optional.empty();
  }

  private static boolean sameDirectory(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /**
   * Asks a PostgreSQL server to stop as {@code pg_ctl stop -m fast} does (SIGINT: end the sessions,
   * checkpoint, exit), or with SIGTERM where there is no {@code kill} command, and waits for it; kills
   * it if it does not stop in {@value #STOP_WAIT_MILLIS} ms.
   *
   * @return whether it had to be killed
   * @throws DatabaseUnavailableException if it is still running even so
   */
  private static boolean stop(ProcessHandle server) {
    if (!signal("INT", server)) {
      server.destroy();
    }
    if (waitForExit(server, STOP_WAIT_MILLIS)) {
      return false;
    }
    server.destroyForcibly();
    if (waitForExit(server, 5_000)) {
      return true;
    }
    throw new DatabaseUnavailableException("Cannot stop the PostgreSQL server (pid " + server.pid()
        + ") left running by a blog process that ended; stop it and try again", null);
  }

  private static boolean signal(String signal, ProcessHandle process) {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(process.pid())));
    try {
      Process kill = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean waitForExit(ProcessHandle process, long millis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (isRunning(process)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !isRunning(process);
      }
    }
    return true;
  }

  private static String ownership(Path path) {
    try {
      return "owner " + Files.getOwner(path).getName() + ", " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (IOException | UnsupportedOperationException e) {
      return "its owner and permissions cannot be read";
    }
  }

  private static DatabaseUnavailableException unusable(String message) {
    return new DatabaseUnavailableException(message, null);
  }
}
