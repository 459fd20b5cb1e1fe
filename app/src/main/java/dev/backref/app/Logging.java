package dev.backref.app;

/**
 * Keeps libraries quiet on the console: slf4j-simple reads these system properties when a logger is
 * created, and they win over {@code simplelogger.properties}.
 */
final class Logging {

  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private Logging() {}

  /** jOOQ's banner and tips are off unless somebody turned them on. */
  static void quietDefaults() {
    System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
    System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
  }

  /** With {@code --verbose}, libraries log at INFO (HikariCP, Flyway, embedded PostgreSQL included). */
  static void configure(boolean verbose) {
    if (verbose) {
      System.setProperty(PREFIX + "defaultLogLevel", "info");
      System.setProperty(PREFIX + "log.com.zaxxer.hikari", "info");
      System.setProperty(PREFIX + "log.io.zonky", "info");
      System.setProperty(PREFIX + "log.org.flywaydb", "info");
    }
  }
}
