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

/** The first 1,000 posts by created_at, id, each with its author (one instance per author). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FirstPostsBenchmark {

  @Param("10k")
  public String dataset;

  @Param("jdbc-join")
  public String contender;

  private Fixture fixture;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(dataset, contender);
    fixture.verify(Scenario.firstPosts(fixture.dataset()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public void firstPosts(Blackhole blackhole) {
    Touch.posts(fixture.contender().firstPosts(Workload.FIRST_POSTS), blackhole);
  }
}
