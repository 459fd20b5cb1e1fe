package dev.backref.testing.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import org.junit.jupiter.api.Test;

/**
 * Run only by the {@code without-testcontainers} Failsafe execution, whose class path has no
 * Testcontainers jar: what a project that depends on this module without adding Testcontainers gets.
 */
@MigratedPostgres
class WithoutTestcontainersIT {

  @Test
  void testcontainersIsNotOnTheClassPath() {
    assertThat(PostgresServers.testcontainersOnClassPath()).isFalse();
    assertThatThrownBy(() -> Class.forName("org.testcontainers.DockerClientFactory")).isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void theExtensionStartsAServerWithoutIt(PostgresServer server, TestDatabase database) throws Exception {
    if (PostgresServers.setting(PostgresServers.URL_PROPERTY, PostgresServers.URL_ENV) == null) {
      assertThat(server.description()).startsWith("embedded PostgreSQL on port ");
    }
    try (Connection connection = database.dataSource().getConnection()) {
      assertThat(connection.getMetaData().getDatabaseMajorVersion()).isGreaterThanOrEqualTo(18);
    }
    assertThat(Marks.owners(database)).isEmpty();
  }

  @Test
  void askedForAloneTheSourceSaysWhichDependencyToAdd() {
    assertThatThrownBy(() -> PostgresServers.start(PostgresServers.Source.TESTCONTAINERS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No PostgreSQL server could be started")
        .hasMessageContaining("Testcontainers: not on the class path (add the test dependency org.testcontainers:testcontainers-postgresql");
  }

  @Test
  void requiredItFailsInsteadOfFallingBackToEmbedded() {
    String previous = System.getProperty(PostgresServers.TESTCONTAINERS_PROPERTY);
    System.setProperty(PostgresServers.TESTCONTAINERS_PROPERTY, "true");
    try {
      assertThatThrownBy(() -> PostgresServers.start(PostgresServers.Source.TESTCONTAINERS, PostgresServers.Source.EMBEDDED))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Testcontainers is required (backref.test.testcontainers=true or BACKREF_TEST_TESTCONTAINERS=true) but could not"
              + " start PostgreSQL: not on the class path (add the test dependency org.testcontainers:testcontainers-postgresql to use Docker)");
    } finally {
      if (previous == null) {
        System.clearProperty(PostgresServers.TESTCONTAINERS_PROPERTY);
      } else {
        System.setProperty(PostgresServers.TESTCONTAINERS_PROPERTY, previous);
      }
    }
  }
}
