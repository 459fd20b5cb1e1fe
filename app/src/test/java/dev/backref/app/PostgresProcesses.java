package dev.backref.app;

import java.util.Set;
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
}
