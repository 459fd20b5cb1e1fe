package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.PostFilter;
import dev.backref.persistence.TagFilter;
import dev.backref.persistence.UserFilter;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@MigratedPostgres
class SeedCommandIT {

  @Test
  void seedsRealisticUsersPostsAndTagsAndCountsThem(TestDatabase database) {
    Cli.Result result = Cli.run(database, "seed", "--users", "150", "--posts-per-user", "20", "--seed", "7", "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).as("no progress bar without a terminal").isEmpty();
    JsonNode json = result.json();
    assertThat(json.get("users").intValue()).isEqualTo(150);
    assertThat(json.get("posts").intValue()).isEqualTo(3_000);
    assertThat(json.get("totalPosts").intValue()).isEqualTo(3_000);
    assertThat(json.get("tags").intValue()).isEqualTo(300);
    assertThat(json.get("totalTags").intValue()).isEqualTo(300);
    long taggings = json.get("taggings").longValue();
    assertThat(taggings).as("0 to 5 tags per post, 2.5 on average").isBetween(6_500L, 8_500L);
    assertThat(json.get("roundTrips").intValue())
        .as("one round trip for a user with all its posts; tags: one INSERT, one SELECT, then one INSERT of links per transaction")
        .isEqualTo(150 + 2 + 2);
    assertThat(json.get("statements").intValue())
        .as("a user with its posts is one statement between a savepoint and its release, sent together")
        .isEqualTo(150 * 3 + 2 + 2);

    try (HikariDataSource pool = Pools.pooled(database)) {
      Backref backref = Backref.create(pool);
      List<User> users = backref.users().findAll(UserFilter.all(), FetchPolicy.SELECT_IN);
      assertThat(users).hasSize(150).allSatisfy(user -> {
        assertThat(user.username()).matches("[a-z']+\\.[a-z']+\\d*");
        assertThat(user.posts().get()).hasSize(20).allSatisfy(SeedCommandIT::realistic);
      });
      List<Tag> tags = backref.tags().findAll(TagFilter.all(), FetchPolicy.SELECT_IN);
      assertThat(tags).hasSize(300).allSatisfy(tag -> assertThat(tag.name()).doesNotContainAnyWhitespaces().isLowerCase());
      assertThat(tags.stream().mapToLong(tag -> tag.posts().size()).sum()).isEqualTo(taggings);
      List<Integer> popularity = tags.stream().map(tag -> tag.posts().size()).sorted(Comparator.reverseOrder()).toList();
      assertThat(popularity.getFirst()).as("a few tags on many posts, most on few (Zipf-like)").isGreaterThan(20 * popularity.get(150));
      assertThat(backref.posts().findAll(PostFilter.all().limit(3_000), FetchPolicy.NONE, FetchPolicy.SELECT_IN))
          .allSatisfy(post -> assertThat(post.tags().get()).hasSizeBetween(0, FakeTags.MAX_PER_POST));
    }

    Cli.Result again = Cli.run(database, "seed", "--users", "150", "--posts-per-user", "1", "--seed", "7");
    assertThat(again.exitCode()).as("the same names again: taken ones are replaced, tags reused").isZero();
    assertThat(again.out()).startsWith("Seeded 150 users and 150 posts, tagged ")
        .contains(" times with 300 tags, in ")
        .contains("The database now has 300 users, 3,150 posts and 300 tags");
  }

  @Test
  void seedsWithoutTagsOnRequest(PostgresServer server) {
    try (TestDatabase empty = server.createDatabase()) {
      Cli.Result result = Cli.run(empty, "seed", "--users", "3", "--posts-per-user", "2", "--tags", "0", "--format", "json");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.json().get("taggings").intValue()).isZero();
      assertThat(result.json().get("totalTags").intValue()).isZero();
      assertThat(result.json().get("roundTrips").intValue()).as("users and posts only, one round trip per user").isEqualTo(3);
      assertThat(result.json().get("statements").intValue()).as("savepoint, insert, release per user").isEqualTo(9);
    }
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
