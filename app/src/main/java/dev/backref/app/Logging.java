package dev.backref.app;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps libraries quiet on the console: slf4j-simple reads these system properties when a logger is
 * created, and they win over {@code simplelogger.properties}.
 */
final class Logging {

  private static final String PREFIX = "org.slf4j.simpleLogger.";

  /**
   * The PostgreSQL driver logs through java.util.logging, to standard error, for example a warning
   * about a malformed URL before the app's own one-line error. Held here because JUL keeps loggers
   * only weakly, and would forget the level.
   */
  private static final Logger POSTGRES_DRIVER = Logger.getLogger("org.postgresql");

  private Logging() {}

  /** jOOQ's banner and tips are off unless somebody turned them on. */
  static void quietDefaults() {
    System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
    System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
  }

  /**
   * With {@code --verbose}, libraries log at INFO (HikariCP, Flyway, embedded PostgreSQL included)
   * and the PostgreSQL driver at its default level; without, the driver is silent.
   */
  static void configure(boolean verbose) {
    POSTGRES_DRIVER.setLevel(verbose ? null : Level.OFF);
    if (verbose) {
      System.setProperty(PREFIX + "defaultLogLevel", "info");
      System.setProperty(PREFIX + "log.com.zaxxer.hikari", "info");
      System.setProperty(PREFIX + "log.io.zonky", "info");
      System.setProperty(PREFIX + "log.org.flywaydb", "info");
    }
  }
}
