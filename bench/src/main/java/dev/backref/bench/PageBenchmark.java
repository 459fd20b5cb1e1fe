package dev.backref.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/** A keyset page of 50 users with their posts, from the middle of username order. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PageBenchmark {

  @Param("10k")
  public String dataset;

  @Param("jdbc-join")
  public String contender;

  private Fixture fixture;
  private String after;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(dataset, contender);
    after = Workload.pageAfter(fixture.dataset());
    fixture.verify(Scenario.page(fixture.dataset()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public void page(Blackhole blackhole) {
    Touch.users(fixture.contender().page(after, Workload.PAGE_SIZE), blackhole);
  }
}
