package dev.backref.app;

import dev.backref.persistence.Backref;
import dev.backref.persistence.StatementRecorder;
import dev.backref.schema.Migrations;

/**
 * What a command works with: the open {@link Database}, a {@link StatementRecorder} around its pool
 * (what {@code statements} and {@code --sql} report) and a {@link Backref} on the recorder.
 * Closing it closes the database.
 */
final class Session implements AutoCloseable {

  /** How a command uses the database. */
  enum Kind {
    /** Reads and writes data: the schema is brought up to date first; a small pool. */
    DATA(4, true, false),
    /** Manages migrations itself. */
    MIGRATE(2, false, false),
    /** The demo: a throwaway embedded database unless one is named. */
    DEMO(4, true, true),
    /** The HTTP server: a larger pool for concurrent requests. */
    SERVE(10, true, false);

    final int poolSize;
    final boolean migrate;
    final boolean throwawayByDefault;

    Kind(int poolSize, boolean migrate, boolean throwawayByDefault) {
      this.poolSize = poolSize;
      this.migrate = migrate;
      this.throwawayByDefault = throwawayByDefault;
    }
  }

  private final Database database;
  private final StatementRecorder recorder;
  private final Backref backref;

  private Session(Database database, StatementRecorder recorder, Backref backref) {
    this.database = database;
    this.recorder = recorder;
    this.backref = backref;
  }

  /**
   * Opens the database named by the global options. Migrations run on the pool itself, so that
   * the recorder counts only what the command does.
   */
  static Session open(BlogCommand blog, Kind kind) {
    Database database = Database.open(blog.databaseSettings(kind.throwawayByDefault), kind.poolSize);
    try {
      if (kind.migrate) {
        Migrations.of(database.dataSource()).migrate();
      }
      StatementRecorder recorder = StatementRecorder.wrap(database.dataSource());
      if (blog.sql) {
        recorder.onStatement(sql -> blog.err.println(sql + ";"));
      }
      return new Session(database, recorder, Backref.create(recorder.dataSource()));
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
