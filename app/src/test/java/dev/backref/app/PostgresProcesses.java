package dev.backref.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The PostgreSQL server processes on this machine whose command line mentions a given text, such as a data directory. */
final class PostgresProcesses {

  private PostgresProcesses() {}

  static Set<Long> mentioning(String text) {
    return ProcessHandle.allProcesses()
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().commandLine().map(line -> line.contains("postgres") && line.contains(text)).orElse(false))
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  /** The postmaster of the server running on {@code dataDir} (from its postmaster.pid) and every process under it. */
  static Set<Long> serverOf(Path dataDir) throws IOException {
    long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
    Set<Long> pids = new LinkedHashSet<>();
    pids.add(postmaster);
    ProcessHandle.of(postmaster).ifPresent(process -> process.descendants().forEach(child -> pids.add(child.pid())));
    return pids;
  }

  /**
   * Stops ({@code SIGSTOP}) the server on {@code dataDir}, postmaster and backends: it keeps its
   * connections and accepts new ones (the kernel does) but answers nothing. Returns what to {@link
   * #thaw}, which must follow in a {@code finally}.
   */
  static Set<Long> freeze(Path dataDir) throws IOException, InterruptedException {
    Set<Long> pids = serverOf(dataDir);
    // Not strict: a backend that ended since it was listed makes kill fail after stopping the rest.
    signal("STOP", pids, false);
    long postmaster = pids.iterator().next();
    if (ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)) {
      return pids;
    }
    thaw(pids);
    throw new IllegalStateException("The postmaster " + postmaster + " of " + dataDir + " is gone; nothing to freeze");
  }

  /** Continues ({@code SIGCONT}) what {@link #freeze} stopped; a process gone since is no failure. */
  static void thaw(Collection<Long> pids) throws IOException, InterruptedException {
    signal("CONT", pids, false);
  }

  private static void signal(String signal, Collection<Long> pids, boolean strict) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    Process kill = new ProcessBuilder(command).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || strict && kill.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
