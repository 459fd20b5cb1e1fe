package dev.backref.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.backref.bench.contender.Contender;
import dev.backref.bench.contender.Contenders;
import dev.backref.bench.data.Checksum;
import dev.backref.bench.data.Dataset;
import dev.backref.bench.data.Expected;
import dev.backref.bench.data.Seeder;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every benchmark fork checks before it is timed, on a tiny dataset: each contender returns
 * the graph the generator predicts, for every scenario it takes part in (the nested graph included:
 * the tiny dataset carries tags; the stream, in batches smaller than the dataset too). Runs in
 * {@code verify}; no benchmark does.
 */
@MigratedPostgres
class ContendersAgreeIT {

  static final Dataset DATASET = Dataset.TINY;
  static final int FIRST_POSTS = 100;
  static HikariDataSource pool;

  @BeforeAll
  static void seed(TestDatabase database) {
    Seeder.seed(database.dataSource(), DATASET);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(database.jdbcUrl());
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(Fixture.POOL_SIZE);
    pool = new HikariDataSource(config);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  static List<String> contenders() {
    return Contenders.forUsers();
  }

  static List<String> nestedContenders() {
    return Contenders.forNested();
  }

  /** Each streaming contender at the default batch size (one batch here) and at 7 (60 users: 9 batches, the last one short). */
  static Stream<Arguments> streamContenders() {
    return Contenders.forStream().stream()
        .flatMap(name -> Stream.of(Arguments.of(name, Contenders.batchSize()), Arguments.of(name, 7)));
  }

  @ParameterizedTest
  @MethodSource("contenders")
  void everyContenderReturnsTheExpectedGraph(String name) {
    String after = Workload.pageAfter(DATASET);
    long id = Workload.userId(DATASET);
    try (Contender contender = Contenders.create(name, pool)) {
      assertThat(Checksum.ofUsers(contender.allUsers())).as("all users").isEqualTo(Expected.allUsers(DATASET));
      assertThat(Checksum.ofUsers(contender.page(after, Workload.PAGE_SIZE)))
          .as("page")
          .isEqualTo(Expected.page(DATASET, after, Workload.PAGE_SIZE));
      assertThat(Checksum.ofUsers(List.of(contender.userById(id)))).as("by id").isEqualTo(Expected.userById(DATASET, id));
      assertThat(Checksum.ofUsers(List.of(contender.userById(1)))).as("a heavy user").isEqualTo(Expected.userById(DATASET, 1));
      if (Contenders.forPosts().contains(name)) {
        assertThat(Checksum.ofPosts(contender.firstPosts(FIRST_POSTS)))
            .as("posts with authors")
            .isEqualTo(Expected.firstPosts(DATASET, FIRST_POSTS));
      }
      if (Contenders.forInsert().contains(name)) {
        assertThat(Checksum.ofInserted(contender.insertRolledBack(Workload.NEW_USERNAME, Workload.NEW_POSTS)))
            .as("insert")
            .isEqualTo(Expected.inserted(Workload.NEW_USERNAME, Workload.NEW_POSTS));
        assertThat(contender.allUsers()).as("the insert was rolled back").hasSize(DATASET.users());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("nestedContenders")
  void everyNestedContenderReturnsTheExpectedGraph(String name) {
    try (Contender contender = Contenders.create(name, pool)) {
      assertThat(Checksum.ofNestedGraph(contender.nestedGraph()))
          .as("users, posts and tags")
          .isEqualTo(Expected.nestedGraph(DATASET));
    }
  }

  @ParameterizedTest(name = "{0}, batch size {1}")
  @MethodSource("streamContenders")
  void everyStreamingContenderReturnsTheExpectedGraph(String name, int batchSize) {
    try (Contender contender = Contenders.create(name, pool, batchSize)) {
      assertThat(contender.streamAllUsers()).as("all users by id, streamed").isEqualTo(Expected.streamAll(DATASET));
      assertThat(contender.streamAllUsers()).as("a second stream on the same contender").isEqualTo(Expected.streamAll(DATASET));
    }
  }

  /** The stream's checksum depends on the order (the tiny set's usernames happen to sort in id order, so reverse it). */
  @Test
  void theStreamsChecksumIsOrderSensitive() {
    Checksum.Users byId = Checksum.users();
    Checksum.Users reversed = Checksum.users();
    try (Contender contender = Contenders.create(Contenders.JDBC_JOIN, pool)) {
      List<User> users = contender.allUsers();
      users.stream().sorted(Comparator.comparingLong(User::id)).forEach(byId::add);
      users.stream().sorted(Comparator.comparingLong(User::id).reversed()).forEach(reversed::add);
    }
    assertThat(byId.value()).isEqualTo(Expected.streamAll(DATASET));
    assertThat(reversed.value()).isNotEqualTo(Expected.streamAll(DATASET));
  }

  /** What makes the nested graph's checksum meaningful: untagged posts, tags shared by posts, names whose case differs. */
  @Test
  void theTinyDatasetExercisesTheTagsEdgeCases() {
    Map<Long, Integer> carriers = new HashMap<>();
    long untagged = 0;
    for (long postId = 1; postId <= DATASET.posts(); postId++) {
      long[] tags = DATASET.tagIds(postId);
      untagged += tags.length == 0 ? 1 : 0;
      for (long tag : tags) {
        carriers.merge(tag, 1, Integer::sum);
      }
    }
    assertThat(untagged).as("posts without tags").isPositive();
    assertThat(carriers.values()).as("tags carried by several posts").anyMatch(count -> count > 1);
    assertThat(DATASET.tag(4).name()).as("a capitalized name").isNotEqualTo(DATASET.tag(4).name().toLowerCase(Locale.ROOT));
    assertThat(DATASET.postTags()).isEqualTo(carriers.values().stream().mapToLong(Integer::longValue).sum());
  }
}
