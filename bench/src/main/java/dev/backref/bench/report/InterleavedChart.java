package dev.backref.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws the tables of interleaved runs ({@code bench/target/results/interleaved/*.md}) as one chart
 * of median ratios to raw JDBC, with {@link Chart}: the picture of a round of measurements that
 * {@code Interleaved} wrote one table at a time.
 *
 * <pre>
 * java -cp ... dev.backref.bench.report.InterleavedChart OUT.png "subtitle" RUN.md...
 * </pre>
 */
public final class InterleavedChart {

  private static final Pattern HEADING = Pattern.compile("^#### (\\w+), dataset (\\w+): .*");
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| ([0-9.,]+) (ms|µs|s) \\| ([0-9.]+)x \\|.*");

  private InterleavedChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: InterleavedChart OUT.png SUBTITLE RUN.md...");
      System.exit(2);
    }
    List<Report.Group> groups = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      groups.add(group(Files.readAllLines(Path.of(args[i]))));
    }
    Chart.write(Report.of(groups), Path.of(args[0]), args[1]);
  }

  static Report.Group group(List<String> lines) {
    String scenario = null;
    String dataset = null;
    List<Report.Row> rows = new ArrayList<>();
    for (String line : lines) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        scenario = heading.group(1);
        dataset = heading.group(2);
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        double time = Double.parseDouble(row.group(2).replace(",", ""));
        double ratio = Double.parseDouble(row.group(4));
        rows.add(new Report.Row(row.group(1), time, Double.NaN, row.group(3) + "/op", Double.NaN, "", ratio, Double.NaN));
      }
    }
    if (scenario == null || rows.isEmpty()) {
      throw new IllegalArgumentException("not an interleaved table: " + String.join("\n", lines.subList(0, Math.min(5, lines.size()))));
    }
    return new Report.Group(scenario, dataset, String.format(Locale.ROOT, "median of rounds"), rows);
  }
}
