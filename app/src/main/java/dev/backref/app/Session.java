package dev.backref.app;

import dev.backref.persistence.Backref;
import dev.backref.persistence.OnReplicaFailure;
import dev.backref.persistence.StatementRecorder;
import dev.backref.schema.Migrations;
import javax.sql.DataSource;

/**
 * What a command works with: the open {@link Database}, a {@link StatementRecorder} around its pool
 * (what {@code statements} and {@code --sql} report) and a {@link Backref} on the recorder.
 * Closing it closes the database.
 */
final class Session implements AutoCloseable {

  /** How a command uses the database. */
  enum Kind {
    /** Reads and writes data: the schema is brought up to date first; a small pool. */
    DATA(4, true, false, false, true),
    /** Manages migrations itself; statements may run long ({@code --db-bulk-timeout}). */
    MIGRATE(2, false, false, true, false),
    /** Inserts data in bulk; statements may run long ({@code --db-bulk-timeout}). */
    SEED(4, true, false, true, false),
    /** The demo: a throwaway embedded database unless one is named; reads what it just wrote, so from the primary. */
    DEMO(4, true, true, false, false),
    /** The HTTP server: a larger pool for concurrent requests. */
    SERVE(10, true, false, false, true);

    final int poolSize;
    final boolean migrate;
    final boolean throwawayByDefault;
    final boolean bulk;
    /** Whether reads outside transactions go to {@code --db-read-url}, when given. */
    final boolean readsFromReplicas;

    Kind(int poolSize, boolean migrate, boolean throwawayByDefault, boolean bulk, boolean readsFromReplicas) {
      this.poolSize = poolSize;
      this.migrate = migrate;
      this.throwawayByDefault = throwawayByDefault;
      this.bulk = bulk;
      this.readsFromReplicas = readsFromReplicas;
    }
  }

  private final Database database;
  private final StatementRecorder recorder;
  private final StatementRecorder reads;
  private final Backref backref;

  private Session(Database database, StatementRecorder recorder, StatementRecorder reads, Backref backref) {
    this.database = database;
    this.recorder = recorder;
    this.reads = reads;
    this.backref = backref;
  }

  /** Statements the command sent so far, to the primary and to the read replicas of {@code --db-read-url}. */
  int statements() {
    return recorder.count() + (reads == null ? 0 : reads.count());
  }

  /**
   * Opens the database named by the global options, with the timeouts they set: {@code
   * --db-timeout} for statements, or {@code --db-bulk-timeout} for {@link Kind#bulk} kinds.
   * Migrations run on the pool itself, so that the recorder counts only what the command does, and
   * under {@code --db-bulk-timeout} whatever the kind: applying a migration may take long.
   */
  static Session open(BlogCommand blog, Kind kind) {
    Database.Timeouts timeouts = kind.bulk ? blog.bulkTimeouts() : blog.timeouts();
    blog.timeoutsInForce(timeouts, kind.bulk ? BlogCommand.BULK_TIMEOUT_OPTION : BlogCommand.TIMEOUT_OPTION);
    Database database = Database.open(
        blog.databaseSettings(kind.throwawayByDefault), kind.poolSize, timeouts, notice -> blog.err.println("blog: " + notice));
    try {
      if (kind.migrate) {
        DataSource migrations = kind.bulk ? database.dataSource() : database.dataSource(blog.bulkTimeouts().statement());
        try {
          Migrations.of(migrations).migrate();
        } catch (RuntimeException e) {
          blog.timeoutsInForce(blog.bulkTimeouts(), BlogCommand.BULK_TIMEOUT_OPTION);
          throw e;
        }
        blog.timeoutsInForce(timeouts, kind.bulk ? BlogCommand.BULK_TIMEOUT_OPTION : BlogCommand.TIMEOUT_OPTION);
      }
      StatementRecorder recorder = StatementRecorder.wrap(database.dataSource());
      Backref.Builder builder = Backref.builder(recorder.dataSource());
      StatementRecorder reads = null;
      if (database.readDataSource() != null && kind.readsFromReplicas) {
        reads = StatementRecorder.wrap(database.readDataSource());
        builder.replica(reads.dataSource(), OnReplicaFailure.FAIL);
      }
      if (blog.sql) {
        // With replicas, --sql says which server answered.
        String primary = reads == null ? ";" : "; -- primary";
        recorder.onStatement(sql -> blog.err.println(sql + primary));
        if (reads != null) {
          reads.onStatement(sql -> blog.err.println(sql + "; -- replica"));
        }
      }
      return new Session(database, recorder, reads, builder.build());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  Database database() {
    return database;
  }

  StatementRecorder recorder() {
    return recorder;
  }

  Backref backref() {
    return backref;
  }

  @Override
  public void close() {
    database.close();
  }
}
