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
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every benchmark fork checks before it is timed, on a tiny dataset: each contender returns
 * the graph the generator predicts, for every scenario it takes part in (the nested graph included:
 * the tiny dataset carries tags). Runs in {@code verify}; no benchmark does.
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
