package dev.backref.bench;

import dev.backref.bench.data.Checksum;
import dev.backref.bench.data.Expected;
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

/** Inserting one user with 10 posts and reading the graph back, in a transaction that is rolled back: the table never grows; a commit is not measured. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InsertBenchmark {

  @Param("1k")
  public String dataset;

  @Param("jdbc-join")
  public String contender;

  private Fixture fixture;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(dataset, contender);
    fixture.verify(
        "insert",
        Expected.inserted(Workload.NEW_USERNAME, Workload.NEW_POSTS),
        c -> Checksum.ofInserted(c.insertRolledBack(Workload.NEW_USERNAME, Workload.NEW_POSTS)));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  @Benchmark
  public void insert(Blackhole blackhole) {
    blackhole.consume(fixture.contender().insertRolledBack(Workload.NEW_USERNAME, Workload.NEW_POSTS));
  }
}
