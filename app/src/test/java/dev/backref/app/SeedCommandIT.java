package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.UserFilter;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@MigratedPostgres
class SeedCommandIT {

  @Test
  void seedsRealisticUsersAndPostsAndCountsThem(TestDatabase database) {
    Cli.Result result = Cli.run(database, "seed", "--users", "150", "--posts-per-user", "20", "--seed", "7", "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).as("no progress bar without a terminal").isEmpty();
    JsonNode json = result.json();
    assertThat(json.get("users").intValue()).isEqualTo(150);
    assertThat(json.get("posts").intValue()).isEqualTo(3_000);
    assertThat(json.get("totalPosts").intValue()).isEqualTo(3_000);
    assertThat(json.get("statements").intValue()).as("one INSERT for the user, one for all its posts").isEqualTo(300);

    try (HikariDataSource pool = Pools.pooled(database)) {
      List<User> users = Backref.create(pool).users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);
      assertThat(users).hasSize(150).allSatisfy(user -> {
        assertThat(user.username()).matches("[a-z']+\\.[a-z']+\\d*");
        assertThat(user.posts().get()).hasSize(20).allSatisfy(SeedCommandIT::realistic);
      });
    }

    Cli.Result again = Cli.run(database, "seed", "--users", "150", "--posts-per-user", "1", "--seed", "7");
    assertThat(again.exitCode()).as("the same names again: taken ones are replaced").isZero();
    assertThat(again.out()).startsWith("Seeded 150 users and 150 posts in ").contains("The database now has 300 users and 3,150 posts");
  }

  private static void realistic(Post post) {
    assertThat(post.title()).isNotBlank().doesNotContain("\n");
    assertThat(post.content().split("\\s+").length).isGreaterThan(5);
  }

  @Test
  void rejectsNonsense(TestDatabase database) {
    Cli.Result result = Cli.run(database, "seed", "--users", "0");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo("blog: --users must be positive, was 0" + System.lineSeparator());
  }
}
