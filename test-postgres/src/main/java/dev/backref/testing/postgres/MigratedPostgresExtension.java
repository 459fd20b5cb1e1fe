package dev.backref.testing.postgres;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit Jupiter extension behind {@link MigratedPostgres}; use the annotation rather than this
 * class. Thread-safe: the shared server and template are created at most once per run.
 */
public final class MigratedPostgresExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MigratedPostgresExtension.class);

  /** Creates the extension; JUnit does this. */
  public MigratedPostgresExtension() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    classDatabase(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestDatabase.class || type == DataSource.class || type == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == PostgresServer.class) {
      return shared(context).server();
    }
    TestDatabase database = classDatabase(context);
    if (type == TestDatabase.class) {
      return database;
    }
    if (type == DataSource.class) {
      return database.dataSource();
    }
    throw new ParameterResolutionException("Unsupported parameter type " + type.getName());
  }

  private static TestDatabase classDatabase(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext
        .getStore(NAMESPACE)
        .computeIfAbsent(
            TestDatabase.class,
            key -> shared(context).server().createDatabase(shared(context).template()),
            TestDatabase.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getParent().isPresent() && current.getParent().get().getTestClass().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static Shared shared(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Shared.class, key -> Shared.start(), Shared.class);
  }

  /** The run-wide server and migrated template; closed by JUnit when the run ends. */
  record Shared(PostgresServer server, String template) implements AutoCloseable {

    static Shared start() {
      PostgresServer server =
          PostgresServers.start(
              PostgresServers.Source.EXPLICIT_URL,
              PostgresServers.Source.TESTCONTAINERS,
              PostgresServers.Source.EMBEDDED);
      String template = server.uniqueName("backref_template");
      try {
        server.execute("CREATE DATABASE " + PostgresServer.quote(template));
        Flyway.configure(MigratedPostgresExtension.class.getClassLoader())
            .dataSource(server.dataSource(template))
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .load()
            .migrate();
        return new Shared(server, template);
      } catch (RuntimeException e) {
        server.dropDatabase(template);
        server.close();
        throw new IllegalStateException(
            "Could not prepare the migrated template database on " + server.description()
                + ": " + e.getMessage(),
            e);
      }
    }

    @Override
    public void close() {
      try {
        server.dropDatabase(template);
      } finally {
        server.close();
      }
    }
  }
}
