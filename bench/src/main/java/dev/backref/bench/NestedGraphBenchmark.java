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

/** Every user with their posts and each post's tags; batched relations are read inside the operation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NestedGraphBenchmark {

  @Param("nested10k")
  public String dataset;

  @Param("jdbc-join")
  public String contender;

  private Fixture fixture;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(dataset, contender);
    fixture.verify(Scenario.nestedGraph(fixture.dataset()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public void nestedGraph(Blackhole blackhole) {
    Touch.graph(fixture.contender().nestedGraph(), blackhole);
  }
}
