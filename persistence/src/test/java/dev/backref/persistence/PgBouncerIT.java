package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.RelationState;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PgBouncer;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.tools.jdbc.SingleConnectionDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * The library through a real PgBouncer in transaction pooling mode (two server connections for
 * eight client connections, so that statements of different clients interleave on one server
 * connection), with the JDBC URL the README names ({@code prepareThreshold=0}): every fetch policy
 * and plan loads what it loads straight from PostgreSQL, with the same statements; streams,
 * transactions with savepoints, optimistic locking, writes and lazy loads work under concurrent
 * load; and with the driver's default {@code prepareThreshold} the failures say what is wrong.
 */
@MigratedPostgres
class PgBouncerIT {

  /** The JDBC URL parameters the README's PgBouncer section names. */
  static final String README_PARAMETERS = "prepareThreshold=0";

  static final String SEED = "seed-";
  static final UserFilter SEED_USERS = UserFilter.all().usernameContains(SEED);
  static final PostFilter SEED_POSTS = PostFilter.all().titleContains(SEED + "post").limit(10_000);
  static final TagFilter SEED_TAGS = TagFilter.all().nameContains(SEED + "tag");

  static final List<FetchPolicy> STREAMED_IN_TRANSACTION =
      List.of(FetchPolicy.JOINED, FetchPolicy.MULTISET, FetchPolicy.SUBQUERY, FetchPolicy.SELECT_IN);

  static TestDatabase database;
  static PgBouncer bouncer;
  static HikariDataSource direct;
  static HikariDataSource bounced;
  static StatementRecorder directRecorder;
  static StatementRecorder bouncedRecorder;
  static Backref directly;
  static Backref through;
  static List<Long> seedUserIds;

  /** A loaded object and what was loaded below it along one path of relations; null children: not loaded. */
  record Node(Object entity, List<Node> children) {}

  @BeforeAll
  static void open(PostgresServer server, TestDatabase testDatabase) {
    database = testDatabase;
    bouncer = PgBouncer.start(server, PgBouncer.PoolMode.TRANSACTION);
    direct = Pools.pooled(database);
    bounced = throughPgBouncer(bouncer, README_PARAMETERS, 8, "bounced");
    seed(Dataset.dsl(direct));
    directRecorder = StatementRecorder.wrap(direct);
    bouncedRecorder = StatementRecorder.wrap(bounced);
    // Small batches: SELECT_IN, BATCH and streams send several statements, crossing batch boundaries.
    directly = Backref.builder(directRecorder.dataSource()).batchSize(3).build();
    through = Backref.builder(bouncedRecorder.dataSource()).batchSize(3).build();
  }

  @AfterAll
  static void close() {
    try {
      if (bounced != null) {
        bounced.close();
      }
      if (direct != null) {
        direct.close();
      }
    } finally {
      if (bouncer != null) {
        bouncer.close();
      }
    }
  }

  /** 12 users (some without posts) with up to 6 posts each, 7 tags linked at random. */
  private static void seed(DSLContext dsl) {
    Random random = new Random(20261210L);
    List<Long> tags = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      tags.add(TagData.tag(dsl, SEED + "tag-" + (char) ('a' + random.nextInt(26)) + i));
    }
    List<Long> users = new ArrayList<>();
    for (int u = 0; u < 12; u++) {
      long user = Dataset.user(dsl, SEED + "user-" + (char) ('a' + random.nextInt(26)) + u, Dataset.EPOCH.plusSeconds(random.nextInt(3)));
      users.add(user);
      Dataset.posts(dsl, user, u % 4 == 0 ? 0 : random.nextInt(7), random, SEED + "post");
      for (long post : TagData.postIdsOf(dsl, user)) {
        for (long tag : tags) {
          if (random.nextInt(3) == 0) {
            TagData.link(dsl, post, tag);
          }
        }
      }
    }
    seedUserIds = List.copyOf(users);
  }

  static HikariDataSource throughPgBouncer(PgBouncer pgBouncer, String parameters, int size, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pgBouncer.jdbcUrl(database) + (parameters.isEmpty() ? "" : "?" + parameters));
    config.setUsername(pgBouncer.user());
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setConnectionTimeout(30_000);
    config.setPoolName(name + "-" + database.name());
    return new HikariDataSource(config);
  }

  // ---------------------------------------------------------------- the same graphs, the same statements

  /** One direction of one relation: how to load the roots under a policy, and the relation to read. */
  record Direction(String name, String relation, Function<Backref, List<?>> load) {}

  static List<Direction> directions(FetchPolicy policy) {
    List<Direction> directions = new ArrayList<>();
    directions.add(new Direction("users -> posts", "posts", b -> b.users().findAll(SEED_USERS, policy)));
    if (policy != FetchPolicy.DYNAMIC) {   // DYNAMIC is for to-many relations only
      directions.add(new Direction("posts -> author", "author", b -> b.posts().findAll(SEED_POSTS, policy)));
    }
    directions.add(new Direction("posts -> tags", "tags", b -> b.posts().findAll(SEED_POSTS, FetchPolicy.NONE, policy)));
    directions.add(new Direction("tags -> posts", "posts", b -> b.tags().findAll(SEED_TAGS, policy)));
    return directions;
  }

  @ParameterizedTest
  @EnumSource(FetchPolicy.class)
  void everyFetchPolicyLoadsTheSameGraphWithTheSameStatementsAsStraightFromPostgres(FetchPolicy policy) {
    for (Direction direction : directions(policy)) {
      directRecorder.reset();
      List<Node> expected = graph(direction.load().apply(directly), List.of(direction.relation()));
      int directStatements = directRecorder.count();
      bouncedRecorder.reset();
      List<Node> actual = graph(direction.load().apply(through), List.of(direction.relation()));
      int bouncedStatements = bouncedRecorder.count();

      assertThat(expected).as(direction.name()).isNotEmpty();
      assertThat(actual).as("%s under %s through %s", direction.name(), policy, bouncer).isEqualTo(expected);
      assertThat(bouncedStatements).as("statements of %s under %s", direction.name(), policy).isEqualTo(directStatements);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "User:posts=selectin,posts.tags=joined",
      "User:posts=lazy,posts.tags=batch",
      "User:posts=multiset,posts.tags=subquery",
      "Post:author=batch,author.posts=subquery",
      "Post:tags=joined,tags.posts=lazy",
      "Tag:posts=multiset,posts.author=joined",
      "Tag:posts=batch,posts.tags=dynamic"})
  void fetchPlansLoadTheSameGraphWithTheSameStatementsAsStraightFromPostgres(String spec) {
    String root = spec.substring(0, spec.indexOf(':'));
    String text = spec.substring(spec.indexOf(':') + 1);
    List<String> path = new ArrayList<>();
    for (String entry : text.split(",")) {
      String relations = entry.substring(0, entry.indexOf('='));
      path.add(relations.substring(relations.lastIndexOf('.') + 1));
    }
    Function<Backref, List<?>> load =
        switch (root) {
          case "User" -> b -> b.users().findAll(SEED_USERS, FetchPlan.parse(User.class, text));
          case "Post" -> b -> b.posts().findAll(SEED_POSTS, FetchPlan.parse(Post.class, text));
          default -> b -> b.tags().findAll(SEED_TAGS, FetchPlan.parse(Tag.class, text));
        };

    directRecorder.reset();
    List<Node> expected = graph(load.apply(directly), path);
    int directStatements = directRecorder.count();
    bouncedRecorder.reset();
    List<Node> actual = graph(load.apply(through), path);

    assertThat(expected).isNotEmpty();
    assertThat(actual).as("%s through %s", spec, bouncer).isEqualTo(expected);
    assertThat(bouncedRecorder.count()).as("statements of %s", spec).isEqualTo(directStatements);
  }

  // ---------------------------------------------------------------- streams

  /**
   * A stream reads through a server-side cursor, which lives in the stream's transaction: PgBouncer
   * keeps that transaction on one server connection until the stream is closed, while other
   * clients' statements run on the other one between the stream's batches.
   */
  @ParameterizedTest
  @EnumSource(FetchPolicy.class)
  void aStreamKeepsItsCursorOnOneServerConnectionWhileOtherClientsRun(FetchPolicy policy) throws Exception {
    Backref streaming = Backref.builder(bounced).batchSize(2).build();
    List<User> expected;
    try (Stream<User> users = Backref.builder(direct).batchSize(2).build().users().streamAll(policy)) {
      expected = users.filter(user -> user.username().startsWith(SEED)).toList();
    }
    List<User> streamed = new ArrayList<>();
    int interleaved = 0;
    try (Stream<User> users = streaming.users().streamAll(policy)) {
      Iterator<User> iterator = users.iterator();
      while (iterator.hasNext()) {
        User user = iterator.next();
        if (user.username().startsWith(SEED)) {
          streamed.add(user);
        }
        // Another client, between two batches of the cursor: it gets the other server connection.
        assertThat(through.users().findById(seedUserIds.get(interleaved % seedUserIds.size()), FetchPolicy.NONE)).isPresent();
        interleaved++;
        if (interleaved == 1) {
          assertThat(serverConnectionsInTransaction()).as("the stream's transaction").isEqualTo(1);
        }
      }
    }

    assertThat(interleaved).isGreaterThan(seedUserIds.size() / 2);
    assertThat(graph(streamed, List.of("posts"))).isEqualTo(graph(expected, List.of("posts")));
    assertThat(serverConnectionsInTransaction()).isZero();
  }

  // ---------------------------------------------------------------- transactions, savepoints, versions

  @Test
  void aWriteRefusedInsideATransactionLeavesTheTransactionUsable() {
    String taken = directly.users().getById(seedUserIds.getFirst(), FetchPolicy.NONE).username();
    String takenTag = directly.tags().findAll(SEED_TAGS, FetchPolicy.NONE).getFirst().name();

    User created =
        through.transactionResult(
            tx -> {
              User user = tx.users().create("tx-alice");
              // Refused by the unique index; backref wrapped the insert in a savepoint, so the
              // transaction goes on (on the same server connection, which PgBouncer keeps for it).
              assertThatThrownBy(() -> tx.users().create(taken)).isInstanceOf(DuplicateUsernameException.class);
              assertThatThrownBy(() -> tx.tags().create(takenTag.toUpperCase(Locale.ROOT)))
                  .isInstanceOf(DuplicateTagNameException.class);
              tx.posts().create(user.id(), new NewPost("after the refusal", "still in the transaction"), List.of("tx-tag"));
              return user;
            });

    User reloaded = directly.users().getById(created.id(), FetchPlan.parse(User.class, "posts=selectin,posts.tags=joined"));
    assertThat(reloaded.posts().get()).extracting(Post::title).containsExactly("after the refusal");
    assertThat(reloaded.posts().get().getFirst().tags().get()).extracting(Tag::name).containsExactly("tx-tag");
  }

  @Test
  void aNestedTransactionRollsBackAloneAndAFailedTransactionLeavesNothing() {
    through.transaction(
        tx -> {
          tx.users().create("tx-outer");
          assertThatThrownBy(
                  () -> tx.transaction(
                      inner -> {
                        inner.users().create("tx-inner");
                        throw new IllegalStateException("roll the savepoint back");
                      }))
              .hasMessage("roll the savepoint back");
          tx.users().create("tx-after-savepoint");
        });
    assertThatThrownBy(
            () -> through.transaction(
                tx -> {
                  tx.users().create("tx-rolled-back");
                  throw new IllegalStateException("roll everything back");
                }))
        .hasMessage("roll everything back");

    assertThat(directly.users().findByUsername("tx-outer", FetchPolicy.NONE)).isPresent();
    assertThat(directly.users().findByUsername("tx-after-savepoint", FetchPolicy.NONE)).isPresent();
    assertThat(directly.users().findByUsername("tx-inner", FetchPolicy.NONE)).isEmpty();
    assertThat(directly.users().findByUsername("tx-rolled-back", FetchPolicy.NONE)).isEmpty();
  }

  @Test
  void aStaleVersionIsRefusedForUsersPostsAndTags() {
    User user = through.users().create("versioned", List.of(new NewPost("v0", "c")));
    Post post = user.posts().get().getFirst();
    Tag tag = through.tags().create("versioned-tag");

    assertThat(through.users().rename(user.id(), 0, "versioned-1").version()).isEqualTo(1);
    assertThat(through.posts().edit(post.id(), 0, new NewPost("v1", "c")).version()).isEqualTo(1);
    assertThat(through.tags().rename(tag.id(), 0, "versioned-tag-1").version()).isEqualTo(1);

    assertThatThrownBy(() -> through.users().rename(user.id(), 0, "versioned-2"))
        .isInstanceOfSatisfying(StaleVersionException.class, e -> assertThat(e.actualVersion()).isEqualTo(1));
    assertThatThrownBy(() -> through.posts().edit(post.id(), 0, new NewPost("v2", "c"))).isInstanceOf(StaleVersionException.class);
    assertThatThrownBy(() -> through.tags().rename(tag.id(), 0, "versioned-tag-2")).isInstanceOf(StaleVersionException.class);
    assertThat(directly.users().getById(user.id(), FetchPolicy.NONE).username()).isEqualTo("versioned-1");
  }

  // ---------------------------------------------------------------- under concurrent load

  /**
   * Eight threads, fifty operations each, over eight client connections and two server
   * connections: reads under every policy, streams, transactions with a refused write, optimistic
   * locking, creates, renames, deletes, tagging and lazy loads after the call returned. Nothing
   * fails, every read is right, and the server connections were really shared.
   */
  @Test
  void concurrentClientsShareTwoServerConnectionsAndEverythingWorks() throws Exception {
    List<Node> expectedUsers = graph(directly.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN), List.of("posts"));
    List<Node> expectedTags = graph(directly.tags().findAll(SEED_TAGS, FetchPolicy.SELECT_IN), List.of("posts"));
    List<Node> expectedStream;
    try (Stream<User> users = directly.users().streamAll(FetchPolicy.SELECT_IN)) {
      expectedStream = graph(users.filter(user -> user.username().startsWith(SEED)).toList(), List.of("posts"));   // in id order
    }
    String taken = directly.users().getById(seedUserIds.getFirst(), FetchPolicy.NONE).username();
    List<FetchPolicy> loading = List.of(FetchPolicy.values()).stream().filter(p -> p != FetchPolicy.NONE).toList();
    Map<Integer, Set<Integer>> backendsOfClient = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    int threads = 8;
    int operations = 50;

    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(executor.submit(() -> {
          for (int i = 0; i < operations; i++) {
            String op = "thread " + thread + " operation " + i;
            try {
              FetchPolicy policy = loading.get((thread + i) % loading.size());
              switch (i % 6) {
                case 0 -> {
                  assertThat(graph(through.users().findAll(SEED_USERS, policy), List.of("posts"))).as(op).isEqualTo(expectedUsers);
                  sampleBackend(backendsOfClient);
                }
                case 1 -> assertThat(graph(through.tags().findAll(SEED_TAGS, policy), List.of("posts"))).as(op).isEqualTo(expectedTags);
                case 2 -> {
                  // Policies that load inside the stream's transaction: a stream holding a server
                  // connection while its lazy loads wait for another could exhaust the two.
                  FetchPolicy inStream = STREAMED_IN_TRANSACTION.get((thread + i) % STREAMED_IN_TRANSACTION.size());
                  try (Stream<User> users = through.users().streamAll(inStream)) {
                    List<User> seeded = users.filter(user -> user.username().startsWith(SEED)).toList();
                    assertThat(graph(seeded, List.of("posts"))).as(op).isEqualTo(expectedStream);
                  }
                }
                case 3 -> {
                  String name = "c" + thread + "-" + i;
                  User user =
                      through.transactionResult(
                          tx -> {
                            User created = tx.users().create(name);
                            assertThatThrownBy(() -> tx.users().create(taken)).isInstanceOf(DuplicateUsernameException.class);
                            tx.posts().create(created.id(), new NewPost("post of " + name, "c"), List.of(name + "-tag", "shared-tag"));
                            return created;
                          });
                  Post post = through.users().getById(user.id(), FetchPolicy.JOINED).posts().get().getFirst();
                  List<Tag> tags = through.posts().tag(post.id(), List.of(name + "-more"));
                  assertThat(tags).extracting(Tag::name).as(op).containsExactly(name + "-more");
                  assertThat(related(through.posts().getById(post.id(), FetchPolicy.JOINED, policy), "tags"))
                      .extracting(tag -> ((Tag) tag).name()).as(op).containsExactlyInAnyOrder(name + "-tag", name + "-more", "shared-tag");
                  assertThat(through.posts().untag(post.id(), name + "-more")).as(op).isTrue();
                }
                case 4 -> {
                  String name = "r" + thread + "-" + i;
                  User user = through.users().create(name);
                  assertThat(through.users().rename(user.id(), user.version(), name + "-renamed").version()).as(op).isEqualTo(1);
                  assertThatThrownBy(() -> through.users().rename(user.id(), user.version(), name + "-again"))
                      .as(op).isInstanceOf(StaleVersionException.class);
                  through.users().delete(user.id());
                  assertThat(through.users().findById(user.id(), FetchPolicy.NONE)).as(op).isEmpty();
                }
                default -> {
                  int index = (thread * operations + i) % seedUserIds.size();
                  User user = through.users().getById(seedUserIds.get(index), FetchPolicy.LAZY);
                  // The call returned and gave its connection back; other work runs before the posts load.
                  assertThat(through.tags().findAll(SEED_TAGS, FetchPolicy.NONE)).as(op).hasSize(expectedTags.size());
                  assertThat(graph(List.of(user), List.of("posts"))).as(op).containsExactly(expectedUsers.stream()
                      .filter(node -> ((User) node.entity()).id() == user.id()).findFirst().orElseThrow());
                }
              }
            } catch (Throwable e) {
              failures.add(op + ": " + e);
            }
          }
        }));
      }
      for (Future<?> future : done) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      executor.shutdownNow();
      assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    assertThat(failures).as("failures through %s:%n%s", bouncer, String.join("\n", failures)).isEmpty();
    Set<Integer> backends = new HashSet<>();
    backendsOfClient.values().forEach(backends::addAll);
    assertThat(backends).as("server connections (PostgreSQL backends) that served the clients").hasSizeLessThanOrEqualTo(bouncer.defaultPoolSize());
    assertThat(backendsOfClient).as("client connections").hasSizeGreaterThan(backends.size());
    assertThat(backendsOfClient.values()).as("a client served by several server connections").anySatisfy(pids -> assertThat(pids).hasSizeGreaterThan(1));
    assertThat(serverPreparedStatementsOnEveryServerConnection()).as("server-prepared statements left behind").isZero();
  }

  // ---------------------------------------------------------------- the wrong settings

  /**
   * With the driver's default {@code prepareThreshold} (5), a statement executed often enough is
   * prepared on the server under a name counted per client connection ({@code S_1}, {@code S_2},
   * ...). Through transaction pooling, the next client that prepares on the same server connection
   * picks the same name and is refused; backref says why and what to change.
   */
  @Test
  void withTheDefaultPrepareThresholdClientsCollideOnStatementNamesAndTheErrorSaysWhatToChange(PostgresServer server) {
    try (PgBouncer single = PgBouncer.builder(server).defaultPoolSize(1).start();
        HikariDataSource first = throughPgBouncer(single, "", 1, "first");
        HikariDataSource second = throughPgBouncer(single, "", 1, "second")) {
      Backref a = Backref.create(first);
      Backref b = Backref.create(second);
      for (int i = 0; i < 10; i++) {
        assertThat(a.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN)).hasSize(seedUserIds.size());
      }

      PreparedStatementPoolingException refused = null;
      for (int i = 0; i < 10 && refused == null; i++) {
        try {
          b.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN);
        } catch (PreparedStatementPoolingException e) {
          refused = e;
        }
      }

      assertThat(refused).as("a refusal within 10 reads through %s", single).isNotNull();
      assertThat(refused.sqlState()).isEqualTo("42P05");
      assertThat(refused.getMessage())
          .containsPattern("prepared statement \"S_\\d+\" already exists")
          .contains("set prepareThreshold=0 in the JDBC URL")
          .contains("README section 'PgBouncer'");
      assertThat(refused.getCause()).isInstanceOf(DataAccessException.class);
    }
  }

  /**
   * A client whose server-prepared statements are not on the server connection it reaches: the
   * driver prepares again and retries by itself outside a transaction, but inside one the
   * transaction has failed and the refusal reaches the caller, explained.
   */
  @Test
  void insideATransactionAStatementMissingOnTheServerConnectionIsExplained(PostgresServer server) throws Exception {
    try (PgBouncer single = PgBouncer.builder(server).defaultPoolSize(1).start();
        HikariDataSource pool = throughPgBouncer(single, "", 1, "warm");
        HikariDataSource other = throughPgBouncer(single, README_PARAMETERS, 1, "other")) {
      Backref backref = Backref.create(pool);
      for (int i = 0; i < 10; i++) {
        backref.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN);
      }
      // Another client on the one server connection drops its prepared statements, as a server
      // connection that another client used last does not have them.
      deallocateAll(other);
      assertThat(backref.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN)).as("retried by the driver").hasSize(seedUserIds.size());
      for (int i = 0; i < 10; i++) {
        backref.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN);
      }
      deallocateAll(other);

      assertThatThrownBy(() -> backref.transactionResult(tx -> tx.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN)))
          .isInstanceOfSatisfying(PreparedStatementPoolingException.class, e -> assertThat(e.sqlState()).isEqualTo("26000"))
          .hasMessageContaining("does not exist")
          .hasMessageContaining("set prepareThreshold=0 in the JDBC URL");
    }
  }

  /**
   * Several clients, many reads, one server connection, default settings: reads fail, and the
   * refusals are explained. Not every failure can be: a client that binds its statement name to
   * another client's statement of that name runs that statement with its parameters, and what
   * fails then (if anything, see the next test) is that statement, for example "malformed array
   * literal" when a username lands where the other statement takes an array of ids.
   */
  @Test
  void underConcurrentLoadWithTheDefaultPrepareThresholdReadsFailAndTheRefusalsAreExplained(PostgresServer server) throws Exception {
    try (PgBouncer single = PgBouncer.builder(server).defaultPoolSize(1).start();
        HikariDataSource pool = throughPgBouncer(single, "", 4, "default-threshold")) {
      Backref backref = Backref.create(pool);
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      ExecutorService executor = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          done.add(executor.submit(() -> {
            for (int i = 0; i < 30; i++) {
              try {
                if (i % 3 == 2) {
                  backref.transaction(tx -> tx.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN));
                } else {
                  backref.users().findAll(SEED_USERS, FetchPolicy.SELECT_IN);
                }
              } catch (RuntimeException e) {
                failures.add(e);
              }
            }
          }));
        }
        for (Future<?> future : done) {
          future.get(5, TimeUnit.MINUTES);
        }
      } finally {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      }

      assertThat(failures).as("failures with the default prepareThreshold through %s", single).isNotEmpty();
      assertThat(failures).as("explained refusals").anySatisfy(e -> assertThat(e).isInstanceOf(PreparedStatementPoolingException.class));
    }
  }

  /**
   * The worst case, made deterministic: client A's statement {@code S_1} (a user by id) is on one
   * server connection, client B's {@code S_1} (a tag by id, the same parameter and column types)
   * on the other. When A next reaches B's server connection, the driver binds {@code S_1} there:
   * PostgreSQL runs B's statement, and A gets a tag's row as its user, without any error. Nothing
   * can detect this; only {@code prepareThreshold=0} prevents it. (PgBouncer hands out the most
   * recently used idle server connection first, {@code server_round_robin = 0}, which is what
   * places the clients.)
   */
  @Test
  void withTheDriverPreparingOnFirstUseAClientSilentlyGetsAnotherClientsRows(PostgresServer server) throws Exception {
    Tag tag = directly.tags().findAll(SEED_TAGS, FetchPolicy.NONE).stream().min(Comparator.comparingLong(Tag::id)).orElseThrow();
    User user = directly.users().getById(tag.id(), FetchPolicy.NONE);
    try (PgBouncer two = PgBouncer.builder(server).defaultPoolSize(2).start();
        Connection first = connect(two, "prepareThreshold=1");
        Connection second = connect(two, "prepareThreshold=1");
        Connection holder = connect(two, README_PARAMETERS)) {
      // One JDBC connection per client, as a pool would keep it: the driver names statements per connection.
      Backref a = Backref.create(new SingleConnectionDataSource(first));
      Backref b = Backref.create(new SingleConnectionDataSource(second));

      // Both clients run the same sequence of statements, so that their statement names line up;
      // A's transaction holds one server connection while B runs on the other.
      a.transaction(
          tx -> {
            assertThat(tx.users().findById(user.id(), FetchPolicy.NONE)).contains(user);
            b.transaction(other -> assertThat(other.tags().findById(tag.id(), FetchPolicy.NONE)).contains(tag));
          });
      // A's server connection, released last, is handed out first: to a third client that keeps it.
      holder.setAutoCommit(false);
      count(holder, "select 1");
      try {
        Optional<User> read = a.users().findById(user.id(), FetchPolicy.NONE);

        assertThat(read).as("user %d read by A on B's server connection", user.id()).isPresent();
        assertThat(read.get().username()).as("A's 'user' is B's tag").isEqualTo(tag.name()).isNotEqualTo(user.username());
      } finally {
        holder.rollback();
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<Node> graph(List<?> roots, List<String> path) {
    return graph(roots, path, 0);
  }

  private static List<Node> graph(List<?> objects, List<String> path, int depth) {
    List<Node> nodes = new ArrayList<>();
    for (Object object : objects) {
      if (depth == path.size()) {
        nodes.add(new Node(object, List.of()));
        continue;
      }
      List<?> related = related(object, path.get(depth));
      nodes.add(new Node(object, related == null ? null : graph(related, path, depth + 1)));
    }
    return nodes;
  }

  /** The related objects, loading lazy relations and querying dynamic ones; null if not loaded. */
  private static List<?> related(Object object, String relation) {
    RelationState state =
        switch (object) {
          case User user -> user.posts().state();
          case Post post -> relation.equals("author") ? post.authorRelation().state() : post.tags().state();
          case Tag tag -> tag.posts().state();
          default -> throw new IllegalArgumentException(relation);
        };
    if (state == RelationState.NOT_LOADED) {
      return null;
    }
    boolean dynamic = state == RelationState.DYNAMIC;
    return switch (object) {
      case User user -> dynamic ? user.posts().query(PostQuery.class).fetch() : user.posts().get();
      case Post post ->
          relation.equals("author")
              ? List.of(post.author())
              : dynamic ? post.tags().query(TagQuery.class).fetch() : post.tags().get();
      case Tag tag -> dynamic ? tag.posts().query(PostQuery.class).fetch() : tag.posts().get();
      default -> throw new IllegalArgumentException(relation);
    };
  }

  /** Which PostgreSQL backend serves a client connection of the bounced pool now. */
  private static void sampleBackend(Map<Integer, Set<Integer>> backendsOfClient) throws Exception {
    try (Connection connection = bounced.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
      rs.next();
      int client = System.identityHashCode(connection.unwrap(PGConnection.class));
      backendsOfClient.computeIfAbsent(client, key -> ConcurrentHashMap.newKeySet()).add(rs.getInt(1));
    }
  }

  /** Backends of the test database in a transaction, seen straight from PostgreSQL. */
  private static int serverConnectionsInTransaction() {
    return Dataset.dsl(direct)
        .fetchSingle(
            "select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
                + " and state like 'idle in transaction%'")
        .get(0, Integer.class);
  }

  /**
   * Server-prepared statements on both server connections of the bounced pool: one held by an open
   * transaction, the other reached by a second client meanwhile.
   */
  private static int serverPreparedStatementsOnEveryServerConnection() throws Exception {
    String sql = "select count(*) from pg_prepared_statements";
    try (Connection holding = bounced.getConnection(); Connection other = bounced.getConnection()) {
      holding.setAutoCommit(false);
      try {
        int held = count(holding, sql + " where pg_backend_pid() > 0");
        int reached = count(other, sql);
        assertThat(count(holding, "select pg_backend_pid()")).isNotEqualTo(count(other, "select pg_backend_pid()"));
        return held + reached;
      } finally {
        holding.rollback();
        holding.setAutoCommit(true);
      }
    }
  }

  private static int count(Connection connection, String sql) throws Exception {
    try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection connect(PgBouncer pgBouncer, String parameters) throws SQLException {
    return DriverManager.getConnection(pgBouncer.jdbcUrl(database) + "?" + parameters, pgBouncer.user(), "");
  }

  private static void deallocateAll(HikariDataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("DEALLOCATE ALL");
    }
  }
}
