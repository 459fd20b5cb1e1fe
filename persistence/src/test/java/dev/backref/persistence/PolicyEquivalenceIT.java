package dev.backref.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.Dataset.ExpectedUser;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.List;
import java.util.Random;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: on random datasets (random user counts, post counts, tied timestamps, small batch
 * sizes so that batching boundaries are crossed), every policy loads the same graph as plain SQL.
 */
@MigratedPostgres
class PolicyEquivalenceIT {

  static HikariDataSource pool;

  @BeforeAll
  static void open(TestDatabase database) {
    pool = Pools.pooled(database);
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  static List<Long> seeds() {
    return new Random(20261125L).longs(25).boxed().toList();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyPolicyLoadsTheSameGraphAsPlainSql(long seed) {
    Random random = new Random(seed);
    String prefix = "p" + Long.toHexString(seed) + "_";
    DSLContext dsl = Dataset.dsl(pool);
    int users = random.nextInt(40);
    for (int i = 0; i < users; i++) {
      long id = Dataset.user(dsl, prefix + (char) ('a' + random.nextInt(26)) + i, Dataset.EPOCH.plusSeconds(random.nextInt(3)));
      Dataset.posts(dsl, id, random.nextInt(4) == 0 ? 0 : random.nextInt(25), random, "t" + i);
    }
    List<ExpectedUser> expected = Dataset.expected(pool, prefix);
    Backref backref = Backref.builder(pool).batchSize(1 + random.nextInt(7)).build();

    for (FetchPolicy policy : FetchPolicy.values()) {
      if (policy == FetchPolicy.NONE) {
        continue;
      }
      List<User> loaded = backref.users().findAll(UserFilter.all().usernameContains(prefix), policy);
      assertThat(Dataset.actual(loaded, policy)).as("users with posts under %s, seed %d", policy, seed).isEqualTo(expected);

      if (policy != FetchPolicy.DYNAMIC) {
        List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("t").limit(100_000), policy);
        assertThat(posts)
            .allSatisfy(post -> assertThat(post.author().id()).isEqualTo(post.authorId()));
      }
    }
  }
}
