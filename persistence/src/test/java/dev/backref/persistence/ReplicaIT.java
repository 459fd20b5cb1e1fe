package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.schema.Migrations;
import dev.backref.testing.postgres.PrimaryAndStandby;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reads from a real streaming standby of a real primary (PostgreSQL 18, both on 127.0.0.1):
 * statements counted per server for every read method and policy, writes and transactions on the
 * primary, lazy relations loading from where their root was read, replication lag and {@link
 * Backref#primary()}, a replica that is down (failing or falling back), and a replica promoted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaIT {

  static final int USERS = 5;
  static final int POSTS_PER_USER = 3;

  static PrimaryAndStandby servers;
  static HikariDataSource primaryPool;
  static HikariDataSource replicaPool;
  static StatementRecorder onPrimary;
  static StatementRecorder onReplica;
  static Backref backref;

  @BeforeAll
  static void start() throws Exception {
    servers = PrimaryAndStandby.start();
    primaryPool = pool(servers.primaryUrl(), "primary");
    replicaPool = pool(servers.standbyUrl(), "replica");
    Migrations.of(primaryPool).migrate();
    onPrimary = StatementRecorder.wrap(primaryPool);
    onReplica = StatementRecorder.wrap(replicaPool);
    backref = Backref.builder(onPrimary.dataSource()).replica(onReplica.dataSource(), OnReplicaFailure.FAIL).build();
    for (int i = 0; i < USERS; i++) {
      User user = backref.users().create("user" + i, List.of(new NewPost("A" + i, "a"), new NewPost("B" + i, "b"), new NewPost("C" + i, "c")));
      backref.posts().tag(user.posts().get().getFirst().id(), List.of("java", "sql"));
    }
    servers.awaitReplay();
  }

  static HikariDataSource pool(String url, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(PrimaryAndStandby.USER);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(1_000);
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("connectTimeout", "2");
    config.addDataSourceProperty("socketTimeout", "10");
    config.setPoolName(name);
    return new HikariDataSource(config);
  }

  @AfterAll
  static void stop() {
    if (replicaPool != null) {
      replicaPool.close();
    }
    if (primaryPool != null) {
      primaryPool.close();
    }
    if (servers != null) {
      servers.close();
    }
  }

  @BeforeEach
  void reset() {
    onPrimary.reset();
    onReplica.reset();
  }

  static List<Post> posts(User user, FetchPolicy policy) {
    return policy == FetchPolicy.DYNAMIC ? user.posts().query(PostQuery.class).fetch() : user.posts().get();
  }

  @ParameterizedTest(name = "users -> posts {0}")
  @EnumSource(value = FetchPolicy.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
  @Order(1)
  void everyPolicyReadsFromTheReplicaAndItsLaterLoadsToo(FetchPolicy policy) {
    List<User> users = backref.users().findAll(UserFilter.all(), policy);
    int onLoad = onReplica.count();
    int posts = users.stream().mapToInt(user -> posts(user, policy).size()).sum();

    assertThat(users).hasSize(USERS);
    assertThat(posts).isEqualTo(USERS * POSTS_PER_USER);
    int expectedOnLoad = switch (policy) {
      case SUBQUERY, SELECT_IN -> 2;
      default -> 1;
    };
    int expectedOnAccess = switch (policy) {
      case LAZY, DYNAMIC -> USERS;
      case BATCH -> 1;
      default -> 0;
    };
    assertThat(onLoad).as("statements on the replica for the load").isEqualTo(expectedOnLoad);
    assertThat(onReplica.count() - onLoad).as("statements on the replica when posts are read").isEqualTo(expectedOnAccess);
    assertThat(onPrimary.count()).as("statements on the primary").isZero();
  }

  @Test
  @Order(2)
  void everyReadMethodGoesToTheReplica() {
    User user = backref.users().getByUsername("user1", FetchPolicy.SELECT_IN);
    backref.users().findById(user.id(), FetchPlan.of(Fetch.userPosts(FetchPolicy.JOINED, Fetch.postTags(FetchPolicy.SELECT_IN))));
    backref.users().page(null, 2, FetchPolicy.SELECT_IN);
    backref.users().count();
    backref.posts().findAll(PostFilter.all(), FetchPolicy.JOINED, FetchPolicy.SELECT_IN);
    backref.posts().findById(user.posts().get().getFirst().id(), FetchPolicy.SELECT_IN);
    backref.tags().getByName("java", FetchPolicy.SELECT_IN).posts().get();
    backref.tags().count();
    try (Stream<User> all = backref.users().streamAll(FetchPolicy.SELECT_IN)) {
      assertThat(all.count()).isEqualTo(USERS);
    }

    assertThat(onReplica.count()).isGreaterThanOrEqualTo(14);
    assertThat(onPrimary.count()).as(String.join("\n", onPrimary.statements())).isZero();
  }

  @Test
  @Order(3)
  void writesAndEveryReadInATransactionGoToThePrimary() {
    User created = backref.users().create("writer", List.of(new NewPost("W", "w")));
    long afterCreate = onPrimary.count();
    backref.transaction(tx -> {
      User inTx = tx.users().getById(created.id(), FetchPolicy.LAZY);
      assertThat(inTx.posts().get()).extracting(Post::title).containsExactly("W");
      tx.users().rename(created.id(), created.version(), "writer2");
    });
    backref.users().delete(created.id());

    assertThat(afterCreate).isPositive();
    assertThat(onPrimary.count()).isGreaterThan((int) afterCreate);
    assertThat(onReplica.count()).as(String.join("\n", onReplica.statements())).isZero();
  }

  @Test
  @Order(4)
  void lagIsSeenOnTheReplicaAndPrimaryReadsYourWrites() throws Exception {
    User author = backref.users().getByUsername("user2", FetchPolicy.NONE);
    servers.onStandby("select pg_wal_replay_pause()");
    try {
      Post written = backref.posts().create(author.id(), new NewPost("Fresh", "written while the standby lags"));

      List<String> fromReplica = backref.users().getById(author.id(), FetchPolicy.SELECT_IN).posts().get().stream().map(Post::title).toList();
      List<String> fromPrimary =
          backref.primary().users().getById(author.id(), FetchPolicy.SELECT_IN).posts().get().stream().map(Post::title).toList();
      User lazyFromPrimary = backref.primary().users().getById(author.id(), FetchPolicy.LAZY);

      assertThat(fromReplica).as("the replica has not replayed the post yet").doesNotContain("Fresh");
      assertThat(fromPrimary).contains("Fresh");
      assertThat(lazyFromPrimary.posts().get()).as("a lazy relation loads from where its root was read").extracting(Post::id).contains(written.id());
      assertThat(backref.posts().findById(written.id(), FetchPolicy.NONE)).isEmpty();
    } finally {
      servers.onStandby("select pg_wal_replay_resume()");
    }
    servers.awaitReplay();
    assertThat(backref.users().getById(author.id(), FetchPolicy.SELECT_IN).posts().get()).extracting(Post::title).contains("Fresh");
  }

  @Test
  @Order(5)
  void aReplicaThatIsDownFailsReadsClearlyOrFallsBackWhenAskedTo() throws Exception {
    Backref fallingBack = Backref.builder(onPrimary.dataSource())
        .replica(onReplica.dataSource(), OnReplicaFailure.READ_FROM_PRIMARY)
        .build();
    servers.stopStandby();
    try {
      replicaPool.getHikariPoolMXBean().softEvictConnections();

      assertThatThrownBy(() -> backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN))
          .isInstanceOf(ReplicaUnavailableException.class)
          .hasMessageStartingWith("The read replica cannot be reached: ")
          .hasMessageContaining("Backref.primary()");
      assertThatThrownBy(() -> backref.users().count()).isInstanceOf(ReplicaUnavailableException.class);
      assertThatThrownBy(() -> backref.users().streamAll(FetchPolicy.SELECT_IN)).isInstanceOf(ReplicaUnavailableException.class);

      onPrimary.reset();
      List<User> users = fallingBack.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);
      assertThat(users).hasSizeGreaterThanOrEqualTo(USERS);
      assertThat(onPrimary.count()).as("the whole read ran again on the primary").isEqualTo(2);
      assertThat(backref.users().create("while-replica-down").id()).as("writes never needed the replica").isPositive();
    } finally {
      servers.startStandby();
    }
    servers.awaitReplay();
    assertThat(backref.users().getByUsername("while-replica-down", FetchPolicy.NONE).username()).isEqualTo("while-replica-down");
  }

  @Test
  @Order(6)
  void aPromotedReplicaKeepsServingReadsAsOfItsPromotion() throws Exception {
    servers.awaitReplay();
    servers.onStandby("select pg_promote(true, 30)");
    try (Connection standby = servers.connect(servers.standbyPort(), PrimaryAndStandby.DATABASE);
        Statement statement = standby.createStatement();
        ResultSet row = statement.executeQuery("select pg_is_in_recovery()")) {
      row.next();
      assertThat(row.getBoolean(1)).as("promoted").isFalse();
    }

    User author = backref.users().getByUsername("user3", FetchPolicy.NONE);
    backref.posts().create(author.id(), new NewPost("After promotion", "only on the old primary"));

    List<String> fromReplica = backref.users().getById(author.id(), FetchPolicy.JOINED).posts().get().stream().map(Post::title).toList();
    List<String> fromPrimary = backref.primary().users().getById(author.id(), FetchPolicy.JOINED).posts().get().stream().map(Post::title).toList();
    assertThat(fromReplica).as("reads still work, on data as of the promotion").contains("A3").doesNotContain("After promotion");
    assertThat(fromPrimary).contains("After promotion");
  }

  @Test
  @Order(7)
  void aReplicaCannotBeCombinedWithAnOutsideTransactionProvider() {
    assertThatThrownBy(() -> Backref.builder(primaryPool)
            .replica(replicaPool, OnReplicaFailure.FAIL)
            .transactionProvider(new org.jooq.impl.DefaultTransactionProvider(new org.jooq.impl.DataSourceConnectionProvider(primaryPool)))
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be combined");
  }
}
