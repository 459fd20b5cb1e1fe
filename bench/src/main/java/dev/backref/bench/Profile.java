package dev.backref.bench;

import dev.backref.bench.contender.Contenders;
import dev.backref.bench.data.Dataset;
import dev.backref.persistence.FetchPolicy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** What {@code quick}, {@code full} and {@code nested} run: datasets, scenarios, contenders and JMH settings. */
enum Profile {
  /** Checks the whole pipeline in a few minutes; its numbers mean nothing. */
  SMOKE(List.of(Dataset.USERS_1K), List.of(Dataset.NESTED_1K), List.of(), 1, 1, 1, 1, 1, "2g"),
  /**
   * About 65 minutes on a 2-core machine: 1k and 10k users, the nested graph at 10k users, one fork,
   * 5 x 2 s warm-up (3 x 2 s left some forks in a slow JIT state for their whole run), 5 x 2 s measured.
   */
  QUICK(List.of(Dataset.USERS_1K, Dataset.USERS_10K), List.of(Dataset.NESTED_10K), List.of(), 1, 5, 2, 5, 2, "3g"),
  /**
   * Adds 100k users (1M posts), a second fork and a 10 GB heap per fork, and streams the 100k users
   * in forks of {@value #STREAM_HEAP}: about 100 minutes on 2 cores.
   */
  FULL(
      List.of(Dataset.USERS_1K, Dataset.USERS_10K, Dataset.USERS_100K), List.of(Dataset.NESTED_10K), List.of(Dataset.USERS_100K),
      2, 5, 2, 5, 2, "10g"),
  /** The nested graph only (10k users, quick's settings), reported in a section of its own: about 10 minutes. */
  NESTED(List.of(), List.of(Dataset.NESTED_10K), List.of(), 1, 5, 2, 5, 2, "3g");

  /** The heap of a stream fork (as {@code -Xms} and {@code -Xmx}): the bound, far below 1M posts. */
  static final String STREAM_HEAP = "256m";

  /**
   * One JMH invocation: a benchmark class over some datasets and contenders, its forks in the
   * profile's heap unless {@code heap} names another.
   */
  record Plan(Class<?> benchmark, List<Dataset> datasets, List<String> contenders, String heap) {
    Plan(Class<?> benchmark, List<Dataset> datasets, List<String> contenders) {
      this(benchmark, datasets, contenders, null);
    }

    Plan only(Pattern contenderNames) {
      return new Plan(
          benchmark, datasets, contenders.stream().filter(name -> contenderNames.matcher(name).find()).toList(), heap);
    }

    String heap(Settings settings) {
      return heap == null ? settings.heap() : heap;
    }

    String scenario() {
      String name = benchmark.getSimpleName();
      return Character.toLowerCase(name.charAt(0)) + name.substring(1, name.length() - "Benchmark".length());
    }
  }

  /** The join-shaped contenders that a few users with thousands of posts can hurt. */
  static final List<String> SKEW_SENSITIVE =
      List.of(
          Contenders.JDBC_JOIN, Contenders.JDBC_TWO_QUERIES, Contenders.JOOQ_MULTISET, Contenders.JOOQ_TWO_QUERIES,
          Contenders.HIBERNATE_JOIN_FETCH, Contenders.HIBERNATE_STATELESS, Contenders.backref(FetchPolicy.JOINED),
          Contenders.backref(FetchPolicy.MULTISET), Contenders.backref(FetchPolicy.SUBQUERY),
          Contenders.backref(FetchPolicy.SELECT_IN));

  final List<Dataset> allUsersDatasets;
  final List<Dataset> nestedDatasets;
  final List<Dataset> streamDatasets;
  final int forks;
  final int warmupIterations;
  final int warmupSeconds;
  final int measurementIterations;
  final int measurementSeconds;
  final String heap;

  Profile(
      List<Dataset> allUsersDatasets, List<Dataset> nestedDatasets, List<Dataset> streamDatasets, int forks,
      int warmupIterations, int warmupSeconds, int measurementIterations, int measurementSeconds, String heap) {
    this.allUsersDatasets = allUsersDatasets;
    this.nestedDatasets = nestedDatasets;
    this.streamDatasets = streamDatasets;
    this.forks = forks;
    this.warmupIterations = warmupIterations;
    this.warmupSeconds = warmupSeconds;
    this.measurementIterations = measurementIterations;
    this.measurementSeconds = measurementSeconds;
    this.heap = heap;
  }

  List<Plan> plans() {
    Plan nested = new Plan(NestedGraphBenchmark.class, nestedDatasets, Contenders.forNested());
    if (allUsersDatasets.isEmpty()) {
      return List.of(nested);
    }
    List<Plan> plans =
        new ArrayList<>(
            List.of(
                new Plan(AllUsersBenchmark.class, allUsersDatasets, Contenders.forUsers()),
                new Plan(AllUsersBenchmark.class, List.of(Dataset.SKEWED), SKEW_SENSITIVE),
                new Plan(PageBenchmark.class, List.of(Dataset.USERS_10K), Contenders.forUsers()),
                new Plan(UserByIdBenchmark.class, List.of(Dataset.USERS_10K), Contenders.forUsers()),
                new Plan(FirstPostsBenchmark.class, List.of(Dataset.USERS_10K), Contenders.forPosts()),
                new Plan(InsertBenchmark.class, List.of(Dataset.USERS_1K), Contenders.forInsert()),
                nested));
    if (!streamDatasets.isEmpty()) {
      plans.add(new Plan(StreamBenchmark.class, streamDatasets, Contenders.forStream(), STREAM_HEAP));
    }
    return List.copyOf(plans);
  }

  List<Dataset> datasets() {
    LinkedHashSet<Dataset> datasets = new LinkedHashSet<>();
    plans().forEach(plan -> datasets.addAll(plan.datasets()));
    return new ArrayList<>(datasets);
  }

  /**
   * The JMH settings of this profile, with {@code -Dbackref.bench.forks=N}, {@code
   * -Dbackref.bench.warmup=NxS} and {@code -Dbackref.bench.measurement=NxS} (N iterations of S
   * seconds) overriding them, e.g. for a long run of one contender under JFR.
   */
  Settings settings() {
    int[] warmup = iterations("backref.bench.warmup", warmupIterations, warmupSeconds);
    int[] measurement = iterations("backref.bench.measurement", measurementIterations, measurementSeconds);
    return new Settings(
        Integer.getInteger("backref.bench.forks", forks), warmup[0], warmup[1], measurement[0], measurement[1], heap);
  }

  private static int[] iterations(String property, int count, int seconds) {
    String value = System.getProperty(property);
    if (value == null) {
      return new int[] {count, seconds};
    }
    String[] parts = value.split("x", -1);
    try {
      if (parts.length == 2 && Integer.parseInt(parts[0]) > 0 && Integer.parseInt(parts[1]) > 0) {
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(property + " must be ITERATIONSxSECONDS, e.g. 5x2, not " + value);
  }

  /** JMH settings of one run. */
  record Settings(
      int forks, int warmupIterations, int warmupSeconds, int measurementIterations, int measurementSeconds, String heap) {

    @Override
    public String toString() {
      return "JMH 1.37, mode avgt, %d fork(s), %d warm-up x %d s, %d measurement x %d s, -prof gc, fork heap -Xms%s -Xmx%s (G1)"
          .formatted(forks, warmupIterations, warmupSeconds, measurementIterations, measurementSeconds, heap, heap);
    }
  }
}
