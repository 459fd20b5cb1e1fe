package dev.backref.bench;

import dev.backref.bench.contender.Contender;
import dev.backref.bench.contender.Contenders;
import dev.backref.bench.data.Dataset;
import dev.backref.bench.data.Seeder;
import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.PostgresServers;
import dev.backref.testing.postgres.TestDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * A cross-check of the JMH ratios that is robust to a noisy host: every contender runs in the same
 * JVM, one slot after the other in a shuffled order, round after round, and each slot's time is
 * divided by the raw JDBC time <em>of the same round</em>. Slow drifts of the machine (other
 * virtual machines, frequency changes, PostgreSQL's background work) then hit numerator and
 * denominator alike, which sequential JMH trials cannot promise. The median of those per-round
 * ratios is reported beside the median time and the thread's CPU time per operation.
 *
 * <pre>
 * java -cp ... dev.backref.bench.Interleaved SCENARIO DATASET ROUNDS OUT.md [CONTENDER_REGEX]
 * </pre>
 *
 * <p>Scenarios: {@code allUsers}, {@code page}, {@code userById}, {@code firstPosts}, {@code insert}, {@code
 * nestedGraph} (on a dataset with tags, {@code nested10k} or {@code nested1k}) and {@code stream}
 * (every user in id order through a cursor; {@code bench/run.sh} gives its JVM a 256 MB heap, and
 * its table adds the posts read per second at the median time). Each contender
 * first proves its checksum, as in the JMH runs. Not a replacement for JMH (no dead-code or
 * warm-up control beyond a fixed warm-up): it answers "how far apart are two contenders on this
 * machine", not "how long does one take".
 */
public final class Interleaved {

  private static final long SLOT_NANOS = 200_000_000L;
  private static final int WARMUP_ROUNDS = 5;

  private Interleaved() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println("usage: Interleaved allUsers|page|userById|firstPosts|insert|nestedGraph|stream DATASET ROUNDS OUT.md [CONTENDER_REGEX]");
      System.exit(2);
    }
    String scenario = args[0];
    Dataset dataset = Dataset.named(args[1]);
    int rounds = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    Pattern only = Pattern.compile(args.length > 4 ? args[4] : ".*");
    Scenario operation = Scenario.named(scenario, dataset);
    List<String> names =
        Contenders.forScenario(scenario).stream()
            .filter(name -> Contenders.RAW_JDBC.contains(name) || only.matcher(name).find())
            .toList();

    try (PostgresServer server = PostgresServers.start(PostgresServers.Source.EXPLICIT_URL, PostgresServers.Source.EMBEDDED);
        TestDatabase database = server.createDatabase()) {
      Migrations.of(database.dataSource()).migrate();
      Seeder.seed(database.dataSource(), dataset);
      String prefix = Fixture.DB_PROPERTY + dataset.name() + ".";
      System.setProperty(prefix + "url", database.jdbcUrl());
      System.setProperty(prefix + "user", database.user());
      System.setProperty(prefix + "password", database.password());

      Map<String, Fixture> fixtures = new LinkedHashMap<>();
      try {
        for (String name : names) {
          Fixture fixture = Fixture.open(dataset.name(), name);
          fixtures.put(name, fixture);
          fixture.verify(operation);
        }
        String table = measure(scenario, dataset, rounds, operation, fixtures);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println(table);
      } finally {
        fixtures.values().forEach(Fixture::close);
      }
    }
  }

  private static String measure(
      String scenario, Dataset dataset, int rounds, Scenario operation, Map<String, Fixture> fixtures) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<String> names = new ArrayList<>(fixtures.keySet());
    Map<String, Integer> reps = new LinkedHashMap<>();
    for (String name : names) {
      long start = System.nanoTime();
      operation.run(fixtures.get(name).contender());
      long once = Math.max(1, System.nanoTime() - start);
      reps.put(name, (int) Math.max(1, Math.min(10_000, SLOT_NANOS / once)));
    }
    Map<String, double[]> wall = new LinkedHashMap<>();
    Map<String, double[]> cpu = new LinkedHashMap<>();
    names.forEach(name -> {
      wall.put(name, new double[rounds]);
      cpu.put(name, new double[rounds]);
    });
    Random random = new Random(42);
    for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
      List<String> order = new ArrayList<>(names);
      Collections.shuffle(order, random);
      for (String name : order) {
        Contender contender = fixtures.get(name).contender();
        int n = reps.get(name);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          operation.run(contender);
        }
        long elapsed = System.nanoTime() - start;
        long cpuTime = threads.getCurrentThreadCpuTime() - cpuStart;
        if (round >= 0) {
          wall.get(name)[round] = elapsed / (double) n;
          cpu.get(name)[round] = cpuTime / (double) n;
        }
      }
    }

    boolean rate = scenario.equals("stream");
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "#### %s, dataset %s: %d interleaved rounds%n%n", scenario, dataset.name(), rounds));
    if (rate) {
      table.append(
          String.format(
              Locale.ROOT, "Max heap %d MB. Posts per second: the dataset's %,d posts divided by the median time.%n%n",
              Runtime.getRuntime().maxMemory() >> 20, dataset.posts()));
    }
    table.append("| contender | median time | × raw JDBC, median of rounds | middle half of rounds | client CPU × raw JDBC |")
        .append(rate ? " posts / s |\n" : "\n");
    table.append("| --- | ---: | ---: | ---: | ---: |").append(rate ? " ---: |\n" : "\n");
    for (String name : names) {
      double[] ratios = new double[rounds];
      double[] cpuRatios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        ratios[round] = wall.get(name)[round] / rawJdbc(wall, round);
        cpuRatios[round] = cpu.get(name)[round] / rawJdbc(cpu, round);
      }
      table.append(
          String.format(
              Locale.ROOT, "| `%s` | %s | %.2fx | %.2f-%.2fx | %.2fx |", name, time(median(wall.get(name))),
              median(ratios), quantile(ratios, 0.25), quantile(ratios, 0.75), median(cpuRatios)));
      if (rate) {
        table.append(String.format(Locale.ROOT, " %,.0f |", dataset.posts() / (median(wall.get(name)) / 1e9)));
      }
      table.append('\n');
    }
    return table.toString();
  }

  /**
   * The faster raw JDBC contender of the round: of {@code jdbc-join} and {@code jdbc-any}, or of the
   * two cursor floors in the stream scenario (the insert scenario has only {@code jdbc-join}).
   */
  private static double rawJdbc(Map<String, double[]> times, int round) {
    double best = Double.MAX_VALUE;
    for (String name : Contenders.RAW_JDBC) {
      double[] values = times.get(name);
      if (values != null) {
        best = Math.min(best, values[round]);
      }
    }
    return best;
  }

  private static double median(double[] values) {
    return quantile(values, 0.5);
  }

  private static double quantile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = (int) Math.ceil(position);
    return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
  }

  private static String time(double nanos) {
    return nanos >= 1e6 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6) : String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
  }
}
