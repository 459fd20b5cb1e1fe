package dev.backref.bench.report;

import dev.backref.bench.contender.Contenders;
import dev.backref.bench.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** JMH results grouped by scenario and dataset, with ratios to the faster raw JDBC contender of the same group. */
public final class Report {

  static final String ALLOCATION = "gc.alloc.rate.norm";

  /** One contender's numbers in one group. */
  public record Row(
      String contender, double score, double error, String unit, double bytesPerOp, String statements, double timeRatio,
      double allocationRatio) {}

  /** One scenario on one dataset. */
  public record Group(String scenario, String dataset, String reference, List<Row> rows) {
    public String title() {
      Dataset data = Dataset.named(dataset);
      String size = "%,d users, %,d posts".formatted(data.users(), data.posts());
      return switch (scenario) {
        case "allUsers" -> "All users with their posts, " + size + (data.heavyUsers() > 0 ? " (" + data.heavyUsers() + " users with " + String.format("%,d", data.postsPerHeavyUser()) + " posts each)" : "");
        case "page" -> "A page of 50 users by keyset, with their posts (" + size + ")";
        case "userById" -> "One user by id with their 10 posts (" + size + ")";
        case "firstPosts" -> "1,000 posts with their authors, by created_at (" + size + ")";
        case "insert" -> "Insert one user with 10 posts, read back, rolled back (" + size + ")";
        case "stream" -> "Every user with their posts streamed in id order, a batch at a time, in a 256 MB heap (" + size + ")";
        case "nestedGraph" ->
            "All users with their posts and each post's tags, " + size
                + ", %,d links to %,d tags".formatted(data.postTags(), data.tags());
        default -> scenario + ", " + size;
      };
    }
  }

  private final List<Group> groups;

  private Report(List<Group> groups) {
    this.groups = groups;
  }

  public List<Group> groups() {
    return groups;
  }

  /** A report of groups built elsewhere, such as the tables of interleaved runs ({@link InterleavedChart}). */
  public static Report of(List<Group> groups) {
    return new Report(List.copyOf(groups));
  }

  public static Report of(List<RunResult> results, Path statements) throws IOException {
    Map<String, List<RunResult>> byGroup = new LinkedHashMap<>();
    for (RunResult result : results) {
      String key = scenario(result) + "|" + result.getParams().getParam("dataset");
      byGroup.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
    }
    List<String> order = Contenders.all();
    List<Group> groups = new ArrayList<>();
    for (List<RunResult> members : byGroup.values()) {
      members.sort(Comparator.comparingInt(r -> order.indexOf(r.getParams().getParam("contender"))));
      RunResult reference =
          members.stream()
              .filter(r -> Contenders.RAW_JDBC.contains(r.getParams().getParam("contender")))
              .min(Comparator.comparingDouble(r -> r.getPrimaryResult().getScore()))
              .orElseThrow(() -> new IllegalStateException("A group without a raw JDBC contender"));
      double referenceTime = reference.getPrimaryResult().getScore();
      double referenceBytes = bytes(reference);
      List<Row> rows = new ArrayList<>();
      for (RunResult member : members) {
        String contender = member.getParams().getParam("contender");
        Result<?> primary = member.getPrimaryResult();
        Path counted = statements.resolve(scenario(member) + "." + member.getParams().getParam("dataset") + "." + contender);
        rows.add(
            new Row(
                contender, primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), bytes(member),
                Files.exists(counted) ? Files.readString(counted).trim() : "?", primary.getScore() / referenceTime,
                bytes(member) / referenceBytes));
      }
      groups.add(
          new Group(
              scenario(members.getFirst()), members.getFirst().getParams().getParam("dataset"),
              reference.getParams().getParam("contender"), rows));
    }
    return new Report(groups);
  }

  public String markdown(Machine machine, String chart) {
    StringBuilder md = new StringBuilder();
    md.append("Time is the JMH average per operation (± the 99.9% confidence half-width); ")
        .append("\"× raw JDBC\" divides by the faster raw JDBC contender of the same table (named above it), ")
        .append("from the same run. Allocation is `gc.alloc.rate.norm` from `-prof gc`. ")
        .append("Statements are counted at the JDBC driver with `StatementRecorder` during the checksum run.\n\n");
    md.append("![time per operation as a ratio to raw JDBC](").append(chart).append(")\n\n");
    for (Group group : groups) {
      Row reference = group.rows().stream().filter(r -> r.contender().equals(group.reference())).findFirst().orElseThrow();
      md.append("#### ").append(group.title()).append("\n\n");
      md.append("Raw JDBC reference: `").append(group.reference()).append("`, ")
          .append(number(reference.score())).append(' ').append(reference.unit()).append(".\n\n");
      md.append("| contender | time | × raw JDBC | allocated / op | × raw JDBC | statements / op |\n");
      md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
      for (Row row : group.rows()) {
        md.append("| `").append(row.contender()).append("` | ")
            .append(number(row.score())).append(" ± ").append(number(row.error())).append(' ').append(row.unit())
            .append(" | ").append(ratio(row.timeRatio())).append(" | ")
            .append(bytes(row.bytesPerOp())).append(" | ").append(ratio(row.allocationRatio())).append(" | ")
            .append(row.statements()).append(" |\n");
      }
      md.append('\n');
    }
    md.append("Machine and settings of this run:\n\n").append(machine.markdown()).append('\n');
    return md.toString();
  }

  /** Replaces the text between {@code <!-- NAME-results:begin -->} and {@code <!-- NAME-results:end -->}. */
  public static void replaceSection(Path readme, String name, String markdown) throws IOException {
    String begin = "<!-- " + name + "-results:begin -->";
    String end = "<!-- " + name + "-results:end -->";
    String text = Files.readString(readme);
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      System.err.println("No " + begin + " ... " + end + " section in " + readme + "; not updated");
      return;
    }
    Files.writeString(readme, text.substring(0, from + begin.length()) + "\n" + markdown + "\n" + text.substring(to));
  }

  static String scenario(RunResult result) {
    String benchmark = result.getParams().getBenchmark();
    return benchmark.substring(benchmark.lastIndexOf('.') + 1);
  }

  private static double bytes(RunResult result) {
    Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
    return allocation == null ? Double.NaN : allocation.getScore();
  }

  static String number(double value) {
    if (value >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String ratio(double value) {
    return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, value >= 10 ? "%.0fx" : "%.2fx", value);
  }

  static String bytes(double value) {
    if (Double.isNaN(value)) {
      return "?";
    }
    if (value >= 1e6) {
      return String.format(Locale.ROOT, "%.1f MB", value / 1e6);
    }
    if (value >= 1e3) {
      return String.format(Locale.ROOT, "%.1f kB", value / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f B", value);
  }
}
