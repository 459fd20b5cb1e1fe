package dev.backref.bench;

import dev.backref.bench.contender.Contenders;
import dev.backref.bench.data.Dataset;
import dev.backref.bench.data.Seeder;
import dev.backref.bench.report.Chart;
import dev.backref.bench.report.Machine;
import dev.backref.bench.report.Report;
import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.PostgresServers;
import dev.backref.testing.postgres.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs a {@link Profile}: starts one PostgreSQL (an explicit JDBC URL, else embedded), seeds one
 * database per dataset, runs every plan with JMH (each fork connects to those databases), then
 * writes the report, the chart and the README section.
 *
 * <pre>
 * java -cp ... dev.backref.bench.BenchMain smoke|quick|full|nested OUT_DIR [README [CHART]]
 * </pre>
 *
 * <p>{@code -Dbackref.bench.only=REGEX} restricts the run to the scenarios whose name matches,
 * {@code -Dbackref.bench.contenders=REGEX} to the matching contenders, {@code
 * -Dbackref.bench.jfr=true} adds JMH's JFR profiler (one recording per fork, under OUT_DIR, with
 * JFR's {@code profile} settings), and {@code -Dbackref.bench.batchSize=N} builds this library's
 * contenders with that batch size. {@code -Dbackref.bench.forks}, {@code -Dbackref.bench.warmup} and
 * {@code -Dbackref.bench.measurement} override the profile's JMH settings (see {@link
 * Profile#settings()}).
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws IOException, RunnerException, SQLException {
    if (args.length < 2) {
      System.err.println("usage: BenchMain smoke|quick|full|nested OUT_DIR [README.md [chart.png]]");
      System.exit(2);
    }
    Profile profile = Profile.valueOf(args[0].toUpperCase(Locale.ROOT));
    Path out = Path.of(args[1]).toAbsolutePath();
    Path readme = args.length > 2 ? Path.of(args[2]) : null;
    Path chart = args.length > 3 ? Path.of(args[3]) : out.resolve(profile.name().toLowerCase(Locale.ROOT) + ".png");
    Pattern only = Pattern.compile(System.getProperty("backref.bench.only", ".*"));
    Pattern contenders = Pattern.compile(System.getProperty("backref.bench.contenders", ".*"));
    List<Profile.Plan> plans =
        profile.plans().stream()
            .filter(plan -> only.matcher(plan.scenario()).find())
            .map(plan -> plan.only(contenders))
            .filter(plan -> !plan.contenders().isEmpty())
            .toList();
    deleteRecursively(out.resolve("statements"));
    Files.createDirectories(out);
    Profile.Settings settings = profile.settings();
    String loadBefore = Machine.loadAverage();

    try (PostgresServer server = PostgresServers.start(PostgresServers.Source.EXPLICIT_URL, PostgresServers.Source.EMBEDDED)) {
      System.out.println("PostgreSQL: " + server.description());
      List<TestDatabase> databases = new ArrayList<>();
      try {
        List<String> jvmArgs = new ArrayList<>(List.of("-Dorg.jboss.logging.provider=slf4j"));
        jvmArgs.add("-D" + Fixture.OUT_PROPERTY + "=" + out);
        String batchSize = System.getProperty(Contenders.BATCH_SIZE_PROPERTY);
        if (batchSize != null) {
          jvmArgs.add("-D" + Contenders.BATCH_SIZE_PROPERTY + "=" + batchSize);
        }
        List<Dataset> datasets = plans.stream().flatMap(plan -> plan.datasets().stream()).distinct().toList();
        for (Dataset dataset : datasets) {
          long start = System.nanoTime();
          TestDatabase database = server.createDatabase();
          databases.add(database);
          Migrations.of(database.dataSource()).migrate();
          Seeder.seed(database.dataSource(), dataset);
          System.out.printf(
              "Seeded %s: %,d users, %,d posts%s in %.1f s%n", dataset.name(), dataset.users(), dataset.posts(),
              dataset.tags() == 0 ? "" : ", %,d links to %,d tags".formatted(dataset.postTags(), dataset.tags()),
              (System.nanoTime() - start) / 1e9);
          String prefix = "-D" + Fixture.DB_PROPERTY + dataset.name() + ".";
          jvmArgs.add(prefix + "url=" + database.jdbcUrl());
          jvmArgs.add(prefix + "user=" + database.user());
          jvmArgs.add(prefix + "password=" + database.password());
        }
        String postgresVersion = postgresVersion(databases.getFirst());

        List<RunResult> results = new ArrayList<>();
        for (Profile.Plan plan : plans) {
          List<String> forkArgs = new ArrayList<>(List.of("-Xms" + plan.heap(settings), "-Xmx" + plan.heap(settings)));
          forkArgs.addAll(jvmArgs);
          OptionsBuilder builder = new OptionsBuilder();
          if (Boolean.getBoolean("backref.bench.jfr")) {
            builder.addProfiler(JavaFlightRecorderProfiler.class, "dir=" + out.resolve("jfr") + ";configName=profile");
          }
          Options options =
              builder
                  .include("^" + Pattern.quote(plan.benchmark().getName()) + "\\.")
                  .param("dataset", plan.datasets().stream().map(Dataset::name).toArray(String[]::new))
                  .param("contender", plan.contenders().toArray(String[]::new))
                  .forks(settings.forks())
                  .warmupIterations(settings.warmupIterations())
                  .warmupTime(TimeValue.seconds(settings.warmupSeconds()))
                  .measurementIterations(settings.measurementIterations())
                  .measurementTime(TimeValue.seconds(settings.measurementSeconds()))
                  .addProfiler(GCProfiler.class)
                  .jvmArgs(forkArgs.toArray(String[]::new))
                  .shouldFailOnError(true)
                  .resultFormat(ResultFormatType.JSON)
                  .result(out.resolve(plan.scenario() + "-" + plan.datasets().getFirst().name() + ".json").toString())
                  .build();
          results.addAll(new Runner(options).run());
        }

        StringBuilder described = new StringBuilder(settings.toString());
        for (Profile.Plan plan : plans) {
          if (plan.heap() != null) {
            described.append("; ").append(plan.benchmark().getSimpleName()).append(" forks -Xms").append(plan.heap())
                .append(" -Xmx").append(plan.heap());
          }
        }
        Machine machine = Machine.describe(postgresVersion, server.description(), described.toString(), loadBefore);
        Report report = Report.of(results, out.resolve("statements"));
        String name = profile.name().toLowerCase(Locale.ROOT);
        Chart.write(report, chart, name + " profile, " + machine.summary());
        String markdown = report.markdown(machine, readme == null ? chart.toString() : readme.toAbsolutePath().getParent().relativize(chart.toAbsolutePath()).toString());
        Files.writeString(out.resolve(name + ".md"), markdown);
        if (readme != null) {
          Report.replaceSection(readme, name, markdown);
        }
        System.out.println(markdown);
      } finally {
        databases.forEach(TestDatabase::close);
      }
    }
  }

  private static String postgresVersion(TestDatabase database) throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("show server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (Files.exists(directory)) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
