package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the recorder splits one {@code execute}'s SQL into the statements PostgreSQL runs. */
class StatementRecorderTest {

  @Test
  void splitsAtTheSemicolonsThatEndStatements() {
    assertThat(StatementRecorder.split("select 1")).containsExactly("select 1");
    assertThat(StatementRecorder.split("select 1;\nselect 2 ; ")).containsExactly("select 1", "select 2");
    assertThat(StatementRecorder.split("savepoint s; insert into t values (?); release savepoint s"))
        .containsExactly("savepoint s", "insert into t values (?)", "release savepoint s");
  }

  @Test
  void aSemicolonInALiteralAnIdentifierOrACommentEndsNothing() {
    assertThat(StatementRecorder.split("select ';', 'it''s;' ; select \"a;\"\"b\" from t"))
        .containsExactly("select ';', 'it''s;'", "select \"a;\"\"b\" from t");
    assertThat(StatementRecorder.split("select E'\\';' as x; select 2"))
        .containsExactly("select E'\\';' as x", "select 2");
    assertThat(StatementRecorder.split("select 1 -- a; b\n; select /* x /* y; */ z; */ 2"))
        .containsExactly("select 1 -- a; b", "select /* x /* y; */ z; */ 2");
    assertThat(StatementRecorder.split("select $$;$$, $fn$ ; $$ ; $fn$; select $1, a$b from t"))
        .containsExactly("select $$;$$, $fn$ ; $$ ; $fn$", "select $1, a$b from t");
  }

  @Test
  void semicolonsInParenthesesStayAsPgjdbcKeepsThem() {
    assertThat(StatementRecorder.split("create rule r as on insert to t do also (insert into a values (1); insert into b values (2))"))
        .hasSize(1);
    assertThat(StatementRecorder.split("select (1); select 2")).containsExactly("select (1)", "select 2");
  }

  @Test
  void aLineCommentEndsAtACarriageReturnToo() {
    assertThat(StatementRecorder.split("-- x\rselect 1; select 2")).containsExactly("-- x\rselect 1", "select 2");
  }

  @Test
  void piecesOfCommentsOnlyAreNoStatements() {
    assertThat(StatementRecorder.split("select 1; -- done")).containsExactly("select 1");
    assertThat(StatementRecorder.split("select 1; /* a; */ ; select 2")).containsExactly("select 1", "select 2");
  }

  @Test
  void emptyStatementsAreLeftOutButAStatementlessTextIsKept() {
    assertThat(StatementRecorder.split(";select 1;;")).containsExactly("select 1");
    assertThat(StatementRecorder.split("-- nothing")).containsExactly("-- nothing");
    assertThat(StatementRecorder.split("select 'unterminated; still one")).containsExactly("select 'unterminated; still one");
  }
}
