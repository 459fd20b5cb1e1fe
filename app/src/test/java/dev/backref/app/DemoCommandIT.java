package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code blog demo} on a database named with {@code --db-url}; EmbeddedDatabaseIT runs it on its throwaway one. */
@MigratedPostgres
class DemoCommandIT {

  @Test
  void everyPolicyReturnsTheInsertedGraphInTheDocumentedNumberOfStatements(PostgresServer server) {
    try (TestDatabase empty = server.createDatabase()) {
      Cli.Result result = Cli.run(empty, "demo", "--users", "12", "--runs", "1", "--warm-up", "1", "--format", "json");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      JsonNode json = result.json();
      int users = json.get("users").intValue();
      assertThat(users).isEqualTo(12);
      assertThat(json.get("sameGraph").booleanValue()).isTrue();
      int authors = json.get("authors").intValue();
      assertThat(authors).as("users with posts; the second has none").isBetween(1, users - 1);

      assertThat(rows(json.get("usersWithPosts"))).containsExactly(
          Map.entry("none", "1 not loaded"),
          Map.entry("joined", "1 same"),
          Map.entry("multiset", "1 same"),
          Map.entry("subquery", "2 same"),
          Map.entry("selectin", "2 same"),
          Map.entry("lazy", (1 + users) + " same"),
          Map.entry("batch", "2 same"),
          Map.entry("dynamic", (1 + users) + " same"));
      assertThat(rows(json.get("postsWithAuthor"))).containsExactly(
          Map.entry("none", "1 not loaded"),
          Map.entry("joined", "1 same"),
          Map.entry("multiset", "1 same"),
          Map.entry("subquery", "2 same"),
          Map.entry("selectin", "2 same"),
          Map.entry("lazy", (1 + authors) + " same"),
          Map.entry("batch", "2 same"));

      int posts = json.get("posts").intValue();
      int tags = json.get("tags").intValue();
      assertThat(tags).as("the drawn tags and one without posts").isEqualTo(DemoCommand.TAGS + 1);
      assertThat(json.get("taggings").intValue()).isPositive();
      assertThat(rows(json.get("postsWithTags"))).containsExactly(
          Map.entry("none", "1 not loaded"),
          Map.entry("joined", "1 same"),
          Map.entry("multiset", "1 same"),
          Map.entry("subquery", "2 same"),
          Map.entry("selectin", "2 same"),
          Map.entry("lazy", (1 + posts) + " same"),
          Map.entry("batch", "2 same"),
          Map.entry("dynamic", (1 + posts) + " same"));
      assertThat(rows(json.get("tagsWithPosts"))).containsExactly(
          Map.entry("none", "1 not loaded"),
          Map.entry("joined", "1 same"),
          Map.entry("multiset", "1 same"),
          Map.entry("subquery", "2 same"),
          Map.entry("selectin", "2 same"),
          Map.entry("lazy", (1 + tags) + " same"),
          Map.entry("batch", "2 same"),
          Map.entry("dynamic", (1 + tags) + " same"));
      assertThat(rows(json.get("fetchPlans"), "plan")).containsExactly(
          Map.entry("posts=selectin,posts.tags=joined", "2 same"),
          Map.entry("posts=joined,posts.tags=selectin", "2 same"),
          Map.entry("posts=selectin,posts.tags=selectin", "3 same"),
          Map.entry("posts=subquery,posts.tags=subquery", "3 same"),
          Map.entry("posts=joined,posts.tags=joined", "1 same"),
          Map.entry("posts=multiset,posts.tags=multiset", "1 same"),
          Map.entry("posts=lazy,posts.tags=selectin", (1 + users + authors) + " same"),
          Map.entry("posts=selectin,posts.tags=lazy", (2 + posts) + " same"));
    }
  }

  private static Map<String, String> rows(JsonNode rows) {
    return rows(rows, "policy");
  }

  /** Each row's policy or plan, then its statements and graph check. */
  private static Map<String, String> rows(JsonNode rows, String kind) {
    Map<String, String> result = new LinkedHashMap<>();
    for (JsonNode row : rows) {
      assertThat(row.get("millis").doubleValue()).isPositive();
      result.put(row.get(kind).stringValue(), row.get("statements").intValue() + " " + row.get("graph").stringValue());
    }
    return result;
  }

  @Test
  void printsTheTableInText(PostgresServer server) {
    try (TestDatabase empty = server.createDatabase()) {
      Cli.Result result = Cli.run(empty, "demo", "--runs", "1", "--warm-up", "1");

      assertThat(result.exitCode()).as(result.toString()).isZero();
      assertThat(result.out())
          .startsWith("Seeded 20 users with ")
          .contains("users -> posts: load all 20 users, then read every user's posts")
          .contains("posts -> author: load all ")
          .contains("posts -> tags: load all ")
          .contains("tags -> posts: load all 9 tags, then read every tag's posts")
          .containsPattern("\\n  lazy +21 +[0-9.]+ ms  same ")
          .containsPattern("\\n  lazy +10 +[0-9.]+ ms  same +tags, then 1 query per tag")
          .containsPattern("\\n  none +1 +[0-9.]+ ms  not loaded ")
          .contains("fetch plans: users -> posts -> tags: load all 20 users, then read every user's posts and every post's tags")
          .containsPattern("\\n  plan {31}statements {7}time  graph {7}how\\R")
          .containsPattern("\\n  posts=selectin,posts\\.tags=joined {12}2 +[0-9.]+ ms  same {8}users, then posts LEFT JOIN tags per 1,000 users\\R")
          .containsPattern("\\n  posts=joined,posts\\.tags=joined {14}1 +[0-9.]+ ms  same ")
          .endsWith("Every policy and plan that loads the relation returned the graph that was inserted, posts pointing back at their user instance"
              + " and each post or tag one instance however often it is reached." + System.lineSeparator());
    }
  }

  @Test
  void refusesADatabaseThatHasData(TestDatabase database) {
    assertThat(Cli.run(database, "users", "create", "somebody").exitCode()).isZero();

    Cli.Result result = Cli.run(database, "demo");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("blog: demo needs an empty database, and PostgreSQL at jdbc:postgresql:").contains(" has 1 users;");
  }
}
