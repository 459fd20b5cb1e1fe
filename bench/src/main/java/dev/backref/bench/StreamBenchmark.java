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

/**
 * Every user with their posts in id order, streamed through a cursor a batch at a time and folded
 * into a checksum without being kept. {@link Profile} runs its forks in a 256 MB heap, which the
 * 100k dataset (1M posts) does not fit in.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamBenchmark {

  @Param("100k")
  public String dataset;

  @Param("jdbc-cursor")
  public String contender;

  private Fixture fixture;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = Fixture.open(dataset, contender);
    fixture.verify(Scenario.stream(fixture.dataset()));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
  }

  /** The checksum is the operation's result: JMH consumes it, so nothing is elided. */
  @Benchmark
  public long stream() {
    return fixture.contender().streamAllUsers();
  }
}
