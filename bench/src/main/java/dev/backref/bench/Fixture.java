package dev.backref.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.bench.contender.Contender;
import dev.backref.bench.contender.Contenders;
import dev.backref.bench.data.Dataset;
import dev.backref.persistence.StatementRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToLongFunction;

/**
 * What a benchmark fork sets up: a HikariCP pool on the seeded database the runner named in system
 * properties, one contender on it, and the proof that it returns the expected graph. The same pool
 * settings for every contender.
 */
public final class Fixture implements AutoCloseable {

  static final String DB_PROPERTY = "backref.bench.db.";
  static final String OUT_PROPERTY = "backref.bench.out";
  static final int POOL_SIZE = 4;

  private final Dataset dataset;
  private final String contenderName;
  private final HikariDataSource pool;
  private final StatementRecorder recorder;
  private final Routing routing;
  private final Contender contender;

  private Fixture(Dataset dataset, String contenderName) {
    this.dataset = dataset;
    this.contenderName = contenderName;
    this.pool = pool(dataset, contenderName);
    this.recorder = StatementRecorder.wrap(pool);
    this.routing = new Routing(pool);
    this.contender = Contenders.create(contenderName, routing);
  }

  public static Fixture open(String datasetName, String contenderName) {
    return new Fixture(Dataset.named(datasetName), contenderName);
  }

  public Dataset dataset() {
    return dataset;
  }

  public Contender contender() {
    return contender;
  }

  /** {@link #verify(String, long, ToLongFunction)} for a read scenario. */
  void verify(Scenario scenario) {
    verify(scenario.name(), scenario.expected(), scenario.checksum());
  }

  /**
   * Runs the operation once through the statement recorder, fails the run if its checksum is not
   * {@code expected}, and records its statement count for the report.
   */
  public void verify(String scenario, long expected, ToLongFunction<Contender> operation) {
    recorder.reset();
    routing.to(recorder.dataSource());
    long actual;
    try {
      actual = operation.applyAsLong(contender);
    } finally {
      routing.to(pool);
    }
    int statements = recorder.count();
    if (actual != expected) {
      throw new IllegalStateException(
          contenderName + " returned a different graph for " + scenario + " on dataset " + dataset.name()
              + ": checksum " + Long.toHexString(actual) + ", expected " + Long.toHexString(expected));
    }
    String out = System.getProperty(OUT_PROPERTY);
    if (out != null) {
      try {
        Path file = Path.of(out, "statements", scenario + "." + dataset.name() + "." + contenderName);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Integer.toString(statements));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      contender.close();
    } finally {
      pool.close();
    }
  }

  private static HikariDataSource pool(Dataset dataset, String contenderName) {
    String prefix = DB_PROPERTY + dataset.name() + ".";
    String url = System.getProperty(prefix + "url");
    if (url == null) {
      throw new IllegalStateException(
          "No database for dataset " + dataset.name() + " (" + prefix + "url): run the benchmarks through bench/run.sh");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(System.getProperty(prefix + "user"));
    config.setPassword(System.getProperty(prefix + "password", ""));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(POOL_SIZE);
    config.setAutoCommit(true);
    config.setPoolName("bench-" + contenderName);
    return new HikariDataSource(config);
  }
}
