package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Backref.Builder#transactionProvider}: a transaction that the caller opened and will end,
 * the way Spring's {@code @Transactional} does, without Spring. {@link CallerTransaction} hands
 * out its one connection (auto-commit off) while it is open, as Spring's {@code
 * TransactionAwareDataSourceProxy} does, and its provider turns backref's transactions into
 * savepoints in it, as a {@code PROPAGATION_NESTED} provider does.
 */
@MigratedPostgres
class OuterTransactionIT {

  static HikariDataSource pool;
  static DSLContext sql;

  CallerTransaction caller;
  Backref backref;

  @BeforeAll
  static void open(TestDatabase database) {
    pool = Pools.pooled(database);
    sql = Dataset.dsl(pool);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @BeforeEach
  void build() {
    sql.deleteFrom(USERS).execute();
    caller = new CallerTransaction(pool);
    backref = Backref.builder(caller.dataSource()).transactionProvider(caller.provider()).build();
  }

  @AfterEach
  void endOpenTransaction() throws SQLException {
    caller.close();
  }

  @Test
  void nullIsRefused() {
    assertThatNullPointerException()
        .isThrownBy(() -> Backref.builder(pool).transactionProvider(null))
        .withMessage("transactionProvider");
  }

  @Test
  void callsInsideTheCallersTransactionSeeItsRowsAndGoWithItsRollback() throws SQLException {
    caller.begin();
    User alice = backref.users().create("alice", List.of(new NewPost("Hi", "...")));
    assertThat(backref.users().getByUsername("alice", FetchPolicy.SELECT_IN).posts().get()).extracting(Post::title).containsExactly("Hi");
    assertThat(sql.fetchCount(USERS)).as("not committed: another connection sees nothing").isZero();

    caller.rollback();

    assertThat(backref.users().findById(alice.id(), FetchPolicy.NONE)).isEmpty();
    assertThat(caller.savepointsSet())
        .as("create with posts is one statement, guarded by a savepoint sent with it, not one of the provider's")
        .isZero();
  }

  @Test
  void aRefusedWriteRollsBackOnlyItsSavepointAndTheCallersTransactionGoesOn() throws SQLException {
    caller.begin();
    backref.users().create("bob");

    assertThatThrownBy(() -> backref.users().create("BOB")).isInstanceOf(DuplicateUsernameException.class);
    User carol = backref.users().create("carol");
    caller.commit();

    assertThat(sql.select(USERS.USERNAME).from(USERS).orderBy(USERS.USERNAME).fetch(USERS.USERNAME)).containsExactly("bob", "carol");
    assertThat(carol.id()).isPositive();
  }

  @Test
  void backrefTransactionsInsideAreSavepointsThatRollBackAlone() throws SQLException {
    caller.begin();
    backref.users().create("outer");
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(() -> backref.transaction(tx -> {
      tx.users().create("inner");
      tx.transaction(nested -> nested.users().create("nested"));
      throw boom;
    })).isSameAs(boom);
    backref.transaction(tx -> tx.users().create("kept"));
    assertThat(sql.fetchCount(USERS)).as("the savepoint released, the caller's transaction still open").isZero();
    caller.commit();

    assertThat(sql.select(USERS.USERNAME).from(USERS).orderBy(USERS.USERNAME).fetch(USERS.USERNAME)).containsExactly("kept", "outer");
  }

  @Test
  void aStreamReadsInTheCallersTransactionAndLeavesItOpen() throws SQLException {
    caller.begin();
    backref.users().create("dave");
    try (Stream<User> users = backref.users().streamAll(FetchPolicy.SELECT_IN)) {
      assertThat(users.map(User::username)).containsExactly("dave");
    }
    assertThat(caller.connection().getAutoCommit()).isFalse();
    assertThat(caller.connection().isReadOnly()).isFalse();
    backref.users().create("erin");
    caller.rollback();

    assertThat(sql.fetchCount(USERS)).isZero();
  }

  @Test
  void withoutTheCallersTransactionNothingChanges() {
    User frank = backref.users().create("frank");
    assertThatThrownBy(() -> backref.users().create("FRANK")).isInstanceOf(DuplicateUsernameException.class);
    try (Stream<User> users = backref.users().streamAll(FetchPolicy.NONE)) {
      assertThat(users.map(User::id)).containsExactly(frank.id());
    }
    assertThat(caller.savepointsSet()).as("autocommit writes: nothing for the provider").isZero();
    assertThat(sql.fetchCount(USERS)).isEqualTo(1);
  }

  @Test
  void lazyRelationsLoadAfterTheTransactionEnded() throws SQLException {
    caller.begin();
    User grace = backref.users().create("grace", List.of(new NewPost("One", "..."), new NewPost("Two", "...")));
    caller.commit();

    caller.begin();
    User lazy = backref.users().getById(grace.id(), FetchPolicy.LAZY);
    caller.rollback();

    assertThat(lazy.posts().get()).extracting(Post::title).containsExactly("One", "Two");
  }

  /**
   * A transaction on one pooled connection that the test begins and ends. While it is open, its
   * data source hands out that connection (closing it does nothing) and its provider sets a
   * savepoint per backref transaction; otherwise the data source is the pool and the provider
   * refuses to work, as backref must not call it then.
   */
  static final class CallerTransaction implements AutoCloseable {
    private final DataSource pool;
    private final Deque<Savepoint> savepoints = new ArrayDeque<>();
    private final List<Savepoint> set = new ArrayList<>();
    private Connection connection;

    CallerTransaction(DataSource pool) {
      this.pool = pool;
    }

    void begin() throws SQLException {
      connection = pool.getConnection();
      connection.setAutoCommit(false);
    }

    Connection connection() {
      return connection;
    }

    void commit() throws SQLException {
      connection.commit();
      end();
    }

    void rollback() throws SQLException {
      connection.rollback();
      end();
    }

    int savepointsSet() {
      return set.size();
    }

    private void end() throws SQLException {
      connection.setAutoCommit(true);
      connection.close();
      connection = null;
    }

    @Override
    public void close() throws SQLException {
      if (connection != null) {
        rollback();
      }
    }

    DataSource dataSource() {
      return (DataSource)
          Proxy.newProxyInstance(
              DataSource.class.getClassLoader(),
              new Class<?>[] {DataSource.class},
              (proxy, method, args) -> {
                if (method.getName().equals("getConnection") && connection != null) {
                  return unclosable(connection);
                }
                return method.invoke(pool, args);
              });
    }

    private static Connection unclosable(Connection connection) {
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> method.getName().equals("close") ? null : method.invoke(connection, args));
    }

    TransactionProvider provider() {
      return new TransactionProvider() {
        @Override
        public void begin(TransactionContext context) {
          try {
            if (connection == null) {
              throw new IllegalStateException("the caller has no transaction open");
            }
            Savepoint savepoint = connection.setSavepoint();
            savepoints.push(savepoint);
            set.add(savepoint);
          } catch (SQLException e) {
            throw new DataAccessException("savepoint", e);
          }
        }

        @Override
        public void commit(TransactionContext context) {
          try {
            connection.releaseSavepoint(savepoints.pop());
          } catch (SQLException e) {
            throw new DataAccessException("release savepoint", e);
          }
        }

        @Override
        public void rollback(TransactionContext context) {
          try {
            connection.rollback(savepoints.pop());
          } catch (SQLException e) {
            throw new DataAccessException("rollback to savepoint", e);
          }
        }
      };
    }
  }
}
