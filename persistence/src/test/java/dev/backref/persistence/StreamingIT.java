package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link UserRepository#streamAll} reads through a server-side cursor and gives its connection back. */
@MigratedPostgres
class StreamingIT {

  static HikariDataSource pool;
  static Backref backref;
  static StatementRecorder recorder;

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    recorder = StatementRecorder.wrap(pool);
    backref = Backref.builder(recorder.dataSource()).batchSize(100).build();
    for (int i = 0; i < 1_000; i++) {
      backref.users().create("streamed-" + i, List.of(new NewPost("t" + i, "c")));
    }
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @ParameterizedTest
  @EnumSource(FetchPolicy.class)
  void anOpenStreamHoldsASuspendedCursorAndClosingItEarlyReleasesEverything(FetchPolicy policy) {
    recorder.reset();
    try (Stream<User> users = backref.users().streamAll(policy)) {
      Iterator<User> iterator = users.iterator();
      User first = iterator.next();

      assertThat(first.username()).isEqualTo("streamed-0");
      // The cursor lives in a read-only transaction that stays open until the stream is closed.
      assertThat(streamSessionState()).isEqualTo("idle in transaction");
      assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(1);
    }
    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    assertThat(streamSessionState()).isNotEqualTo("idle in transaction");
  }

  @ParameterizedTest
  @EnumSource(value = FetchPolicy.class, names = {"JOINED", "MULTISET", "SELECT_IN", "SUBQUERY"})
  void streamingLoadsPostsBatchByBatch(FetchPolicy policy) {
    recorder.reset();
    long users;
    try (Stream<User> all = backref.users().streamAll(policy)) {
      users = all.peek(user -> assertThat(user.posts().get()).hasSize(1)).count();
    }

    assertThat(users).isEqualTo(1_000);
    int expected = switch (policy) {
      case JOINED, MULTISET -> 1;
      default -> 1 + IntStream.range(0, 10).map(i -> 1).sum();
    };
    assertThat(recorder.count()).isEqualTo(expected);
  }

  private static String streamSessionState() {
    DSLContext dsl = Dataset.dsl(pool);
    return dsl.fetchOptional(
            "select state from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'idle in transaction'")
        .map(row -> row.get(0, String.class))
        .orElse("none");
  }
}
