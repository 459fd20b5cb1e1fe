package dev.backref.bench;

import java.util.List;
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

/** One user by id with their posts. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UserByIdBenchmark {

  @Param("10k")
  public String dataset;

  @Param("jdbc-join")
  public String contender;

  private Fixture fixture;
  private long id;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(dataset, contender);
    id = Workload.userId(fixture.dataset());
    fixture.verify(Scenario.userById(fixture.dataset()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public void userById(Blackhole blackhole) {
    Touch.users(List.of(fixture.contender().userById(id)), blackhole);
  }
}
