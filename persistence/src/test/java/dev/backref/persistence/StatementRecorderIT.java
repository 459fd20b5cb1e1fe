package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recorder keeps every count but only the last SQL strings, and calls every listener added. */
@MigratedPostgres
class StatementRecorderIT {

  static HikariDataSource pool;

  @BeforeAll
  static void open(TestDatabase database) {
    pool = Pools.pooled(database);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  private static void select(StatementRecorder recorder, int value) {
    DSL.using(recorder.dataSource(), Backref.DIALECT).fetchValue("select " + value);
  }

  @Test
  void keepsTheDefaultNumberOfStatementsButCountsThemAll() {
    StatementRecorder recorder = StatementRecorder.wrap(pool);
    assertThat(recorder.capacity()).isEqualTo(StatementRecorder.DEFAULT_CAPACITY).isEqualTo(1_000);
    DSLContext dsl = DSL.using(recorder.dataSource(), Backref.DIALECT);
    // One connection for all of them: 1,005 statements, fast.
    dsl.connection(
        connection -> {
          DSLContext one = DSL.using(connection, Backref.DIALECT);
          for (int i = 0; i < 1_005; i++) {
            one.fetchValue("select " + i);
          }
        });

    assertThat(recorder.count()).isEqualTo(1_005);
    List<String> kept = recorder.statements();
    assertThat(kept).hasSize(1_000);
    assertThat(kept.getFirst()).isEqualTo("select 5");
    assertThat(kept.getLast()).isEqualTo("select 1004");
  }

  @Test
  void countsEachStatementOfOneExecuteAndTheExecuteAsOneRoundTrip() throws Exception {
    StatementRecorder recorder = StatementRecorder.wrap(pool);
    List<String> heard = new ArrayList<>();
    try (StatementRecorder.Registration listening = recorder.onStatement(heard::add);
        java.sql.Connection connection = recorder.dataSource().getConnection();
        java.sql.PreparedStatement statement =
            connection.prepareStatement("select ?::int; select ';' as \"a;b\"; -- c;\n select $$;$$ || ?")) {
      statement.setInt(1, 1);
      statement.setString(2, "x");
      assertThat(statement.execute()).isTrue();
      int results = 1;
      while (statement.getMoreResults()) {
        results++;
      }
      assertThat(results).as("PostgreSQL ran three statements").isEqualTo(3);
    }

    assertThat(recorder.count()).isEqualTo(3);
    assertThat(recorder.roundTrips()).isEqualTo(1);
    assertThat(recorder.statements())
        .containsExactly("select ?::int", "select ';' as \"a;b\"", "-- c;\n select $$;$$ || ?");
    assertThat(heard).isEqualTo(recorder.statements());
    recorder.reset();
    assertThat(recorder.roundTrips()).isZero();
  }

  @Test
  void keepsOnlyTheLastStatementsOfItsCapacityInOrder() {
    StatementRecorder recorder = StatementRecorder.wrap(pool, 3);
    for (int i = 1; i <= 5; i++) {
      select(recorder, i);
    }

    assertThat(recorder.count()).isEqualTo(5);
    assertThat(recorder.statements()).containsExactly("select 3", "select 4", "select 5");

    recorder.reset();
    assertThat(recorder.count()).isZero();
    assertThat(recorder.statements()).isEmpty();
    select(recorder, 6);
    assertThat(recorder.statements()).containsExactly("select 6");
  }

  @Test
  void aCapacityOfZeroOnlyCounts() {
    StatementRecorder recorder = StatementRecorder.wrap(pool, 0);
    select(recorder, 1);
    select(recorder, 2);

    assertThat(recorder.count()).isEqualTo(2);
    assertThat(recorder.statements()).isEmpty();
    assertThatThrownBy(() -> StatementRecorder.wrap(pool, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must not be negative, was -1");
  }

  @Test
  void theListOfStatementsIsASnapshot() {
    StatementRecorder recorder = StatementRecorder.wrap(pool, 10);
    select(recorder, 1);
    List<String> before = recorder.statements();
    select(recorder, 2);

    assertThat(before).containsExactly("select 1");
    assertThatThrownBy(() -> before.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void everyListenerAddedIsCalledInOrderUntilItsRegistrationIsClosed() {
    StatementRecorder recorder = StatementRecorder.wrap(pool);
    List<String> calls = Collections.synchronizedList(new ArrayList<>());
    StatementRecorder.Registration first = recorder.onStatement(sql -> calls.add("first: " + sql));
    StatementRecorder.Registration second = recorder.onStatement(sql -> calls.add("second: " + sql));

    select(recorder, 1);
    assertThat(calls).containsExactly("first: select 1", "second: select 1");

    first.close();
    select(recorder, 2);
    assertThat(calls).containsExactly("first: select 1", "second: select 1", "second: select 2");

    first.close();   // closing twice changes nothing
    second.close();
    select(recorder, 3);
    assertThat(calls).hasSize(3);
    assertThat(recorder.count()).isEqualTo(3);
  }

  @Test
  void theSameListenerAddedTwiceIsCalledTwiceAndRemovedOnePerRegistration() {
    StatementRecorder recorder = StatementRecorder.wrap(pool);
    List<String> calls = new ArrayList<>();
    java.util.function.Consumer<String> listener = calls::add;
    StatementRecorder.Registration once = recorder.onStatement(listener);
    recorder.onStatement(listener);

    select(recorder, 1);
    assertThat(calls).containsExactly("select 1", "select 1");

    once.close();
    select(recorder, 2);
    assertThat(calls).containsExactly("select 1", "select 1", "select 2");
  }

  @Test
  void aFailingListenerStopsItsStatementBeforeItIsSent() {
    StatementRecorder recorder = StatementRecorder.wrap(pool);
    try (StatementRecorder.Registration refusing =
        recorder.onStatement(
            sql -> {
              throw new IllegalStateException("refused " + sql);
            })) {
      assertThatThrownBy(() -> select(recorder, 1)).hasStackTraceContaining("refused select 1");
    }
    select(recorder, 2);
    assertThat(recorder.count()).isEqualTo(2);
  }

  @Test
  void countsStatementsFromManyThreads() throws Exception {
    StatementRecorder recorder = StatementRecorder.wrap(pool, 50);
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    recorder.onStatement(heard::add);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    select(recorder, thread * 1_000 + i);
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(recorder.count()).isEqualTo(200);
    assertThat(heard).hasSize(200).doesNotHaveDuplicates();
    assertThat(recorder.statements()).hasSize(50).isSubsetOf(heard);
  }
}
