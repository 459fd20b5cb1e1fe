package dev.backref.persistence;

import static dev.backref.persistence.Fetch.postTags;
import static dev.backref.persistence.Fetch.userPosts;
import static dev.backref.persistence.FetchPolicy.JOINED;
import static dev.backref.persistence.FetchPolicy.LAZY;
import static dev.backref.persistence.FetchPolicy.SELECT_IN;
import static dev.backref.persistence.ListenedData.USERS;
import static dev.backref.persistence.ListenedData.documentedStatements;
import static dev.backref.persistence.ListenedData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.ListenedData.Recording;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link MicrometerMetrics} against real PostgreSQL and a {@link SimpleMeterRegistry}: meter values
 * per policy, lazy loads per relation, the N+1 warning (once above the threshold, at most once per
 * relation per interval, on a mock clock), the bounded {@code fetch} tag, and the README's example.
 */
@MigratedPostgres
class MicrometerMetricsIT {

  static final String N_PLUS_ONE_LOG = "dev.backref.persistence.MicrometerMetrics";

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static final AtomicBoolean failStatements = new AtomicBoolean();

  MockClock clock;
  MeterRegistry registry;
  Recording heard;
  Backref backref;
  LogCapture warnings;

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    ListenedData.seed(pool);
    recorder = StatementRecorder.wrap(pool);
    recorder.onStatement(
        sql -> {
          if (failStatements.get()) {
            throw new IllegalStateException("database unavailable for this test");
          }
        });
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @BeforeEach
  void setUp() {
    clock = new MockClock();
    registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    heard = new Recording();
    backref = Backref.builder(recorder.dataSource()).listener(MicrometerMetrics.of(registry)).listener(heard).build();
    recorder.reset();
    failStatements.set(false);
    warnings = new LogCapture(N_PLUS_ONE_LOG);
  }

  @AfterEach
  void tearDown() {
    warnings.close();
    failStatements.set(false);
  }

  static Tags readTags(String repository, String method, String fetch) {
    return Tags.of("repository", repository, "method", method, "fetch", fetch);
  }

  double statements(Tags tags) {
    return registry.get("backref.load.statements").tags(tags).summary().totalAmount();
  }

  @ParameterizedTest
  @EnumSource(FetchPolicy.class)
  void aReadIsTimedAndItsStatementsAndRowsRecordedPerPolicy(FetchPolicy policy) {
    backref.users().findAll(UserFilter.all(), policy);

    Tags tags = readTags("UserRepository", "findAll", "posts=" + FetchPlan.policyName(policy));
    Timer timer = registry.get("backref.load").tags(tags).tag("outcome", "success").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(heard.loads.getFirst().nanos());
    assertThat(statements(tags)).isEqualTo(documentedStatements(policy)).isEqualTo(recorder.count());
    assertThat(registry.get("backref.load.statements").tags(tags).summary().count()).isEqualTo(1);
    assertThat(registry.get("backref.load.rows").tags(tags).summary().totalAmount()).isEqualTo(rows(policy));
    assertThat(registry.find("backref.lazy.loads").counters()).isEmpty();
  }

  @Test
  void plansPoliciesOfTwoRelationsAndRootsOnlyAreTaggedWithTheirText() {
    backref.users().findAll(UserFilter.all(), FetchPlan.of(userPosts(SELECT_IN, postTags(JOINED))));
    backref.posts().findAll(PostFilter.all(), JOINED, SELECT_IN);
    backref.tags().findAll(TagFilter.all(), FetchPlan.of());
    backref.tags().findAll(TagFilter.all(), FetchPlan.of());

    assertThat(statements(readTags("UserRepository", "findAll", "posts=selectin,posts.tags=joined"))).isEqualTo(2);
    assertThat(statements(readTags("PostRepository", "findAll", "author=joined,tags=selectin"))).isEqualTo(2);
    assertThat(statements(readTags("TagRepository", "findAll", "none"))).isEqualTo(2);
    assertThat(registry.get("backref.load").tags(readTags("TagRepository", "findAll", "none")).timer().count()).isEqualTo(2);
  }

  @Test
  void lazyLoadsAreCountedAndTimedPerRelationAndPolicy() {
    List<User> users = backref.users().findAll(UserFilter.all(), FetchPlan.of(userPosts(LAZY, postTags(LAZY))));
    for (User user : users.subList(0, 3)) {
      for (Post post : user.posts().get()) {
        post.tags().get();
      }
    }
    Backref batched = Backref.builder(recorder.dataSource()).batchSize(5).listener(MicrometerMetrics.of(registry)).build();
    batched.users().findAll(UserFilter.all(), FetchPolicy.BATCH).forEach(user -> user.posts().get());

    assertThat(registry.get("backref.lazy.loads").tags("relation", "user.posts", "policy", "lazy").counter().count()).isEqualTo(3);
    assertThat(registry.get("backref.lazy.loads").tags("relation", "post.tags", "policy", "lazy").counter().count()).isEqualTo(6);
    assertThat(registry.get("backref.lazy.loads").tags("relation", "user.posts", "policy", "batch").counter().count()).isEqualTo(3);
    assertThat(registry.get("backref.lazy.load").tags("relation", "post.tags", "policy", "lazy", "outcome", "success").timer().count())
        .isEqualTo(6);
    assertThat(registry.get("backref.lazy.load.statements").tags("relation", "user.posts", "policy", "lazy").summary().totalAmount())
        .isEqualTo(3);
    assertThat(registry.get("backref.lazy.load.statements").tags("relation", "user.posts", "policy", "batch").summary().totalAmount())
        .isEqualTo(3);
    // The reads themselves sent one statement each.
    assertThat(statements(readTags("UserRepository", "findAll", "posts=lazy,posts.tags=lazy"))).isEqualTo(1);
    assertThat(statements(readTags("UserRepository", "findAll", "posts=batch"))).isEqualTo(1);
  }

  @Test
  void failuresAreTaggedAsErrors() {
    List<User> users = backref.users().findAll(UserFilter.all(), LAZY);
    failStatements.set(true);
    assertThatThrownBy(() -> backref.users().findAll(UserFilter.all(), SELECT_IN)).hasStackTraceContaining("database unavailable");
    assertThatThrownBy(() -> users.getFirst().posts().get()).hasStackTraceContaining("database unavailable");
    failStatements.set(false);

    assertThat(registry.get("backref.load").tags("fetch", "posts=selectin", "outcome", "error").timer().count()).isEqualTo(1);
    assertThat(registry.find("backref.load").tags("fetch", "posts=selectin", "outcome", "success").timer()).isNull();
    assertThat(registry.get("backref.lazy.load").tags("relation", "user.posts", "outcome", "error").timer().count()).isEqualTo(1);
    assertThat(registry.get("backref.lazy.loads").tags("relation", "user.posts").counter().count()).isEqualTo(1);
  }

  @Test
  void theNPlusOneWarningFiresOnceAboveTheThresholdAndAtMostOncePerRelationPerInterval() {
    List<User> users = backref.users().findAll(UserFilter.all(), LAZY);
    for (int i = 0; i < 10; i++) {
      users.get(i).posts().get();
    }
    assertThat(warnings.records).isEmpty();
    assertThat(registry.find("backref.n_plus_one").counter()).isNull();

    users.get(10).posts().get();
    users.get(11).posts().get();   // the same scope: still one warning

    assertThat(warnings.records).singleElement().satisfies(
        record -> {
          assertThat(record.getLevel()).isEqualTo(Level.WARNING);
          assertThat(record.getLoggerName()).isEqualTo(N_PLUS_ONE_LOG);
          assertThat(record.getMessage())
              .isEqualTo(
                  "user.posts loaded lazily 11 times from one load of users (UserRepository.findAll, fetch posts=lazy), more than 10:"
                      + " consider FetchPolicy.SELECT_IN or FetchPlan.of(userPosts(SELECT_IN))"
                      + " (N+1 queries; at most one warning per relation every 60 s)");
        });
    Tags nPlusOne = Tags.of("relation", "user.posts", "repository", "UserRepository", "method", "findAll");
    assertThat(registry.get("backref.n_plus_one").tags(nPlusOne).counter().count()).isEqualTo(1);

    // Another scope within the minute: counted, not logged again.
    backref.users().findAll(UserFilter.all(), LAZY).forEach(user -> user.posts().get());
    assertThat(registry.get("backref.n_plus_one").tags(nPlusOne).counter().count()).isEqualTo(2);
    assertThat(warnings.records).hasSize(1);

    // Another relation has a limit of its own.
    backref.posts().findAll(PostFilter.all(), FetchPlan.of(postTags(LAZY))).forEach(post -> post.tags().get());
    assertThat(warnings.records).hasSize(2);
    assertThat(warnings.records.getLast().getMessage())
        .startsWith("post.tags loaded lazily 11 times from one load of posts (PostRepository.findAll, fetch tags=lazy), more than 10:")
        .contains("FetchPlan.of(postTags(SELECT_IN))");

    // A minute after its warning, user.posts warns again.
    clock.add(Duration.ofSeconds(59));
    backref.users().findAll(UserFilter.all(), LAZY).forEach(user -> user.posts().get());
    assertThat(warnings.records).hasSize(2);
    clock.add(Duration.ofSeconds(1));
    backref.users().findAll(UserFilter.all(), LAZY).forEach(user -> user.posts().get());
    assertThat(warnings.records).hasSize(3);
    assertThat(warnings.records.getLast().getMessage()).startsWith("user.posts loaded lazily 11 times");
    assertThat(registry.get("backref.n_plus_one").tags(nPlusOne).counter().count()).isEqualTo(4);
  }

  @Test
  void aScopeAtTheThresholdIsNotNPlusOne() {
    backref.users().findAll(UserFilter.all().limit(10), LAZY).forEach(user -> user.posts().get());
    backref.users().findAll(UserFilter.all().limit(10), LAZY).forEach(user -> user.posts().get());

    assertThat(registry.get("backref.lazy.loads").counter().count()).isEqualTo(20);
    assertThat(registry.find("backref.n_plus_one").counter()).isNull();
    assertThat(warnings.records).isEmpty();
  }

  @Test
  void theThresholdAndIntervalAreConfigurable() {
    Backref strict =
        Backref.builder(recorder.dataSource())
            .listener(MicrometerMetrics.builder(registry).lazyLoadThreshold(2).warningInterval(Duration.ZERO).build())
            .build();
    for (int read = 0; read < 2; read++) {
      strict.users().findAll(UserFilter.all().limit(3), LAZY).forEach(user -> user.posts().get());
    }

    assertThat(warnings.records).hasSize(2);
    assertThat(warnings.records.getFirst().getMessage())
        .startsWith("user.posts loaded lazily 3 times from one load of users (UserRepository.findAll, fetch posts=lazy), more than 2:")
        .endsWith("(N+1 queries; at most one warning per relation every 0 s)");
    assertThatThrownBy(() -> MicrometerMetrics.builder(registry).lazyLoadThreshold(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lazyLoadThreshold must be positive, was 0");
    assertThatThrownBy(() -> MicrometerMetrics.builder(registry).warningInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warningInterval must not be negative, was PT-1S");
    assertThatThrownBy(() -> MicrometerMetrics.builder(registry).maxFetchValues(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxFetchValues must not be negative, was -1");
    assertThatThrownBy(() -> MicrometerMetrics.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void theFetchTagNamesABoundedNumberOfPlansAndTheRestAsOther() {
    Backref bounded =
        Backref.builder(recorder.dataSource()).listener(MicrometerMetrics.builder(registry).maxFetchValues(2).build()).build();
    bounded.users().findAll(UserFilter.all().limit(1), FetchPolicy.NONE);
    bounded.users().findAll(UserFilter.all().limit(1), JOINED);
    bounded.users().findAll(UserFilter.all().limit(1), SELECT_IN);
    bounded.users().findAll(UserFilter.all().limit(1), FetchPlan.parse(User.class, "posts=joined,posts.author=none"));
    bounded.users().findAll(UserFilter.all().limit(1), JOINED);

    assertThat(registry.find("backref.load").timers())
        .extracting(timer -> timer.getId().getTag("fetch"))
        .containsExactlyInAnyOrder("posts=none", "posts=joined", "other");
    assertThat(registry.get("backref.load").tag("fetch", "other").timer().count()).isEqualTo(2);
    assertThat(registry.get("backref.load").tag("fetch", "posts=joined").timer().count()).isEqualTo(2);
  }

  /** The README's example, as written there. */
  @Test
  void readmeExample() {
    DataSource dataSource = recorder.dataSource();
    // README from here
    MeterRegistry registry = new SimpleMeterRegistry();   // in production: your Prometheus, OTLP, ... registry
    Backref backref = Backref.builder(dataSource)
        .listener(MicrometerMetrics.of(registry))
        .build();

    List<User> users = backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);
    double statements = registry.get("backref.load.statements")
        .tags("repository", "UserRepository", "method", "findAll", "fetch", "posts=selectin")
        .summary()
        .totalAmount();   // 2.0: users, then their posts
    // README to here

    assertThat(users).hasSize(USERS);
    assertThat(statements).isEqualTo(2.0);
  }

  /** The README's own-listener example, as written there. */
  @Test
  void readmeListenerExample() {
    DataSource dataSource = recorder.dataSource();
    MeterRegistry registry = this.registry;
    // README from here
    List<String> busy = new CopyOnWriteArrayList<>();
    Backref backref = Backref.builder(dataSource)
        .listener(MicrometerMetrics.of(registry))
        .listener(new BackrefListener() {
          @Override
          public void loaded(LoadEvent event) {   // scope (repository, method, root, fetch), statements, rows, nanos, failure
            if (event.statements() > 1) {
              busy.add(event.scope() + " sent " + event.statements() + " statements");
            }
          }
        })
        .build();

    backref.users().findAll(UserFilter.all(), FetchPolicy.SUBQUERY);
    // busy: [UserRepository.findAll(posts=subquery) sent 2 statements]
    // README to here

    assertThat(busy).containsExactly("UserRepository.findAll(posts=subquery) sent 2 statements");
    assertThat(statements(readTags("UserRepository", "findAll", "posts=subquery"))).isEqualTo(2);
  }
}
