package dev.backref.testing.postgres;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link MigratedPostgres}; use the annotation rather than this
 * class. Thread-safe: the shared server and template are created at most once per run.
 */
public final class MigratedPostgresExtension implements BeforeAllCallback, ParameterResolver {

  /** System property naming extra migration locations for every test class of the run. */
  public static final String MIGRATIONS_PROPERTY = "backref.test.migrations";

  /** Environment variable read when {@value #MIGRATIONS_PROPERTY} is not set. */
  public static final String MIGRATIONS_ENV = "BACKREF_TEST_MIGRATIONS";

  /** Always migrated first. */
  static final String DEFAULT_LOCATION = "classpath:db/migration";

  /** Names that {@value #MIGRATIONS_PROPERTY} accepts instead of a location. */
  private static final Map<String, String> NAMED_SETS = Map.of("citus", "classpath:db/citus");

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
            key -> {
              Shared shared = shared(context);
              return shared.server().createDatabase(shared.template(locations(classContext.getRequiredTestClass())));
            },
            TestDatabase.class);
  }

  /**
   * {@code classpath:db/migration}, then the locations named by {@value #MIGRATIONS_PROPERTY}, then
   * those of the class's {@link MigratedPostgres#extraLocations()}; each once, in that order.
   */
  static List<String> locations(Class<?> testClass) {
    Set<String> locations = new LinkedHashSet<>();
    locations.add(DEFAULT_LOCATION);
    locations.addAll(fromSetting(PostgresServers.setting(MIGRATIONS_PROPERTY, MIGRATIONS_ENV)));
    AnnotationSupport.findAnnotation(testClass, MigratedPostgres.class)
        .ifPresent(annotation -> locations.addAll(List.of(annotation.extraLocations())));
    return List.copyOf(locations);
  }

  static List<String> fromSetting(String setting) {
    List<String> locations = new ArrayList<>();
    if (setting == null) {
      return locations;
    }
    for (String entry : setting.split(",")) {
      String name = entry.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (name.contains(":")) {
        locations.add(name);
      } else if (NAMED_SETS.containsKey(name)) {
        locations.add(NAMED_SETS.get(name));
      } else {
        throw new IllegalStateException(
            MIGRATIONS_PROPERTY + " names an unknown migration set '" + name + "': use a Flyway location"
                + " (classpath:..., filesystem:...) or one of " + NAMED_SETS.keySet());
      }
    }
    return locations;
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

  /**
   * The run-wide server and its migrated templates, one per list of locations, each made when a
   * class first needs it; closed by JUnit when the run ends.
   */
  record Shared(PostgresServer server, Map<List<String>, String> templates) implements AutoCloseable {

    static Shared start() {
      PostgresServer server =
          PostgresServers.start(
              PostgresServers.Source.EXPLICIT_URL,
              PostgresServers.Source.TESTCONTAINERS,
              PostgresServers.Source.EMBEDDED);
      return new Shared(server, new ConcurrentHashMap<>());
    }

    /** The template migrated with {@code locations}, made on first use. */
    String template(List<String> locations) {
      return templates.computeIfAbsent(locations, this::migratedTemplate);
    }

    private String migratedTemplate(List<String> locations) {
      String template = server.uniqueName("backref_template");
      try {
        server.execute("CREATE DATABASE " + PostgresServer.quote(template));
        Flyway.configure(MigratedPostgresExtension.class.getClassLoader())
            .dataSource(server.dataSource(template))
            .locations(locations.toArray(String[]::new))
            .failOnMissingLocations(true)
            .load()
            .migrate();
        return template;
      } catch (RuntimeException e) {
        server.dropDatabase(template);
        throw new IllegalStateException(
            "Could not prepare the template database migrated with " + locations + " on "
                + server.description() + ": " + e.getMessage(),
            e);
      }
    }

    @Override
    public void close() {
      try {
        for (String template : templates.values()) {
          server.dropDatabase(template);
        }
      } finally {
        server.close();
      }
    }
  }
}
