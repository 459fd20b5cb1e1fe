package dev.backref.testing.postgres;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code postgres:18} container. The only class of this module that names a Testcontainers type:
 * {@link PostgresServers} reaches it only after finding Testcontainers on the class path, so that
 * without it no class here fails to load.
 */
final class TestcontainersServer extends PostgresServer {

  /** A Testcontainers class, looked up by name to tell whether the optional dependency is there. */
  static final String PROBE_CLASS = "org.testcontainers.postgresql.PostgreSQLContainer";

  /** The dependency to add for this source, as Maven coordinates without a version. */
  static final String DEPENDENCY = "org.testcontainers:testcontainers-postgresql";

  private final PostgreSQLContainer container;

  private TestcontainersServer() {
    container =
        new PostgreSQLContainer(DockerImageName.parse(PostgresServers.IMAGE))
            .withCommand("postgres", "-c", "fsync=off", "-c", "full_page_writes=off");
    container.start();
  }

  /** Whether Testcontainers finds a Docker engine; this is the probe, and it may take a moment. */
  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /** Starts a container; declared as {@link PostgresServer} so that callers never name this class's fields' types. */
  static PostgresServer start() {
    return new TestcontainersServer();
  }

  @Override
  public String description() {
    return "Testcontainers " + PostgresServers.IMAGE + " at " + container.getJdbcUrl();
  }

  @Override
  String baseUrl() {
    return container.getJdbcUrl();
  }

  @Override
  String adminDatabase() {
    return container.getDatabaseName();
  }

  @Override
  String user() {
    return container.getUsername();
  }

  @Override
  String password() {
    return container.getPassword();
  }

  @Override
  public void close() {
    container.stop();
  }
}
