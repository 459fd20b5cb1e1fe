package dev.backref.persistence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what the library logs through {@link System.Logger} under one name. Without a custom
 * {@code LoggerFinder} (none is on the test classpath) System.Logger writes to java.util.logging,
 * where this handler listens. Close it after the test.
 */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  final List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());

  /** JUL holds loggers weakly: the field keeps this one, and its handler, while capturing. */
  LogCapture(String name) {
    this.logger = Logger.getLogger(name);
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
