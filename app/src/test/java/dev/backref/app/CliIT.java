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
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The command line end to end, as a user runs it: in-process, against a database named by {@code
 * --db-url}, reading standard output, standard error and the exit code.
 */
@MigratedPostgres
class CliIT {

  static TestDatabase database;
  static HikariDataSource pool;
  static Backref backref;
  static long whyJooq;

  @BeforeAll
  static void seed(TestDatabase db) {
    database = db;
    pool = Pools.pooled(db);
    backref = Backref.create(pool);
    User alice = backref.users().create("alice", List.of(
        new NewPost("seed: Why jOOQ", "Because SQL."),
        new NewPost("seed: Fetch policies", "Choose per call."),
        new NewPost("seed: Backrefs", "Both ways.")));
    backref.users().create("bob");
    User carol = backref.users().create("carol", List.of(new NewPost("seed: Hello", "World"), new NewPost("seed: Again", "Hi")));
    List<Post> alicePosts = alice.posts().get();
    whyJooq = alicePosts.get(0).id();
    backref.posts().tag(alicePosts.get(0).id(), List.of("sql", "java"));
    backref.posts().tag(alicePosts.get(1).id(), List.of("Java"));
    backref.posts().tag(carol.posts().get().get(0).id(), List.of("greetings"));
    backref.tags().create("unused");
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  static Cli.Result blog(String... args) {
    return Cli.run(database, args);
  }

  static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(node -> node.get(field).stringValue()).toList();
  }

  @ParameterizedTest(name = "users show --fetch {0}: {1} statements")
  @CsvSource({"none, 1", "joined, 1", "multiset, 1", "subquery, 2", "selectin, 2", "lazy, 2", "batch, 2", "dynamic, 2"})
  void usersShowCountsTheStatementsOfWhatItPrinted(String policy, int statements) {
    Cli.Result result = blog("users", "show", "ALICE", "--fetch", policy, "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).isEmpty();
    JsonNode json = result.json();
    assertThat(json.get("statements").intValue()).isEqualTo(statements);
    assertThat(json.get("fetch").stringValue()).isEqualTo(policy);
    JsonNode user = json.get("user");
    assertThat(user.get("username").stringValue()).isEqualTo("alice");
    if (policy.equals("none")) {
      assertThat(user.get("postsLoaded").booleanValue()).isFalse();
      assertThat(user.has("posts")).isFalse();
    } else {
      assertThat(user.get("postsLoaded").booleanValue()).isTrue();
      assertThat(texts(user.get("posts"), "title")).containsExactly("seed: Why jOOQ", "seed: Fetch policies", "seed: Backrefs");
    }
  }

  @Test
  void usersShowInTextSaysWhatWasLoadedAndHowManyStatements() {
    Cli.Result loaded = blog("users", "show", "alice", "--fetch", "joined");
    Cli.Result empty = blog("users", "show", "bob", "--fetch", "joined");
    Cli.Result notLoaded = blog("users", "show", "alice", "--fetch", "none");

    assertThat(loaded.exitCode()).isZero();
    assertThat(loaded.out().lines().toList())
        .hasSize(5)
        .first().asString().startsWith("alice  (id ");
    assertThat(loaded.out()).contains("seed: Why jOOQ", "seed: Backrefs").endsWith("(1 SQL statement)" + System.lineSeparator());
    assertThat(empty.out()).contains("    no posts");
    assertThat(notLoaded.out()).contains("    posts not loaded (fetch policy none)");
  }

  @Test
  void sqlGoesToStandardErrorAndStandardOutputStaysOneJsonDocument() {
    Cli.Result result = blog("users", "show", "carol", "--fetch", "lazy", "--format", "json", "--sql");

    assertThat(result.exitCode()).isZero();
    assertThat(result.json().get("statements").intValue()).isEqualTo(2);
    assertThat(result.err().lines().toList())
        .hasSize(2)
        .allMatch(line -> line.startsWith("select ") && line.endsWith(";"));
    assertThat(result.err().lines().toList().get(1)).contains("from posts where posts.user_id = ?");
  }

  @Test
  void usersListPagesByUsername() {
    Cli.Result first = blog("users", "list", "--limit", "2", "--fetch", "selectin", "--format", "json");
    JsonNode page = first.json();

    assertThat(first.exitCode()).isZero();
    assertThat(texts(page.get("users"), "username")).containsExactly("alice", "bob");
    assertThat(page.get("users").get(1).get("posts")).isEmpty();
    assertThat(page.get("statements").intValue()).isEqualTo(2);
    assertThat(page.get("next").stringValue()).isEqualTo("bob");

    JsonNode second = blog("users", "list", "--limit", "2", "--after", "bob", "--fetch", "lazy", "--format", "json").json();
    assertThat(texts(second.get("users"), "username")).startsWith("carol");
    assertThat(second.get("statements").intValue()).isEqualTo(1 + second.get("users").size());

    Cli.Result text = blog("users", "list", "--limit", "2");
    assertThat(text.out()).contains("next page: blog users list --after bob" + System.lineSeparator());
  }

  /**
   * The 'next page' hint is a command line a POSIX shell reads back as printed: quoted only when
   * the key needs it, a quote inside written '\''. Each key is the first of two users of a database
   * of its own, so that it is the page's last and the hint's key.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bob         | blog users list --after bob",
        "o'brien     | blog users list --after 'o'\\''brien'",
        "two words   | blog users list --after 'two words'",
        "dollar$HOME | blog users list --after 'dollar$HOME'",
        "zoë         | blog users list --after 'zoë'",
        "-dash       | blog users list --after=-dash",
      })
  void theNextPageHintIsQuotedForTheShellOnlyWhenNeeded(String username, String hint, PostgresServer server) throws Exception {
    try (TestDatabase fresh = server.createDatabase()) {
      assertThat(Cli.run(fresh, "users", "create", "--", username).exitCode()).isZero();
      assertThat(Cli.run(fresh, "users", "create", "zzz last").exitCode()).isZero();

      Cli.Result page = Cli.run(fresh, "users", "list", "--limit", "1");
      Cli.Result next = Cli.run(fresh, "users", "list", "--limit", "1", "--after=" + username);

      assertThat(page.exitCode()).as(page.toString()).isZero();
      assertThat(page.out()).contains("next page: " + hint + System.lineSeparator());
      List<String> words = username.startsWith("-")
          ? List.of("blog", "users", "list", "--after=" + username)
          : List.of("blog", "users", "list", "--after", username);
      assertThat(Shell.words(hint)).as("what sh makes of " + hint).isEqualTo(words);
      assertThat(next.out()).startsWith("zzz last  (id ");
    }
  }

  @ParameterizedTest(name = "posts list --fetch-author {0}: {1} statements")
  @CsvSource({"none, 1", "joined, 1", "multiset, 1", "subquery, 2", "selectin, 2", "lazy, 3", "batch, 2"})
  void postsListLoadsAuthorsAsAsked(String policy, int statements) {
    Cli.Result result = blog("posts", "list", "--title-like", "SEED:", "--fetch-author", policy, "--fetch-tags", "none", "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("statements").intValue()).as("lazy: one per distinct author").isEqualTo(statements);
    assertThat(json.get("fetchAuthor").stringValue()).isEqualTo(policy);
    JsonNode posts = json.get("posts");
    assertThat(texts(posts, "title")).containsExactly(
        "seed: Why jOOQ", "seed: Fetch policies", "seed: Backrefs", "seed: Hello", "seed: Again");
    List<String> authors = new ArrayList<>();
    for (JsonNode post : posts) {
      assertThat(post.get("authorLoaded").booleanValue()).isEqualTo(!policy.equals("none"));
      authors.add(post.has("author") ? post.get("author").get("username").stringValue() : "not loaded");
    }
    assertThat(authors).containsExactlyElementsOf(policy.equals("none")
        ? List.of("not loaded", "not loaded", "not loaded", "not loaded", "not loaded")
        : List.of("alice", "alice", "alice", "carol", "carol"));
  }

  @Test
  void postsListFiltersByAuthorAndLimits() {
    JsonNode json = blog("posts", "list", "--author", "Carol", "--limit", "1", "--format", "json").json();

    assertThat(texts(json.get("posts"), "title")).containsExactly("seed: Hello");
    assertThat(blog("posts", "list", "--author", "carol").out())
        .contains("seed: Hello  by carol", "seed: Again  by carol")
        .endsWith("(2 SQL statements)" + System.lineSeparator());
  }

  @ParameterizedTest(name = "posts list --fetch-tags {0}: {1} statements")
  @CsvSource({"none, 1", "joined, 1", "multiset, 1", "subquery, 2", "selectin, 2", "lazy, 6", "batch, 2", "dynamic, 6"})
  void postsListLoadsTagsAsAsked(String policy, int statements) {
    Cli.Result result = blog("posts", "list", "--title-like", "SEED:", "--fetch-tags", policy, "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("statements").intValue()).as("author joined; lazy and dynamic: one per post").isEqualTo(statements);
    assertThat(json.get("fetchAuthor").stringValue()).isEqualTo("joined");
    assertThat(json.get("fetchTags").stringValue()).isEqualTo(policy);
    List<String> tags = new ArrayList<>();
    for (JsonNode post : json.get("posts")) {
      assertThat(post.get("tagsLoaded").booleanValue()).isEqualTo(!policy.equals("none"));
      tags.add(post.has("tags") ? String.join(",", texts(post.get("tags"), "name")) : "not loaded");
    }
    assertThat(tags).containsExactlyElementsOf(policy.equals("none")
        ? List.of("not loaded", "not loaded", "not loaded", "not loaded", "not loaded")
        : List.of("java,sql", "java", "", "greetings", ""));
  }

  @Test
  void tagsTakeOneStatementOfTheirOwnUnderSelectin() {
    JsonNode joined = blog("posts", "list", "--title-like", "SEED:", "--fetch-author", "joined", "--fetch-tags", "selectin", "--format", "json").json();
    JsonNode both = blog("posts", "list", "--title-like", "SEED:", "--fetch-author", "selectin", "--fetch-tags", "selectin", "--format", "json").json();
    Cli.Result show = blog("posts", "show", String.valueOf(whyJooq), "--fetch-author", "selectin", "--sql", "--format", "json");

    assertThat(joined.get("statements").intValue()).isEqualTo(2);
    assertThat(both.get("statements").intValue()).isEqualTo(3);
    assertThat(show.json().get("fetchTags").stringValue()).as("the default").isEqualTo("selectin");
    assertThat(show.json().get("statements").intValue()).isEqualTo(3);
    assertThat(show.err().lines().toList()).hasSize(3).anySatisfy(sql -> assertThat(sql).contains("from post_tags join tags"));
    assertThat(texts(show.json().get("post").get("tags"), "name")).containsExactly("java", "sql");
  }

  @Test
  void postsListFiltersByTagAndKeepsEveryTagOfThePostsFound() {
    Cli.Result json = blog("posts", "list", "--tag", "JAVA", "--format", "json");
    Cli.Result text = blog("posts", "list", "--tag", "java");
    Cli.Result notLoaded = blog("posts", "list", "--tag", "java", "--fetch-tags", "none");
    Cli.Result none = blog("posts", "list", "--tag", "no-such-tag");

    assertThat(json.exitCode()).as(json.toString()).isZero();
    JsonNode posts = json.json().get("posts");
    assertThat(texts(posts, "title")).containsExactly("seed: Why jOOQ", "seed: Fetch policies");
    assertThat(texts(posts.get(0).get("tags"), "name")).as("all its tags, not only java").containsExactly("java", "sql");
    assertThat(text.out())
        .containsPattern("seed: Why jOOQ  by alice  \\(.*, version 0\\)  \\[java, sql\\]\\R")
        .containsPattern("seed: Fetch policies  by alice  \\(.*\\)  \\[java\\]\\R")
        .endsWith("(2 SQL statements)" + System.lineSeparator());
    assertThat(notLoaded.out()).doesNotContain("[").endsWith("(1 SQL statement)" + System.lineSeparator());
    assertThat(none.exitCode()).isZero();
    assertThat(none.out()).startsWith("no posts");
  }

  @ParameterizedTest(name = "tags show --fetch {0}: {1} statements")
  @CsvSource({"none, 1", "joined, 1", "multiset, 1", "subquery, 2", "selectin, 2", "lazy, 2", "batch, 2", "dynamic, 2"})
  void tagsShowLoadsPostsAsAskedWithoutRecursion(String policy, int statements) {
    Cli.Result result = blog("tags", "show", "JAVA", "--fetch", policy, "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("statements").intValue()).isEqualTo(statements);
    assertThat(json.get("fetch").stringValue()).isEqualTo(policy);
    JsonNode tag = json.get("tag");
    assertThat(tag.get("name").stringValue()).isEqualTo("java");
    assertThat(tag.get("postsLoaded").booleanValue()).isEqualTo(!policy.equals("none"));
    if (policy.equals("none")) {
      assertThat(tag.has("posts")).isFalse();
    } else {
      assertThat(texts(tag.get("posts"), "title")).containsExactly("seed: Why jOOQ", "seed: Fetch policies");
      assertThat(tag.get("posts")).allSatisfy(post -> {
        assertThat(post.has("tags")).as("a post in a tag never embeds its tags").isFalse();
        assertThat(post.get("authorId").longValue()).isPositive();
      });
    }
  }

  @Test
  void tagsShowAndListInText() {
    Cli.Result shown = blog("tags", "show", "java");
    Cli.Result empty = blog("tags", "show", "unused");
    Cli.Result listed = blog("tags", "list", "--name-like", "JAV");
    Cli.Result listedWithPosts = blog("tags", "list", "--name-like", "greet", "--fetch", "lazy");

    assertThat(shown.out().lines().toList()).hasSize(4).first().asString().startsWith("java  (id ");
    assertThat(shown.out()).contains("    #", "seed: Why jOOQ", "seed: Fetch policies").endsWith("(2 SQL statements)" + System.lineSeparator());
    assertThat(empty.out()).contains("    no posts");
    assertThat(listed.out().lines().toList()).hasSize(3).satisfies(lines -> {
      assertThat(lines.get(0)).startsWith("java  (id ");
      assertThat(lines.get(1)).isEqualTo("(posts not loaded: --fetch selectin lists each tag's posts)");
      assertThat(lines.get(2)).isEqualTo("(1 SQL statement)");
    });
    assertThat(listedWithPosts.out()).contains("greetings  (id ", "seed: Hello").endsWith("(2 SQL statements)" + System.lineSeparator());
  }

  @Test
  void tagsListByNameRegardlessOfCase() {
    Cli.Result result = blog("tags", "list", "--fetch", "selectin", "--format", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("statements").intValue()).isEqualTo(2);
    assertThat(texts(json.get("tags"), "name")).containsSubsequence("greetings", "java", "sql", "unused");
    assertThat(json.get("tags")).allSatisfy(tag -> assertThat(tag.get("postsLoaded").booleanValue()).isTrue());
    JsonNode limited = blog("tags", "list", "--limit", "1", "--name-like", "a", "--format", "json").json();
    assertThat(limited.get("fetch").stringValue()).as("the default").isEqualTo("none");
    assertThat(limited.get("tags")).hasSize(1);
    assertThat(limited.get("tags").get(0).has("posts")).isFalse();
  }

  @Test
  void tagsAreCreatedRenamedAndDeleted() {
    Cli.Result created = blog("tags", "create", "cli-kotlin", "--format", "json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    JsonNode tag = created.json().get("tag");
    assertThat(tag.get("version").longValue()).isZero();
    assertThat(tag.get("postsLoaded").booleanValue()).isTrue();
    assertThat(tag.get("posts")).isEmpty();
    long id = tag.get("id").longValue();

    Cli.Result renamed = blog("tags", "rename", "CLI-KOTLIN", "cli-kt");
    assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
    assertThat(renamed.out()).startsWith("Renamed tag cli-kotlin to cli-kt (id " + id + ", now version 1)");

    Cli.Result stale = blog("tags", "rename", "cli-kt", "cli-k", "--version", "0");
    assertThat(stale.exitCode()).isEqualTo(ExitCodes.STALE_VERSION);
    assertThat(stale.err()).isEqualTo("blog: Stale version: Tag#" + id + " was read at version 0 but is now at version 1" + System.lineSeparator());

    Cli.Result current = blog("tags", "rename", "cli-kt", "cli-k", "--version", "1", "--format", "json");
    assertThat(current.exitCode()).isZero();
    assertThat(current.json().get("tag").get("postsLoaded").booleanValue()).isFalse();
    assertThat(current.json().get("tag").get("version").longValue()).isEqualTo(2);

    Cli.Result deleted = blog("tags", "delete", "CLI-K", "--format", "json");
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.json().get("deleted").longValue()).isEqualTo(id);
    assertThat(deleted.json().get("name").stringValue()).isEqualTo("cli-k");
    assertThat(backref.tags().findByName("cli-k", FetchPolicy.NONE)).isEmpty();
  }

  @Test
  void postsAreCreatedWithTagsThenTaggedAndUntagged() {
    backref.users().create("writer-finn");
    Cli.Result created = blog("posts", "create", "--author", "writer-finn", "--title", "Tagged", "--content", "Text",
        "--tag", "cli-draft", "--tag", "CLI-DRAFT", "--tag", "cli-news", "--format", "json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    JsonNode post = created.json().get("post");
    long id = post.get("id").longValue();
    assertThat(texts(post.get("tags"), "name")).as("names equal regardless of case count once").containsExactly("cli-draft", "cli-news");
    assertThat(blog("posts", "create", "--author", "writer-finn", "--title", "Plain", "--content", "Text").out())
        .as("no --tag: no tags to mention")
        .startsWith("Created post #").doesNotContain("tagged");

    Cli.Result tagged = blog("posts", "tag", String.valueOf(id), "cli-news", "cli-extra");
    assertThat(tagged.exitCode()).as(tagged.toString()).isZero();
    assertThat(tagged.out()).startsWith("Tagged post #" + id + " [cli-extra, cli-news]" + System.lineSeparator());
    JsonNode again = blog("posts", "tag", String.valueOf(id), "cli-extra", "--format", "json").json();
    assertThat(again.get("postId").longValue()).isEqualTo(id);
    assertThat(texts(again.get("tags"), "name")).as("idempotent").containsExactly("cli-extra");

    Cli.Result untagged = blog("posts", "untag", String.valueOf(id), "CLI-NEWS");
    assertThat(untagged.exitCode()).as(untagged.toString()).isZero();
    assertThat(untagged.out()).startsWith("Removed tag CLI-NEWS from post #" + id + System.lineSeparator());
    Cli.Result nothingToRemove = blog("posts", "untag", String.valueOf(id), "cli-news", "--format", "json");
    assertThat(nothingToRemove.exitCode()).isZero();
    assertThat(nothingToRemove.json().get("removed").booleanValue()).isFalse();
    assertThat(blog("posts", "untag", String.valueOf(id), "cli-news").out()).startsWith("Post #" + id + " was not tagged cli-news: nothing to remove");

    JsonNode shown = blog("posts", "show", String.valueOf(id), "--fetch-tags", "dynamic", "--format", "json").json();
    assertThat(texts(shown.get("post").get("tags"), "name")).containsExactly("cli-draft", "cli-extra");
    assertThat(texts(blog("tags", "show", "cli-news", "--format", "json").json().get("tag").get("posts"), "title"))
        .as("the tag stays, without the post").isEmpty();
  }

  @Test
  void usersAreCreatedRenamedAndDeleted() {
    Cli.Result created = blog("users", "create", "writer-dora", "--format", "json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.json().get("user").get("version").longValue()).isZero();

    Cli.Result renamed = blog("users", "rename", "writer-dora", "writer-doris");
    assertThat(renamed.exitCode()).as(renamed.toString()).isZero();
    assertThat(renamed.out()).startsWith("Renamed writer-dora to writer-doris (id ").contains("now version 1)");

    Cli.Result stale = blog("users", "rename", "writer-doris", "writer-d", "--version", "0");
    assertThat(stale.exitCode()).isEqualTo(ExitCodes.STALE_VERSION);
    assertThat(stale.err()).matches("blog: Stale version: User#\\d+ was read at version 0 but is now at version 1\\R");

    Cli.Result current = blog("users", "rename", "writer-doris", "writer-d", "--version", "1", "--format", "json");
    assertThat(current.exitCode()).isZero();
    assertThat(current.json().get("user").get("postsLoaded").booleanValue()).isFalse();

    Cli.Result deleted = blog("users", "delete", "WRITER-D");
    assertThat(deleted.exitCode()).isZero();
    assertThat(deleted.out()).startsWith("Deleted user writer-d (id ");
    assertThat(backref.users().findByUsername("writer-d", FetchPolicy.NONE)).isEmpty();
  }

  @Test
  void postsAreCreatedEditedAndDeleted() {
    backref.users().create("writer-erin");
    Cli.Result created = blog("posts", "create", "--author", "writer-erin", "--title", "Draft", "--content", "Text", "--format", "json");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    JsonNode post = created.json().get("post");
    long id = post.get("id").longValue();
    assertThat(post.get("author").get("username").stringValue()).isEqualTo("writer-erin");

    Cli.Result edited = blog("posts", "edit", String.valueOf(id), "--title", "Final");
    assertThat(edited.exitCode()).as(edited.toString()).isZero();
    JsonNode shown = blog("posts", "show", String.valueOf(id), "--format", "json").json().get("post");
    assertThat(shown.get("title").stringValue()).isEqualTo("Final");
    assertThat(shown.get("content").stringValue()).as("content unchanged").isEqualTo("Text");
    assertThat(shown.get("version").longValue()).isEqualTo(1);

    Cli.Result stale = blog("posts", "edit", String.valueOf(id), "--content", "New", "--version", "0");
    assertThat(stale.exitCode()).isEqualTo(ExitCodes.STALE_VERSION);
    assertThat(blog("posts", "edit", String.valueOf(id), "--content", "New", "--version", "1").exitCode()).isZero();

    assertThat(blog("posts", "delete", String.valueOf(id)).exitCode()).isZero();
    Cli.Result gone = blog("posts", "show", String.valueOf(id));
    assertThat(gone.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(gone.err()).isEqualTo("blog: No post with id " + id + System.lineSeparator());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "users show nobody                                      | 4 | blog: No user named 'nobody'",
        "users delete nobody                                    | 4 | blog: No user named 'nobody'",
        "posts show 999999                                      | 4 | blog: No post with id 999999",
        "posts create --author nobody --title t --content c     | 4 | blog: No user named 'nobody'",
        "users create ALICE                                     | 5 | blog: Username 'ALICE' is taken (usernames are unique regardless of case)",
        "users rename bob Carol                                 | 5 | blog: Username 'Carol' is taken (usernames are unique regardless of case)",
        "users create ' '                                       | 3 | blog: Invalid username ' ': must not be blank",
        "posts create --author alice --title ' ' --content c    | 3 | blog: Invalid title ' ': must not be blank",
        "posts edit 1                                           | 2 | blog: posts edit needs --title, --content or both",
        "users list --limit 0                                   | 2 | blog: --limit must be positive, was 0",
        "tags show nosuch                                       | 4 | blog: No tag named 'nosuch'",
        "tags delete nosuch                                     | 4 | blog: No tag named 'nosuch'",
        "tags rename nosuch other                               | 4 | blog: No tag named 'nosuch'",
        "posts untag 999999 java                                | 4 | blog: No post with id 999999",
        "posts tag 999999 java                                  | 4 | blog: No post with id 999999",
        "tags create JAVA                                       | 5 | blog: Tag name 'JAVA' is taken (tag names are unique regardless of case)",
        "tags rename sql Java                                   | 5 | blog: Tag name 'Java' is taken (tag names are unique regardless of case)",
        "tags create ' '                                        | 3 | blog: Invalid tag name ' ': must not be blank",
        "posts tag 999999 java ''                               | 3 | blog: Invalid tag name '': must not be empty",
        "posts create --author alice --title t --content c --tag ' ' | 3 | blog: Invalid tag name ' ': must not be blank",
        "tags create 123456789012345678901234567890123456789012345678901 | 3 | blog: Invalid tag name '123456789012345678901234567890123456789012345678901': must be at most 50 characters, is 51",
        "tags list --limit 0                                    | 2 | blog: --limit must be positive, was 0",
      })
  void errorsPrintOneLineWithoutAStackTraceAndADistinctExitCode(String commandLine, int exitCode, String message) {
    Cli.Result result = blog(split(commandLine));

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(exitCode);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo(message + System.lineSeparator());
  }

  @Test
  void untaggingAnUnknownTagIsNotFound() {
    Cli.Result result = blog("posts", "untag", String.valueOf(whyJooq), "nosuch");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.err()).isEqualTo("blog: No tag named 'nosuch'" + System.lineSeparator());
  }

  @Test
  void verboseAddsTheStackTrace() {
    Cli.Result result = blog("users", "show", "nobody", "--verbose");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.err()).startsWith("blog: No user named 'nobody'").contains("UserNotFoundException", "\tat ");
  }

  @Test
  void anUnreachableDatabaseIsExitCodeSeven() {
    Cli.Result result = Cli.run(Map.of(), List.of("--db-url", "jdbc:postgresql://127.0.0.1:1/blog", "users", "list"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(result.err()).isEqualTo("blog: Cannot connect to jdbc:postgresql://127.0.0.1:1/blog: Connection refused" + System.lineSeparator());
  }

  @Test
  void anUnknownDatabaseHostIsExitCodeSevenAndSaysSo() {
    Cli.Result result = Cli.run(Map.of(), List.of("--db-url", "jdbc:postgresql://nonexistent.invalid/blog", "users", "list"));

    assertThat(result.exitCode()).isEqualTo(ExitCodes.DATABASE_UNAVAILABLE);
    assertThat(result.err()).isEqualTo(
        "blog: Cannot connect to jdbc:postgresql://nonexistent.invalid/blog: unknown host nonexistent.invalid" + System.lineSeparator());
  }

  @Test
  void connectionSettingsComeFromTheEnvironment() {
    Map<String, String> env = Map.of("BLOG_DB_URL", database.jdbcUrl(), "BLOG_DB_USER", database.user(), "BLOG_DB_PASSWORD", database.password());

    Cli.Result result = Cli.run(env, List.of("users", "show", "bob", "--format", "json"));

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.json().get("user").get("username").stringValue()).isEqualTo("bob");
  }

  /** Splits a command line on spaces, keeping 'quoted' words (possibly blank) whole. */
  static String[] split(String commandLine) {
    List<String> words = new ArrayList<>();
    var matcher = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(commandLine.strip());
    while (matcher.find()) {
      words.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
    return words.toArray(String[]::new);
  }
}
