package dev.backref.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.DuplicateUsernameException;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.UserFilter;
import dev.backref.spring.boot.TransactionalWork.Rollback;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The auto-configured {@link Backref} joins Spring-managed transactions: one Spring Boot
 * application context (Hikari pool, JdbcTransactionManager, Flyway) on an empty PostgreSQL
 * database that it migrates.
 */
@SpringBootTest(classes = TestApplication.class)
class SpringTransactionsIT {

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    SpringPostgres.register(registry);
  }

  @Autowired Backref backref;
  @Autowired TransactionalWork work;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSourceProbe probe;

  @BeforeEach
  void emptyTables() {
    jdbc.update("delete from users");
    jdbc.update("delete from tags");
    probe.reset();
  }

  @Test
  void aCallInsideTransactionalRunsOnItsConnectionSeesItsRowsAndIsUndoneByItsRollback() {
    assertThatThrownBy(
            () ->
                work.required(
                    () -> {
                      jdbc.update("insert into users (username) values ('written-by-jdbc')");
                      assertThat(backref.users().findByUsername("written-by-jdbc", FetchPolicy.NONE))
                          .as("backref sees the transaction's uncommitted row")
                          .isPresent();

                      User alice = backref.users().create("alice", List.of(new NewPost("Hi", "...")));
                      assertThat(jdbc.queryForObject("select count(*) from posts where user_id = ?", Long.class, alice.id()))
                          .as("the transaction sees backref's rows")
                          .isEqualTo(1);
                      assertThat(countElsewhere("select count(*) from users"))
                          .as("nothing is committed yet")
                          .isZero();
                      assertThat(probe.borrowed())
                          .as("one connection for the whole method: the transaction's")
                          .isEqualTo(1);
                      throw new Rollback();
                    }))
        .isInstanceOf(Rollback.class);

    assertThat(backref.users().findAll(UserFilter.all(), FetchPolicy.NONE)).isEmpty();
    assertThat(jdbc.queryForObject("select count(*) from posts", Long.class)).isZero();
  }

  @Test
  void backrefTransactionInsideTransactionalIsASavepointAndARefusedWriteLeavesTheOuterTransactionUsable() {
    work.required(
        () -> {
          backref.users().create("outer");
          IllegalStateException boom = new IllegalStateException("boom");
          assertThatThrownBy(
                  () ->
                      backref.transaction(
                          tx -> {
                            assertThat(tx.inTransaction()).isTrue();
                            tx.users().create("inner");
                            throw boom;
                          }))
              .isSameAs(boom);
          assertThat(backref.users().findByUsername("inner", FetchPolicy.NONE))
              .as("rolled back to the savepoint")
              .isEmpty();
          assertThat(backref.users().findByUsername("outer", FetchPolicy.NONE))
              .as("what came before the savepoint stays")
              .isPresent();

          backref.transaction(
              tx -> {
                assertThatThrownBy(() -> tx.users().create("OUTER")).isInstanceOf(DuplicateUsernameException.class);
                tx.users().create("after-a-refusal-in-a-savepoint");
              });
          assertThatThrownBy(() -> backref.users().create("Outer")).isInstanceOf(DuplicateUsernameException.class);
          backref.users().create("after-a-refusal-in-the-method");
          assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
          assertThat(countElsewhere("select count(*) from users")).as("nothing committed before the method returns").isZero();
        });

    assertThat(usernames()).containsExactly("after-a-refusal-in-a-savepoint", "after-a-refusal-in-the-method", "outer");
  }

  @Test
  void requiresNewCommitsIndependentlyOfTheOuterTransaction() {
    assertThatThrownBy(
            () ->
                work.required(
                    () -> {
                      backref.users().create("outer");
                      work.requiresNew(
                          () -> {
                            assertThat(backref.users().findByUsername("outer", FetchPolicy.NONE))
                                .as("a new transaction, on another connection: the outer row is not visible")
                                .isEmpty();
                            backref.users().create("independent");
                          });
                      assertThat(countElsewhere("select count(*) from users where username = 'independent'"))
                          .as("committed when the inner method returned")
                          .isEqualTo(1);
                      throw new Rollback();
                    }))
        .isInstanceOf(Rollback.class);

    assertThat(usernames()).containsExactly("independent");
  }

  @Test
  void outsideSpringTransactionsNothingChanges() {
    assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isFalse();
    User bob = backref.users().create("bob");
    assertThat(probe.recorder().count()).as("one autocommit INSERT").isEqualTo(1);
    assertThatThrownBy(() -> backref.users().create("BOB")).isInstanceOf(DuplicateUsernameException.class);

    User carol = backref.transactionResult(tx -> {
      assertThat(TransactionSynchronizationManager.isActualTransactionActive())
          .as("Backref.transaction begins a Spring transaction of its own")
          .isTrue();
      User created = tx.users().create("carol");
      tx.posts().create(created.id(), new NewPost("Hello", "..."));
      return created;
    });
    assertThatThrownBy(() -> backref.transaction(tx -> {
      tx.users().create("dave");
      throw new Rollback();
    })).isInstanceOf(Rollback.class);

    assertThat(usernames()).containsExactly("bob", "carol");
    assertThat(backref.users().getById(carol.id(), FetchPolicy.JOINED).posts().size()).isEqualTo(1);
    assertThat(bob.id()).isPositive();
    assertThat(probe.inUse()).as("every connection went back to the pool").isZero();
  }

  @Test
  void aLazyRelationLoadsAfterTheTransactionalMethodReturnedOnAPooledConnection() {
    User lazy =
        work.required(
            () -> {
              User grace = backref.users().create("grace", List.of(new NewPost("One", "..."), new NewPost("Two", "...")));
              return backref.users().getById(grace.id(), FetchPolicy.LAZY);
            });
    assertThat(lazy.posts().isLoaded()).isFalse();
    probe.reset();

    assertThat(lazy.posts().get()).extracting(Post::title).containsExactly("One", "Two");
    assertThat(probe.recorder().count()).isEqualTo(1);
    assertThat(probe.borrowed()).as("the load borrowed a connection of the pool...").isEqualTo(1);
    assertThat(probe.inUse()).as("...and returned it").isZero();
  }

  @Test
  void aLazyRelationFirstReadInsideATransactionLoadsOnItsConnection() {
    User heidi = backref.users().create("heidi");
    User lazy = backref.users().getById(heidi.id(), FetchPolicy.LAZY);
    probe.reset();

    assertThatThrownBy(
            () ->
                work.required(
                    () -> {
                      jdbc.update("insert into posts (user_id, title, content) values (?, 'Uncommitted', '...')", heidi.id());
                      assertThat(lazy.posts().get()).extracting(Post::title).containsExactly("Uncommitted");
                      assertThat(probe.borrowed()).as("no connection but the transaction's").isEqualTo(1);
                      throw new Rollback();
                    }))
        .isInstanceOf(Rollback.class);

    assertThat(lazy.posts().get()).as("loaded once: the relation keeps what it read").hasSize(1);
    assertThat(jdbc.queryForObject("select count(*) from posts", Long.class)).isZero();
  }

  @Test
  void aStreamInsideTransactionalReadsItsRowsAndLeavesItOpen() {
    assertThatThrownBy(
            () ->
                work.required(
                    () -> {
                      backref.users().create("ivan");
                      try (Stream<User> users = backref.users().streamAll(FetchPolicy.SELECT_IN)) {
                        assertThat(users.map(User::username)).containsExactly("ivan");
                      }
                      backref.users().create("judy");
                      assertThat(backref.users().count()).isEqualTo(2);
                      throw new Rollback();
                    }))
        .isInstanceOf(Rollback.class);

    assertThat(usernames()).isEmpty();
  }

  private List<String> usernames() {
    return backref.users().findAll(UserFilter.all(), FetchPolicy.NONE).stream().map(User::username).toList();
  }

  /** A count read on a connection of its own, outside the transaction of the calling thread. */
  private long countElsewhere(String sql) {
    try (Connection connection = probe.separateConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
