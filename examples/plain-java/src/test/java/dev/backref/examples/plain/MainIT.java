package dev.backref.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPolicy;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The README's plain Java example, run as a user would run it, against an empty PostgreSQL database
 * (embedded unless BACKREF_TEST_JDBC_URL names one: this module has no Testcontainers).
 */
@MigratedPostgres
class MainIT {

  @Test
  void mainMigratesWritesInATransactionAndReadsWithAPlan(PostgresServer server) throws Exception {
    try (TestDatabase empty = server.createDatabase()) {
      String[] args = {empty.jdbcUrl(), empty.user(), empty.password()};

      String first = run(args);
      String second = run(args);   // migrated and alice there: nothing is written twice

      String expected = "alice: Hello [java, SQL]" + System.lineSeparator() + "alice: Again [java]" + System.lineSeparator();
      assertThat(first).isEqualTo(expected);
      assertThat(second).isEqualTo(expected);
    }
  }

  /** What the README's "Writing a test" shows: a migrated database of the class's own. */
  @Test
  void aTestOfYourOwnGetsAMigratedDatabase(DataSource dataSource) {
    Backref backref = Backref.create(dataSource);
    User bob = backref.users().create("bob");

    assertThat(backref.users().getById(bob.id(), Main.POSTS_WITH_TAGS).posts().get()).isEmpty();
    assertThat(backref.users().findByUsername("alice", FetchPolicy.NONE)).isEmpty();
  }

  private static String run(String[] args) {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Main.main(args);
    } finally {
      System.setOut(out);
    }
    return printed.toString(StandardCharsets.UTF_8);
  }
}
