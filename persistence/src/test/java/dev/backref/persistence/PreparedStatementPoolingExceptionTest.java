package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Which failures are explained as a pooler the JDBC settings do not fit, and which pass unchanged. */
class PreparedStatementPoolingExceptionTest {

  @Test
  void aMissingServerPreparedStatementIsExplained() {
    DataAccessException failure = jooq(server("26000", "prepared statement \"S_3\" does not exist"));

    RuntimeException translated = PreparedStatementPoolingException.translate(failure);

    assertThat(translated).isInstanceOf(PreparedStatementPoolingException.class).hasCause(failure);
    assertThat(((PreparedStatementPoolingException) translated).sqlState()).isEqualTo("26000");
    assertThat(translated.getMessage())
        .isEqualTo("A server-prepared statement of this JDBC connection is missing on the server connection it reached (SQLState 26000: "
            + "ERROR: prepared statement \"S_3\" does not exist). A pooler in transaction pooling mode such as PgBouncer "
            + "shares server connections between clients, and server-prepared statements do not follow a client to another "
            + "server connection: set prepareThreshold=0 in the JDBC URL (or use PgBouncer 1.21 or newer with "
            + "max_prepared_statements > 0); see the README section 'PgBouncer'.");
  }

  @Test
  void aServerPreparedStatementNameTakenByAnotherClientIsExplained() {
    DataAccessException failure = jooq(server("42P05", "prepared statement \"S_1\" already exists"));

    RuntimeException translated = PreparedStatementPoolingException.translate(failure);

    assertThat(translated).isInstanceOf(PreparedStatementPoolingException.class).hasCause(failure);
    assertThat(((PreparedStatementPoolingException) translated).sqlState()).isEqualTo("42P05");
    assertThat(translated.getMessage())
        .startsWith("The name of a server-prepared statement of this JDBC connection is taken on the server connection it "
            + "reached (SQLState 42P05: ERROR: prepared statement \"S_1\" already exists). ")
        .contains("set prepareThreshold=0 in the JDBC URL");
  }

  @Test
  void aBindToAnotherClientsStatementOfTheSameNameIsExplained() {
    DataAccessException failure = jooq(server("08P01", "bind message supplies 1 parameters, but prepared statement \"S_2\" requires 0"));

    RuntimeException translated = PreparedStatementPoolingException.translate(failure);

    assertThat(translated).isInstanceOf(PreparedStatementPoolingException.class).hasCause(failure);
    assertThat(((PreparedStatementPoolingException) translated).sqlState()).isEqualTo("08P01");
    assertThat(translated.getMessage())
        .startsWith("The name of a server-prepared statement of this JDBC connection belongs to another statement on the "
            + "server connection it reached (SQLState 08P01: ERROR: bind message supplies 1 parameters, but prepared "
            + "statement \"S_2\" requires 0). ");
  }

  @Test
  void otherFailuresPassUnchanged() {
    DataAccessException cursor = jooq(server("26000", "invalid statement name \"x\""));
    DataAccessException unique = jooq(server("23505", "duplicate key value violates unique constraint \"users_username_lower_key\""));
    DataAccessException portal = jooq(server("34000", "portal \"C_1\" does not exist"));
    DataAccessException unnamed = jooq(server("08P01", "bind message supplies 1 parameters, but prepared statement \"\" requires 0"));
    DataAccessException protocol = jooq(server("08P01", "invalid frontend message type 0"));
    DataAccessException array = jooq(server("22P02", "malformed array literal: \"seed-\""));
    DataAccessException gone = jooq(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    IllegalStateException notSql = new IllegalStateException("prepared statement");

    assertThat(PreparedStatementPoolingException.translate(cursor)).isSameAs(cursor);
    assertThat(PreparedStatementPoolingException.translate(unique)).isSameAs(unique);
    assertThat(PreparedStatementPoolingException.translate(portal)).isSameAs(portal);
    assertThat(PreparedStatementPoolingException.translate(unnamed)).isSameAs(unnamed);
    assertThat(PreparedStatementPoolingException.translate(protocol)).isSameAs(protocol);
    assertThat(PreparedStatementPoolingException.translate(array)).as("another client's statement ran: undetectable").isSameAs(array);
    assertThat(PreparedStatementPoolingException.translate(gone)).isSameAs(gone);
    assertThat(PreparedStatementPoolingException.translate(notSql)).isSameAs(notSql);
    assertThat(PreparedStatementPoolingException.translate(null)).isNull();
  }

  @Test
  void anExplainedFailureIsNotExplainedTwice() {
    RuntimeException once = PreparedStatementPoolingException.translate(jooq(server("42P05", "prepared statement \"S_1\" already exists")));

    assertThat(PreparedStatementPoolingException.translate(once)).isSameAs(once);
  }

  @Test
  void theReadmeHasTheSectionTheMessageNamesWithTheSettingItNames() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("\n## PgBouncer\n");
    assertThat(start).as("README section 'PgBouncer'").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);

    assertThat(section).contains("prepareThreshold=0").contains(PgBouncerIT.README_PARAMETERS).contains("max_prepared_statements");
  }

  private static PSQLException server(String state, String message) {
    return new PSQLException(new ServerErrorMessage("SERROR\0VERROR\0C" + state + "\0M" + message + "\0"));
  }

  private static DataAccessException jooq(SQLException cause) {
    return new DataAccessException("SQL [select 1]; " + cause.getMessage(), cause);
  }
}
