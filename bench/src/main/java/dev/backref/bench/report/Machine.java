package dev.backref.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Where and how a run happened, for the report: hardware, JVM, PostgreSQL, settings, load. */
public record Machine(
    String cpu, int cores, String memory, String os, String jvm, String postgres, String server, String settings,
    String loadBefore, String loadAfter, Instant finished) {

  public static Machine describe(String postgres, String server, String settings, String loadBefore) {
    return new Machine(
        cpuModel(), Runtime.getRuntime().availableProcessors(), totalMemory(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), postgres, server, settings,
        loadBefore, loadAverage(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** The 1, 5 and 15 minute load averages, or "unknown". */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  public String summary() {
    return cores + " cores, " + jvm + ", " + postgres;
  }

  String markdown() {
    return String.join(
        "\n",
        "| | |",
        "| --- | --- |",
        "| CPU | " + cpu + " (" + cores + " cores visible to the JVM) |",
        "| memory | " + memory + " |",
        "| OS | " + os + " |",
        "| JVM | " + jvm + " |",
        "| database | " + postgres + ", " + server + " (fsync off, on the same machine) |",
        "| settings | " + settings + " |",
        "| load average (1/5/15 min) | before: " + loadBefore + "; after: " + loadAfter + " |",
        "| finished | " + finished + " |");
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      return lines.stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  private static String totalMemory() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(line -> line.startsWith("MemTotal"))
          .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
          .findFirst()
          .orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
