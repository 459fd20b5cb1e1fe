package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.NewPost;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The JSON API over HTTP on loopback, called with {@link HttpClient} as any client would. */
@MigratedPostgres
class HttpApiIT {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  static TestDatabase database;
  static HikariDataSource pool;
  static BlogServer server;
  static ByteArrayOutputStream log = new ByteArrayOutputStream();
  static HttpClient client;
  static String base;
  static long first;

  @BeforeAll
  static void start(TestDatabase db) {
    database = db;
    pool = Pools.pooled(db);
    Backref backref = Backref.create(pool);
    User alice = backref.users().create("alice", List.of(new NewPost("First", "One"), new NewPost("Second", "Two")));
    backref.users().create("bob");
    first = alice.posts().get().getFirst().id();
    backref.posts().tag(first, List.of("sql", "java"));
    server = BlogServer.start(pool, new InetSocketAddress("127.0.0.1", 0), BlogServer.Limits.DEFAULT, new PrintStream(log, true, StandardCharsets.UTF_8), false, false);
    base = "http://127.0.0.1:" + server.port();
    client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
    pool.close();
  }

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

  static Reply send(String method, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
      return new Reply(response.statusCode(), json, response);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Reply get(String path) {
    return send("GET", path, null);
  }

  static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(node -> node.get(field).stringValue()).toList();
  }

  @ParameterizedTest(name = "GET /users/alice?fetch={0}: {1} statements")
  @CsvSource({"none, 1", "joined, 1", "multiset, 1", "subquery, 2", "selectin, 2", "lazy, 2", "batch, 2", "dynamic, 2"})
  void aUserUnderEveryPolicy(String policy, int statements) {
    Reply reply = get("/users/alice?fetch=" + policy);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.raw().headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(reply.body().get("statements").intValue()).isEqualTo(statements);
    JsonNode user = reply.body().get("user");
    assertThat(user.get("postsLoaded").booleanValue()).isEqualTo(!policy.equals("none"));
    if (!policy.equals("none")) {
      assertThat(texts(user.get("posts"), "title")).containsExactly("First", "Second");
    }
  }

  @Test
  void listsUsersAndPostsWithTheirRelations() {
    Reply users = get("/users?limit=1&fetch=joined");
    assertThat(users.status()).isEqualTo(200);
    assertThat(texts(users.body().get("users"), "username")).containsExactly("alice");
    assertThat(users.body().get("next").stringValue()).isEqualTo("alice");
    assertThat(texts(get("/users?after=alice&limit=1").body().get("users"), "username")).containsExactly("bob");

    Reply posts = get("/posts?author=alice&fetch=selectin&fetchTags=none");
    assertThat(posts.status()).isEqualTo(200);
    assertThat(posts.body().get("statements").intValue()).isEqualTo(2);
    assertThat(posts.body().get("posts")).hasSize(2).allSatisfy(post -> {
      assertThat(post.get("author").get("username").stringValue()).isEqualTo("alice");
      assertThat(post.get("author").has("posts")).as("no recursion").isFalse();
    });
    assertThat(get("/posts?title=seco").body().get("posts")).hasSize(1);
  }

  @Test
  void fetchTakesAPlanAndTheDocumentIsATreeWithRefs() {
    Reply user = get("/users/alice?fetch=posts=selectin,posts.tags=joined,posts.author=joined");
    Reply tag = get("/tags/JAVA?fetch=posts%3Dselectin%2Cposts.tags%3Dselectin%2Cposts.tags.posts%3Dselectin");
    Reply post = get("/posts/" + first + "?fetch=author=joined,author.posts=selectin,author.posts.tags=joined");

    assertThat(user.status()).isEqualTo(200);
    assertThat(user.body().get("statements").intValue()).isEqualTo(2);
    assertThat(user.body().get("fetch").stringValue()).isEqualTo("posts=selectin,posts.tags=joined,posts.author=joined");
    JsonNode firstPost = user.body().get("user").get("posts").get(0);
    assertThat(firstPost.get("author").get("ref").stringValue()).startsWith("User#");
    assertThat(texts(firstPost.get("tags"), "name")).containsExactly("java", "sql");

    assertThat(tag.status()).isEqualTo(200);
    assertThat(tag.body().get("statements").intValue()).isEqualTo(4);
    JsonNode tagsOfFirst = tag.body().get("tag").get("posts").get(0).get("tags");
    assertThat(tagsOfFirst.get(0).get("ref").stringValue()).as("java, under its own post").startsWith("Tag#");
    assertThat(tagsOfFirst.get(1).get("name").stringValue()).isEqualTo("sql");
    assertThat(tagsOfFirst.get(1).get("posts").get(0).get("ref").stringValue()).isEqualTo("Post#" + first);

    assertThat(post.status()).isEqualTo(200);
    assertThat(post.body().propertyNames()).containsExactly("statements", "fetch", "post");
    JsonNode authorsPosts = post.body().get("post").get("author").get("posts");
    assertThat(authorsPosts.get(0).get("ref").stringValue()).isEqualTo("Post#" + first);
    assertThat(authorsPosts.get(1).get("title").stringValue()).isEqualTo("Second");
    assertThat(authorsPosts.get(1).get("tags")).isEmpty();
    assertThat(post.body().get("post").get("tagsLoaded").booleanValue()).as("not in the plan").isFalse();
  }

  @Test
  void listsTakeAPlanToo() {
    Reply users = get("/users?fetch=posts=joined,posts.tags=selectin&limit=1");
    Reply posts = get("/posts?author=alice&fetch=tags=selectin,tags.posts=lazy");
    Reply tags = get("/tags?name=sql&fetch=posts=selectin,posts.author=joined");

    assertThat(users.body().get("statements").intValue()).isEqualTo(2);
    assertThat(texts(users.body().get("users").get(0).get("posts").get(0).get("tags"), "name")).containsExactly("java", "sql");
    assertThat(posts.body().get("statements").intValue()).as("posts, tags, each tag's posts lazily").isEqualTo(4);
    assertThat(posts.body().has("fetchTags")).isFalse();
    assertThat(posts.body().get("posts").get(0).get("authorLoaded").booleanValue()).isFalse();
    assertThat(tags.body().get("tags").get(0).get("posts").get(0).get("author").get("username").stringValue()).isEqualTo("alice");
  }

  @Test
  void usersArePagedInEveryOrder() {
    List<String> byId = new ArrayList<>();
    List<String> byIdDescending = new ArrayList<>();
    for (String after = null, order = "id"; ; ) {
      Reply page = get("/users?order=" + order + "&limit=1&fetch=none" + (after == null ? "" : "&after=" + after));
      assertThat(page.status()).isEqualTo(200);
      (order.equals("id") ? byId : byIdDescending).addAll(texts(page.body().get("users"), "username"));
      after = page.body().get("next").isNull() ? null : page.body().get("next").stringValue();
      if (after == null) {
        if (order.equals("id-desc")) {
          break;
        }
        order = "id-desc";
      }
    }

    assertThat(byId).startsWith("alice", "bob").doesNotHaveDuplicates();
    assertThat(byIdDescending).containsExactlyElementsOf(byId.reversed());
    assertThat(get("/users?order=ID-DESC&limit=1").body().get("next").stringValue()).matches("\\d+");
  }

  @Test
  void usersAreCreatedRenamedWithTheirVersionAndDeleted() {
    Reply created = send("POST", "/users", "{\"username\": \"http-erin\", \"posts\": [{\"title\": \"Hi\", \"content\": \"There\"}]}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.raw().headers().firstValue("Location")).hasValue("/users/http-erin");
    assertThat(texts(created.body().get("user").get("posts"), "title")).containsExactly("Hi");

    Reply duplicate = send("POST", "/users", "{\"username\": \"HTTP-ERIN\"}");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.body().get("error").stringValue()).isEqualTo("duplicate_username");

    Reply noVersion = send("PATCH", "/users/http-erin", "{\"username\": \"http-erin2\"}");
    assertThat(noVersion.status()).isEqualTo(400);
    assertThat(noVersion.body().get("message").stringValue()).startsWith("'version' is required");

    Reply stale = send("PATCH", "/users/http-erin", "{\"username\": \"http-erin2\", \"version\": 3}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body().get("error").stringValue()).isEqualTo("stale_version");
    assertThat(stale.body().get("actualVersion").longValue()).isZero();

    Reply renamed = send("PUT", "/users/http-erin", "{\"username\": \"http-erin2\", \"version\": 0}");
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.body().get("user").get("version").longValue()).isEqualTo(1);
    assertThat(get("/users/http-erin").status()).isEqualTo(404);

    assertThat(send("DELETE", "/users/http-erin2", null).status()).isEqualTo(204);
    assertThat(get("/users/http-erin2").status()).isEqualTo(404);
  }

  @Test
  void postsAreCreatedEditedAndDeleted() {
    Reply created = send("POST", "/posts", "{\"author\": \"bob\", \"title\": \"Draft\", \"content\": \"Text\"}");
    assertThat(created.status()).isEqualTo(201);
    long id = created.body().get("post").get("id").longValue();
    assertThat(created.raw().headers().firstValue("Location")).hasValue("/posts/" + id);

    Reply patched = send("PATCH", "/posts/" + id, "{\"title\": \"Final\", \"version\": 0}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.body().get("post").get("content").stringValue()).isEqualTo("Text");

    Reply putMissingContent = send("PUT", "/posts/" + id, "{\"title\": \"X\", \"version\": 1}");
    assertThat(putMissingContent.status()).isEqualTo(400);

    Reply stale = send("PUT", "/posts/" + id, "{\"title\": \"X\", \"content\": \"Y\", \"version\": 0}");
    assertThat(stale.status()).isEqualTo(409);

    Reply shown = get("/posts/" + id + "?fetch=lazy&fetchTags=none");
    assertThat(shown.body().get("post").get("title").stringValue()).isEqualTo("Final");
    assertThat(shown.body().get("post").get("author").get("username").stringValue()).isEqualTo("bob");
    assertThat(shown.body().get("statements").intValue()).isEqualTo(2);

    assertThat(send("DELETE", "/posts/" + id, null).status()).isEqualTo(204);
    assertThat(get("/posts/" + id).status()).isEqualTo(404);
  }

  @ParameterizedTest(name = "GET /tags/java?fetch={0}: {1} statements")
  @CsvSource({"none, 1", "joined, 1", "multiset, 1", "subquery, 2", "selectin, 2", "lazy, 2", "batch, 2", "dynamic, 2"})
  void aTagUnderEveryPolicyWithoutRecursion(String policy, int statements) {
    Reply reply = get("/tags/JAVA?fetch=" + policy);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().get("statements").intValue()).isEqualTo(statements);
    assertThat(reply.body().get("fetch").stringValue()).isEqualTo(policy);
    JsonNode tag = reply.body().get("tag");
    assertThat(tag.get("name").stringValue()).isEqualTo("java");
    assertThat(tag.get("postsLoaded").booleanValue()).isEqualTo(!policy.equals("none"));
    if (!policy.equals("none")) {
      assertThat(texts(tag.get("posts"), "title")).containsExactly("First");
      assertThat(tag.get("posts").get(0).has("tags")).as("a post in a tag never embeds its tags").isFalse();
    }
  }

  @ParameterizedTest(name = "GET /posts/first?fetchTags={0}: {1} statements")
  @CsvSource({"none, 1", "joined, 1", "multiset, 1", "subquery, 2", "selectin, 2", "lazy, 2", "batch, 2", "dynamic, 2"})
  void aPostsTagsUnderEveryPolicyWithoutRecursion(String policy, int statements) {
    Reply reply = get("/posts/" + first + "?fetchTags=" + policy);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body().get("statements").intValue()).as("author joined, by default").isEqualTo(statements);
    assertThat(reply.body().get("fetchTags").stringValue()).isEqualTo(policy);
    JsonNode post = reply.body().get("post");
    assertThat(post.get("tagsLoaded").booleanValue()).isEqualTo(!policy.equals("none"));
    if (!policy.equals("none")) {
      assertThat(texts(post.get("tags"), "name")).containsExactly("java", "sql");
      assertThat(post.get("tags")).allSatisfy(tag -> assertThat(tag.propertyNames()).containsExactly("id", "name"));
    }
  }

  @Test
  void listsTagsAndPostsByTag() {
    Reply tags = get("/tags?name=JAV");
    assertThat(tags.status()).isEqualTo(200);
    assertThat(tags.body().get("fetch").stringValue()).as("the default").isEqualTo("none");
    assertThat(texts(tags.body().get("tags"), "name")).containsExactly("java");
    assertThat(tags.body().get("tags").get(0).get("postsLoaded").booleanValue()).isFalse();
    assertThat(get("/tags?limit=1&fetch=selectin").body().get("tags")).hasSize(1);

    Reply posts = get("/posts?tag=java");
    assertThat(posts.status()).isEqualTo(200);
    assertThat(posts.body().get("statements").intValue()).as("posts with author joined, then tags selectin").isEqualTo(2);
    assertThat(posts.body().get("fetchTags").stringValue()).isEqualTo("selectin");
    assertThat(texts(posts.body().get("posts"), "title")).containsExactly("First");
    assertThat(texts(posts.body().get("posts").get(0).get("tags"), "name")).as("every tag of the post").containsExactly("java", "sql");
    assertThat(get("/posts?tag=nosuch").body().get("posts")).isEmpty();
  }

  @Test
  void tagsAreCreatedRenamedWithTheirVersionAndDeleted() {
    Reply created = send("POST", "/tags", "{\"name\": \"http go\"}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.raw().headers().firstValue("Location")).hasValue("/tags/http%20go");
    assertThat(created.body().get("tag").get("postsLoaded").booleanValue()).isTrue();
    assertThat(created.body().get("tag").get("posts")).isEmpty();

    Reply duplicate = send("POST", "/tags", "{\"name\": \"HTTP GO\"}");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.body().get("error").stringValue()).isEqualTo("duplicate_tag_name");

    Reply noVersion = send("PATCH", "/tags/http%20go", "{\"name\": \"http-golang\"}");
    assertThat(noVersion.status()).isEqualTo(400);
    assertThat(noVersion.body().get("message").stringValue()).startsWith("'version' is required");

    Reply stale = send("PATCH", "/tags/http%20go", "{\"name\": \"http-golang\", \"version\": 3}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body().get("error").stringValue()).isEqualTo("stale_version");
    assertThat(stale.body().get("actualVersion").longValue()).isZero();

    Reply renamed = send("PUT", "/tags/http%20go", "{\"name\": \"http-golang\", \"version\": 0}");
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.raw().headers().firstValue("Location")).hasValue("/tags/http-golang");
    assertThat(renamed.body().get("tag").get("version").longValue()).isEqualTo(1);
    assertThat(get("/tags/http%20go").status()).isEqualTo(404);

    assertThat(send("DELETE", "/tags/HTTP-GOLANG", null).status()).isEqualTo(204);
    assertThat(get("/tags/http-golang").status()).isEqualTo(404);
  }

  @Test
  void postsAreCreatedWithTagsThenTaggedAndUntagged() {
    Reply created = send("POST", "/posts", "{\"author\": \"bob\", \"title\": \"Tagged\", \"content\": \"Text\", \"tags\": [\"http-draft\", \"HTTP-DRAFT\"]}");
    assertThat(created.status()).isEqualTo(201);
    long id = created.body().get("post").get("id").longValue();
    assertThat(texts(created.body().get("post").get("tags"), "name")).containsExactly("http-draft");

    Reply tagged = send("POST", "/posts/" + id + "/tags", "{\"tags\": [\"http-more\", \"http-draft\"]}");
    assertThat(tagged.status()).isEqualTo(200);
    assertThat(tagged.body().get("postId").longValue()).isEqualTo(id);
    assertThat(texts(tagged.body().get("tags"), "name")).containsExactly("http-draft", "http-more");

    Reply untagged = send("DELETE", "/posts/" + id + "/tags/HTTP-MORE", null);
    assertThat(untagged.status()).isEqualTo(200);
    assertThat(untagged.body().get("removed").booleanValue()).isTrue();
    assertThat(send("DELETE", "/posts/" + id + "/tags/http-more", null).body().get("removed").booleanValue()).as("idempotent").isFalse();
    assertThat(send("DELETE", "/posts/" + id + "/tags/nosuch", null).status()).isEqualTo(404);

    Reply wrongMethod = get("/posts/" + id + "/tags");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.raw().headers().firstValue("Allow")).hasValue("POST");

    assertThat(texts(get("/posts/" + id + "?fetchTags=lazy").body().get("post").get("tags"), "name")).containsExactly("http-draft");
    assertThat(get("/tags/http-more?fetch=joined").body().get("tag").get("posts")).as("the tag stays, without the post").isEmpty();
  }

  @Test
  void theIndexListsEveryRoute() {
    Reply index = get("/");

    assertThat(index.status()).isEqualTo(200);
    assertThat(StreamSupport.stream(index.body().get("routes").spliterator(), false).map(JsonNode::stringValue).toList())
        .contains("GET /users?limit=&order=&after=&fetch=", "GET /posts?author=&title=&tag=&limit=&fetch=&fetchTags=", "GET /posts/{id}?fetch=&fetchTags=",
            "POST /posts/{id}/tags", "DELETE /posts/{id}/tags/{name}", "GET /tags?name=&limit=&fetch=", "POST /tags",
            "GET /tags/{name}?fetch=", "PUT|PATCH /tags/{name}", "DELETE /tags/{name}");
  }

  @ParameterizedTest(name = "{0} {1} -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET    | /nowhere                 |                                         | 404 | not_found",
        "GET    | /users/alice/posts       |                                         | 404 | not_found",
        "DELETE | /users                   |                                         | 405 | method_not_allowed",
        "GET    | /users/nobody            |                                         | 404 | not_found",
        "GET    | /posts/abc               |                                         | 404 | not_found",
        "GET    | /posts/999999            |                                         | 404 | not_found",
        "GET    | /users/alice?fetch=eager |                                         | 400 | bad_fetch_policy",
        "GET    | /posts?fetch=dynamic     |                                         | 400 | bad_fetch_policy",
        "GET    | /users?limit=0           |                                         | 400 | bad_request",
        "POST   | /users                   | {\"username\": \"   \"}                 | 400 | invalid_input",
        "POST   | /users                   | {\"username\": 42}                      | 400 | bad_request",
        "POST   | /users                   | {not json                               | 400 | bad_request",
        "POST   | /users                   | [1, 2]                                  | 400 | bad_request",
        "POST   | /users                   |                                         | 400 | bad_request",
        "POST   | /posts                   | {\"author\": \"nobody\", \"title\": \"t\", \"content\": \"c\"} | 404 | not_found",
        "POST   | /posts                   | {\"author\": \"bob\", \"title\": \"\", \"content\": \"c\"}     | 400 | invalid_input",
        "POST   | /posts                   | {\"author\": \"bob\", \"title\": \"t\", \"content\": \"c\", \"tags\": [\" \"]} | 400 | invalid_input",
        "POST   | /posts                   | {\"author\": \"bob\", \"title\": \"t\", \"content\": \"c\", \"tags\": \"java\"} | 400 | bad_request",
        "GET    | /tags/nosuch             |                                         | 404 | not_found",
        "DELETE | /tags/nosuch             |                                         | 404 | not_found",
        "GET    | /tags?fetch=eager        |                                         | 400 | bad_fetch_policy",
        "GET    | /tags?limit=1001         |                                         | 400 | bad_request",
        "GET    | /posts?fetchTags=eager   |                                         | 400 | bad_fetch_policy",
        "POST   | /tags                    | {\"name\": \"   \"}                     | 400 | invalid_input",
        "POST   | /tags                    | {\"name\": \"JAVA\"}                    | 409 | duplicate_tag_name",
        "PUT    | /tags/sql                | {\"name\": \"Java\", \"version\": 0}  | 409 | duplicate_tag_name",
        "PUT    | /tags/nosuch             | {\"name\": \"x\", \"version\": 0}     | 404 | not_found",
        "POST   | /posts/999999/tags       | {\"tags\": [\"java\"]}                | 404 | not_found",
        "POST   | /posts/999999/tags       | {\"tags\": [\"\"]}                    | 400 | invalid_input",
        "POST   | /posts/999999/tags       | {\"tags\": [42]}                      | 400 | bad_request",
        "POST   | /posts/999999/tags       | {}                                      | 400 | bad_request",
        "DELETE | /posts/999999/tags/java  |                                         | 404 | not_found",
        "GET    | /posts/1/comments        |                                         | 404 | not_found",
        "GET    | /tags/java/posts         |                                         | 404 | not_found",
        "GET    | /users/alice?fetch=posts.tags=joined |                             | 400 | bad_fetch_plan",
        "GET    | /users?fetch=author=joined |                                       | 400 | bad_fetch_plan",
        "GET    | /tags/java?fetch=posts=none,posts.tags=joined |                    | 400 | bad_fetch_plan",
        "GET    | /posts?fetch=author=dynamic |                                      | 400 | bad_fetch_plan",
        "GET    | /posts/1?fetch=author=joined,tags=selectin&fetchTags=lazy |        | 400 | bad_fetch_plan",
        "GET    | /users?order=newest      |                                         | 400 | bad_request",
        "GET    | /users?order=id&after=bob |                                        | 400 | bad_request",
      })
  void badRequestsGetAJsonErrorAndA4xx(String method, String path, String body, int status, String error) {
    Reply reply = send(method, path, body);

    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.body().get("error").stringValue()).isEqualTo(error);
    assertThat(reply.body().get("status").intValue()).isEqualTo(status);
    assertThat(reply.body().get("message").stringValue()).isNotBlank();
    if (status == 405) {
      assertThat(reply.raw().headers().firstValue("Allow")).hasValue("GET, POST");
    }
  }

  @Test
  void aBadPlanSaysWhichEntryIsWrong() {
    Reply plan = get("/users/alice?fetch=posts=selectin,posts.comments=joined");
    Reply both = get("/posts?fetch=author=joined,tags=selectin&fetchTags=lazy");
    Reply after = get("/users?order=id-desc&after=bob");

    assertThat(plan.body().get("message").stringValue())
        .isEqualTo("'fetch': 'posts.comments': Post has no relation 'comments'; its relations are author, tags");
    assertThat(both.body().get("message").stringValue())
        .isEqualTo("'fetch' is a whole fetch plan, the tags included (author=joined,tags=selectin): leave out 'fetchTags'");
    assertThat(after.body().get("message").stringValue()).isEqualTo("'after' must be a user id with order=id-desc, was 'bob'");
  }

  @Test
  void aServerErrorIs500WithoutSql() throws SQLException {
    try (Connection connection = database.dataSource().getConnection(); Statement statement = connection.createStatement()) {
      statement.execute("alter table posts rename to posts_elsewhere");
      try {
        Reply reply = get("/posts");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.raw().body()).isEqualTo("{\"error\":\"internal\",\"message\":\"Internal server error\",\"status\":500}");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("blog serve: GET /posts -> 500: database error: ERROR: relation \"posts\" does not exist");
      } finally {
        statement.execute("alter table posts_elsewhere rename to posts");
      }
    }
  }

  @Test
  void concurrentRequestsEachCountTheirOwnStatements() throws Exception {
    String[] policies = {"none", "joined", "multiset", "subquery", "selectin", "lazy", "batch", "dynamic"};
    int[] statements = {1, 1, 1, 2, 2, 2, 2, 2};
    int requests = 160;
    Semaphore inFlight = new Semaphore(16);
    List<Future<String>> results = new ArrayList<>();
    long start = System.nanoTime();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < requests; i++) {
        int policy = i % policies.length;
        results.add(executor.submit(() -> {
          inFlight.acquire();
          try {
            Reply reply = get("/users/alice?fetch=" + policies[policy]);
            return reply.status() + " " + reply.body().get("statements").intValue() + " " + reply.body().get("user").get("username").stringValue();
          } finally {
            inFlight.release();
          }
        }));
      }
      for (int i = 0; i < requests; i++) {
        assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo("200 " + statements[i % policies.length] + " alice");
      }
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void serveRunsUntilStoppedAndReleasesEverything() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(Cli.connection(database));
    args.addAll(List.of("serve", "--port", "0"));
    try (ExecutorService runner = Executors.newSingleThreadExecutor()) {
      Future<Integer> exit = runner.submit(() -> Blog.run(args.toArray(String[]::new),
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()));

      Matcher listening = awaitListening(out, exit);
      String url = listening.group(1);
      HttpResponse<String> response = client.send(
          HttpRequest.newBuilder(URI.create(url + "users/bob?fetch=joined")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(response.body()).get("user").get("username").stringValue()).isEqualTo("bob");

      exit.cancel(true);
      runner.shutdown();
      assertThat(runner.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("GET /users/bob 200 ").doesNotContain("Exception");
      assertThatEventually(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(thread -> thread.getName().startsWith("blog ")),
          "the app's pool threads ended");
      assertThat(catchRefused(url)).as("no longer listening").isTrue();
    }
  }

  private static Matcher awaitListening(ByteArrayOutputStream out, Future<Integer> exit) throws InterruptedException {
    Pattern pattern = Pattern.compile("Listening on (http://127\\.0\\.0\\.1:\\d+/) with PostgreSQL at ");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Matcher matcher = pattern.matcher(out.toString(StandardCharsets.UTF_8));
      if (matcher.find()) {
        return matcher;
      }
      assertThat(exit.isDone()).as("serve ended early: " + out).isFalse();
      Thread.sleep(50);
    }
    throw new AssertionError("serve did not report its port: " + out);
  }

  private static void assertThatEventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static boolean catchRefused(String url) throws InterruptedException {
    try {
      client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
      return false;
    } catch (IOException refused) {
      return true;
    }
  }
}
