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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every benchmark fork checks before it is timed, on a tiny dataset: each contender returns
 * the graph the generator predicts, for every scenario it takes part in. Runs in {@code verify};
 * no benchmark does.
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
}
