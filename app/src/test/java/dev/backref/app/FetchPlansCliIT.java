package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.NewPost;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.PostgresServer;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code --fetch} with a fetch plan end to end: trees to depth 2 and 3, cycles as refs, statements
 * counted and printed; and {@code users list --order} paging. The data is fixed: no test writes.
 */
@MigratedPostgres
class FetchPlansCliIT {

  static TestDatabase database;
  static HikariDataSource pool;
  static long carol;
  static long alice;
  static long bob;
  static long ohara;
  static long whyJooq;
  static long fetchPolicies;
  static long hello;
  static long greetings;

  /** Created in this order, so that id order differs from username order: carol, alice, bob, o'hara. */
  @BeforeAll
  static void seed(TestDatabase db) {
    database = db;
    pool = Pools.pooled(db);
    Backref backref = Backref.create(pool);
    User carolUser = backref.users().create("carol", List.of(new NewPost("seed: Hello", "World"), new NewPost("seed: Again", "Hi")));
    User aliceUser = backref.users().create("alice", List.of(
        new NewPost("seed: Why jOOQ", "Because SQL."),
        new NewPost("seed: Fetch policies", "Choose per call."),
        new NewPost("seed: Backrefs", "Both ways.")));
    bob = backref.users().create("bob").id();
    ohara = backref.users().create("o'hara").id();
    carol = carolUser.id();
    alice = aliceUser.id();
    List<Post> posts = aliceUser.posts().get();
    whyJooq = posts.get(0).id();
    fetchPolicies = posts.get(1).id();
    hello = carolUser.posts().get().getFirst().id();
    backref.posts().tag(whyJooq, List.of("sql", "java"));
    backref.posts().tag(fetchPolicies, List.of("java"));
    greetings = backref.posts().tag(hello, List.of("greetings")).getFirst().id();
    backref.tags().create("unused");
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  static Cli.Result blog(String... args) {
    return Cli.run(database, args);
  }

  static JsonNode json(String... args) {
    Cli.Result result = blog(args);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.json();
  }

  static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(node -> node.get(field).stringValue()).toList();
  }

  static JsonNode ref(String reference) {
    return Json.object().put("ref", reference);
  }

  @Test
  void depthTwoNestsEachPostsTagsInOneMoreStatement() {
    JsonNode json = json("users", "show", "alice", "--fetch", "posts=selectin,posts.tags=joined", "--format", "json");

    assertThat(json.propertyNames()).containsExactly("statements", "fetch", "user");
    assertThat(json.get("statements").intValue()).isEqualTo(2);
    assertThat(json.get("fetch").stringValue()).isEqualTo("posts=selectin,posts.tags=joined");
    JsonNode posts = json.get("user").get("posts");
    assertThat(texts(posts, "title")).containsExactly("seed: Why jOOQ", "seed: Fetch policies", "seed: Backrefs");
    assertThat(texts(posts.get(0).get("tags"), "name")).containsExactly("java", "sql");
    assertThat(texts(posts.get(1).get("tags"), "name")).containsExactly("java");
    assertThat(posts.get(2).get("tagsLoaded").booleanValue()).isTrue();
    assertThat(posts.get(2).get("tags")).as("loaded and empty").isEmpty();
    assertThat(posts).allSatisfy(post -> assertThat(post.get("authorLoaded").booleanValue()).as("not in the plan").isFalse());
    assertThat(posts.get(0).get("tags").get(0).get("postsLoaded").booleanValue()).isFalse();
  }

  @Test
  void depthThreeComesBackToItsAncestorsAsRefs() {
    JsonNode json = json("users", "show", "alice", "--fetch", "posts=selectin,posts.tags=selectin,posts.tags.posts=selectin", "--format", "json");

    assertThat(json.get("statements").intValue()).as("users, posts, tags, the tags' posts").isEqualTo(4);
    JsonNode whyJooqTags = json.get("user").get("posts").get(0).get("tags");
    JsonNode javaPosts = whyJooqTags.get(0).get("posts");
    assertThat(javaPosts.get(0)).as("the post java was reached from").isEqualTo(ref("Post#" + whyJooq));
    assertThat(javaPosts.get(1).get("title").stringValue()).as("another post of java, whole").isEqualTo("seed: Fetch policies");
    assertThat(javaPosts.get(1).get("tagsLoaded").booleanValue()).as("the plan stops at depth 3").isFalse();
    assertThat(whyJooqTags.get(1).get("posts")).containsExactly(ref("Post#" + whyJooq));
  }

  @Test
  void aUsersPostsPointBackAtItForFree() {
    JsonNode json = json("users", "show", "alice", "--fetch", "posts=joined,posts.author=joined", "--format", "json");

    assertThat(json.get("statements").intValue()).as("the author of a user's own post is that user: no SQL").isEqualTo(1);
    assertThat(json.get("user").get("posts")).hasSize(3).allSatisfy(post -> {
      assertThat(post.get("authorLoaded").booleanValue()).isTrue();
      assertThat(post.get("author")).isEqualTo(ref("User#" + alice));
    });
  }

  @Test
  void aPostsPlanReplacesTheAuthorAndTagsPoliciesAndLazyLoadsAreCountedAsRead() {
    Cli.Result result = blog("posts", "list", "--title-like", "SEED:", "--fetch", "author=joined,tags=selectin,tags.posts=lazy",
        "--format", "json", "--sql");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = result.json();
    assertThat(json.propertyNames()).containsExactly("statements", "fetch", "posts");
    assertThat(json.get("fetch").stringValue()).isEqualTo("author=joined,tags=selectin,tags.posts=lazy");
    assertThat(json.get("statements").intValue()).as("posts with authors, tags, then each of the 3 tags' posts once").isEqualTo(5);
    assertThat(result.err().lines().toList()).hasSize(5).allMatch(line -> line.startsWith("select ") && line.endsWith(";"));
    JsonNode first = StreamSupport.stream(json.get("posts").spliterator(), false)
        .filter(post -> post.get("id").longValue() == whyJooq).findFirst().orElseThrow();
    assertThat(first.get("author").get("username").stringValue()).isEqualTo("alice");
    assertThat(first.get("author").get("postsLoaded").booleanValue()).isFalse();
    JsonNode java = first.get("tags").get(0);
    assertThat(java.get("posts").get(0)).isEqualTo(ref("Post#" + whyJooq));
    assertThat(java.get("posts").get(1).get("id").longValue()).isEqualTo(fetchPolicies);
  }

  @Test
  void sqlPrintsEveryStatementOfAPlanLazyOnesIncludedAsTheyAreRead() {
    Cli.Result result = blog("users", "show", "alice", "--fetch", "posts=lazy,posts.tags=selectin", "--sql", "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.json().get("statements").intValue()).isEqualTo(3);
    List<String> statements = result.err().lines().toList();
    assertThat(statements).hasSize(3);
    assertThat(statements.get(1)).contains("from posts where posts.user_id = ?");
    assertThat(statements.get(2)).contains("from post_tags join tags");
  }

  @Test
  void textIndentsTheTreeAndRefersToWhatRepeats() {
    Cli.Result result = blog("tags", "show", "GREETINGS", "--fetch", "posts=selectin,posts.author=joined,posts.tags=joined");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("greetings  (id " + greetings + ", version 0, created ");
    assertThat(lines.get(1)).matches("    #" + hello + " +seed: Hello  \\(.* UTC, version 0\\)");
    assertThat(lines.get(2)).startsWith("        author carol  (id " + carol + ", version 0, created ");
    assertThat(lines.get(3)).isEqualTo("        tag Tag#" + greetings + " (shown above)");
    assertThat(lines.get(4)).isEqualTo("(2 SQL statements)");
  }

  @Test
  void tagsListTakesAPlanToo() {
    JsonNode json = json("tags", "list", "--fetch", "posts=selectin,posts.author=joined", "--format", "json");

    assertThat(json.get("statements").intValue()).isEqualTo(2);
    assertThat(json.get("fetch").stringValue()).isEqualTo("posts=selectin,posts.author=joined");
    assertThat(texts(json.get("tags"), "name")).containsExactly("greetings", "java", "sql", "unused");
    assertThat(texts(json.get("tags").get(1).get("posts"), "title")).containsExactly("seed: Why jOOQ", "seed: Fetch policies");
    assertThat(json.get("tags").get(1).get("posts").get(0).get("author").get("username").stringValue()).isEqualTo("alice");
    assertThat(json.get("tags").get(3).get("posts")).isEmpty();
    assertThat(blog("tags", "list", "--name-like", "sql", "--fetch", "posts=none").out().lines().toList()).satisfies(lines -> {
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).startsWith("sql  (id ");
      assertThat(lines.get(1)).isEqualTo("    posts not loaded (fetch policy none)");
      assertThat(lines.get(2)).isEqualTo("(1 SQL statement)");
    });
  }

  @Test
  void onePolicyKeepsTheFirstShapes() {
    JsonNode user = json("users", "show", "alice", "--fetch", "selectin", "--format", "json");
    JsonNode posts = json("posts", "list", "--title-like", "seed:", "--fetch", "lazy", "--format", "json");

    assertThat(user.get("fetch").stringValue()).isEqualTo("selectin");
    assertThat(user.get("user").get("posts").get(0).propertyNames()).containsExactly("id", "title", "content", "createdAt", "version");
    assertThat(posts.propertyNames()).containsExactly("statements", "fetchAuthor", "fetchTags", "posts");
    assertThat(posts.get("fetchAuthor").stringValue()).as("one policy on posts is the author's").isEqualTo("lazy");
    assertThat(posts.get("statements").intValue()).as("posts, each of 2 authors lazily, tags").isEqualTo(4);
    assertThat(posts.get("posts").get(0).get("tags").get(0).propertyNames()).containsExactly("id", "name");
  }

  @ParameterizedTest(name = "--order {0}")
  @CsvSource({"username, alice bob carol o'hara", "id, carol alice bob o'hara", "id-desc, o'hara bob alice carol"})
  void pagesWalkEveryUserOnceInEachOrder(String order, String expected) {
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      List<String> args = new ArrayList<>(List.of("users", "list", "--order", order, "--limit", "3", "--fetch", "none", "--format", "json"));
      if (after != null) {
        args.addAll(List.of("--after", after));
      }
      JsonNode page = json(args.toArray(String[]::new));
      seen.addAll(texts(page.get("users"), "username"));
      after = page.get("next").isNull() ? null : page.get("next").stringValue();
      pages++;
    } while (after != null);

    assertThat(seen).containsExactly(expected.split(" "));
    assertThat(pages).isEqualTo(2);
  }

  @Test
  void theNextPageHintNamesTheOrderAndQuotesTheKeyForTheShell() {
    Cli.Result byId = blog("users", "list", "--order", "id-desc", "--limit", "2", "--fetch", "posts=selectin,posts.tags=joined");
    Cli.Result byName = blog("users", "list", "--limit", "4", "--fetch", "none");

    assertThat(byId.out().lines().filter(line -> !line.startsWith(" ")).toList()).containsExactly(
        "o'hara  (id " + ohara + ", version 0, created " + createdAt(ohara) + ")",
        "bob  (id " + bob + ", version 0, created " + createdAt(bob) + ")",
        "next page: blog users list --order id-desc --after " + bob,
        "(2 SQL statements)");
    assertThat(byName.out()).contains("next page: blog users list --after 'o'\\''hara'" + System.lineSeparator());
    assertThat(blog("users", "list", "--after", "o'hara").out()).startsWith("no users after o'hara");
    assertThat(json("users", "list", "--order", "id", "--after", String.valueOf(alice), "--format", "json").get("users").get(0)
        .get("username").stringValue()).isEqualTo("bob");
  }

  @Test
  void aPlansStatementsGrowWithItsBatchesNotWithItsRows(PostgresServer server) {
    try (TestDatabase many = server.createDatabase()) {
      Cli.Result seeded = Cli.run(many, "seed", "--users", "600", "--posts-per-user", "2", "--tags", "20", "--seed", "5");
      assertThat(seeded.exitCode()).as(seeded.toString()).isZero();

      assertThat(statements(many, "posts=selectin,posts.tags=joined")).as("1 + ceil(600/1000)").isEqualTo(2);
      assertThat(statements(many, "posts=joined,posts.tags=selectin")).as("1 + ceil(1200/1000)").isEqualTo(3);
      assertThat(statements(many, "posts=selectin,posts.tags=selectin")).as("1 + ceil(600/1000) + ceil(1200/1000)").isEqualTo(4);
      assertThat(statements(many, "posts=subquery,posts.tags=subquery")).isEqualTo(3);
      assertThat(Cli.run(many, "users", "list", "--limit", "600", "--fetch", "posts=selectin,posts.tags=joined").out())
          .endsWith(System.lineSeparator() + "(2 SQL statements)" + System.lineSeparator());
    }
  }

  private static String createdAt(long id) {
    return Text.time(Backref.create(pool).users().getById(id, FetchPolicy.NONE).createdAt());
  }

  private static int statements(TestDatabase many, String plan) {
    Cli.Result result = Cli.run(many, "users", "list", "--limit", "600", "--fetch", plan, "--format", "json");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.json().get("users")).hasSize(600);
    return result.json().get("statements").intValue();
  }
}
