package dev.backref.spring.boot;

import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.PostgresServers;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Empty databases for Spring application contexts, on one PostgreSQL server per test JVM (found as
 * the rest of the build finds one: {@link PostgresServers}). Unlike {@code @MigratedPostgres}, a
 * database here is not migrated: the application context under test must migrate it. The databases
 * are dropped and the server stopped when the JVM exits, after Spring closed its cached contexts
 * or not ({@code DROP DATABASE ... WITH (FORCE)}).
 */
final class SpringPostgres {

  private static PostgresServer server;
  private static final List<TestDatabase> databases = new ArrayList<>();

  private SpringPostgres() {}

  /** A new empty database. */
  static synchronized TestDatabase newDatabase() {
    if (server == null) {
      server =
          PostgresServers.start(
              PostgresServers.Source.EXPLICIT_URL, PostgresServers.Source.TESTCONTAINERS, PostgresServers.Source.EMBEDDED);
      Runtime.getRuntime().addShutdownHook(new Thread(SpringPostgres::stop, "drop test databases"));
    }
    TestDatabase database = server.createDatabase();
    databases.add(database);
    return database;
  }

  /** Points Spring Boot's {@code spring.datasource.*} at a new empty database, and returns it. */
  static TestDatabase register(DynamicPropertyRegistry registry) {
    TestDatabase database = newDatabase();
    registry.add("spring.datasource.url", database::jdbcUrl);
    registry.add("spring.datasource.username", database::user);
    registry.add("spring.datasource.password", database::password);
    return database;
  }

  /** Spring Boot properties for a new empty database, for an {@code ApplicationContextRunner}. */
  static String[] properties() {
    TestDatabase database = newDatabase();
    return new String[] {
      "spring.datasource.url=" + database.jdbcUrl(),
      "spring.datasource.username=" + database.user(),
      "spring.datasource.password=" + database.password()
    };
  }

  private static synchronized void stop() {
    try {
      for (TestDatabase database : databases) {
        database.close();
      }
    } catch (RuntimeException e) {
      // The server goes next, and its databases with it when it is embedded.
    } finally {
      server.close();
    }
  }
}
