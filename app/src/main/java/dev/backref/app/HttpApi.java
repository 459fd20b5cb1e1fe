package dev.backref.app;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.persistence.Backref;
import dev.backref.persistence.DuplicateTagNameException;
import dev.backref.persistence.DuplicateUsernameException;
import dev.backref.persistence.FetchPolicy;
import dev.backref.persistence.InvalidInputException;
import dev.backref.persistence.NewPost;
import dev.backref.persistence.NotFoundException;
import dev.backref.persistence.OnReplicaFailure;
import dev.backref.persistence.Page;
import dev.backref.persistence.PostFilter;
import dev.backref.persistence.StaleVersionException;
import dev.backref.persistence.StatementRecorder;
import dev.backref.persistence.TagFilter;
import dev.backref.persistence.UserOrder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The routes of the JSON API, over one {@link Backref} on the shared pool. A {@link
 * StatementRecorder} that keeps no SQL counts statements per thread, so that {@code statements} in a
 * response counts that request's statements only (a request runs on one thread, its lazy loads
 * included).
 *
 * <pre>
 * GET    /users?limit=&amp;order=&amp;after=&amp;fetch=  a page of users with their posts
 * POST   /users                            {"username": "...", "posts": [{"title": "...", "content": "..."}]}
 * GET    /users/{username}?fetch=          one user with its posts
 * PUT    /users/{username}                 {"username": "new", "version": 0}   (PATCH too)
 * DELETE /users/{username}
 * GET    /posts?author=&amp;title=&amp;tag=&amp;limit=&amp;fetch=&amp;fetchTags=  posts with their author and tags
 * POST   /posts                            {"author": "alice", "title": "...", "content": "...", "tags": ["java"]}
 * GET    /posts/{id}?fetch=&amp;fetchTags=
 * PUT    /posts/{id}                       {"title": "...", "content": "...", "version": 0}
 * PATCH  /posts/{id}                       the same, title or content may be left out
 * DELETE /posts/{id}
 * POST   /posts/{id}/tags                  {"tags": ["java", "sql"]}   (missing tags are created)
 * DELETE /posts/{id}/tags/{name}
 * GET    /tags?name=&amp;limit=&amp;fetch=           tags by name, with their posts
 * POST   /tags                             {"name": "java"}
 * GET    /tags/{name}?fetch=               one tag with its posts
 * PUT    /tags/{name}                      {"name": "new", "version": 0}   (PATCH too)
 * DELETE /tags/{name}
 * </pre>
 *
 * <p>{@code fetch} is one policy or a fetch plan ({@code posts=selectin,posts.tags=joined}), whose
 * result is a tree to any depth (see {@link Json#tree}).
 *
 * <p>Errors are JSON too: {@code {"error": "not_found", "message": "..."}} with 400 (invalid input,
 * bad fetch policy or plan, malformed JSON), 404 (no such user, post, tag or route), 405, 409 (username or
 * tag name taken, stale version), 413, 503 ({@code busy}: no pooled connection free in time;
 * {@code database_unavailable}), 504 ({@code database_timeout}) or 500 (no details: they may contain
 * SQL). Every 503 carries {@code Retry-After}. {@code GET /health} and {@code GET /ready} are
 * liveness and readiness; {@code HEAD} is answered on every GET route.
 *
 * <p>Thread-safe.
 */
final class HttpApi extends Handler.Abstract {

  static final int MAX_BODY_BYTES = 1 << 20;
  static final int MAX_LIMIT = 1_000;
  private static final int READY_TIMEOUT_SECONDS = 2;

  private final DataSource dataSource;
  private final PrintStream log;
  private final boolean verbose;
  private final Backref backref;
  /** Statements sent by the request this thread is handling: a request runs on one thread, lazy loads included. */
  private final ThreadLocal<int[]> statements = ThreadLocal.withInitial(() -> new int[1]);

  /** @param readDataSource a pool on read replicas for reads outside transactions, or null */
  HttpApi(DataSource dataSource, DataSource readDataSource, PrintStream log, boolean verbose, boolean printSql) {
    this.dataSource = dataSource;
    this.log = log;
    this.verbose = verbose;
    StatementRecorder recorder = StatementRecorder.wrap(dataSource, 0);
    recorder.onStatement(sql -> statements.get()[0]++);
    Backref.Builder builder = Backref.builder(recorder.dataSource());
    if (readDataSource != null) {
      StatementRecorder reads = StatementRecorder.wrap(readDataSource, 0);
      reads.onStatement(sql -> statements.get()[0]++);
      if (printSql) {
        recorder.onStatement(sql -> log.println(sql + "; -- primary"));
        reads.onStatement(sql -> log.println(sql + "; -- replica"));
      }
      builder.replica(reads.dataSource(), OnReplicaFailure.FAIL);
    } else if (printSql) {
      recorder.onStatement(sql -> log.println(sql + ";"));
    }
    this.backref = builder.build();
  }

  /** A failure with its HTTP status and error code, raised by the routes for bad requests. */
  static final class HttpError extends RuntimeException {
    final int status;
    final String code;
    final String allow;

    HttpError(int status, String code, String message) {
      this(status, code, message, null);
    }

    HttpError(int status, String code, String message, String allow) {
      super(message);
      this.status = status;
      this.code = code;
      this.allow = allow;
    }
  }

  private record Response(int status, JsonNode body, Map<String, String> headers) {
    static Response ok(JsonNode body) {
      return new Response(200, body, Map.of());
    }
  }

  /**
   * One request: its method (HEAD is routed as GET), decoded path segments and query parameters,
   * and its own Backref.
   */
  private record Request(
      org.eclipse.jetty.server.Request http, String method, List<String> path, Map<String, String> query,
      int[] statements, Backref backref) {}

  @Override
  public boolean handle(org.eclipse.jetty.server.Request http, org.eclipse.jetty.server.Response httpResponse, Callback callback) {
    long start = System.nanoTime();
    String method = http.getMethod();
    String target = http.getHttpURI().getPath();
    Response response;
    int[] counted = statements.get();
    counted[0] = 0;
    try {
      Request request = new Request(http, method.equals("HEAD") ? "GET" : method, segments(target),
          query(http.getHttpURI().getQuery()), counted, backref);
      response = route(request);
    } catch (RuntimeException | Error e) {
      response = error(e, method + " " + target);
    }
    send(httpResponse, response, method.equals("HEAD"), callback);
    log.printf("%s %s %d %.1f ms, %d statements%n", method, target, response.status(), (System.nanoTime() - start) / 1e6, counted[0]);
    return true;
  }

  private Response route(Request request) {
    List<String> path = request.path();
    if (path.isEmpty()) {
      requireMethod(request, "GET");
      return Response.ok(index());
    }
    return switch (path.getFirst()) {
      case "health" -> {
        requireMethod(request, "GET");
        requireLength(request, 1);
        yield Response.ok(Json.object().put("status", "up"));
      }
      case "ready" -> {
        requireMethod(request, "GET");
        requireLength(request, 1);
        yield ready();
      }
      case "users" ->
          switch (path.size()) {
            case 1 ->
                switch (request.method()) {
                  case "GET" -> listUsers(request);
                  case "POST" -> createUser(request);
                  default -> throw notAllowed("GET, POST");
                };
            case 2 ->
                switch (request.method()) {
                  case "GET" -> showUser(request, path.get(1));
                  case "PUT", "PATCH" -> renameUser(request, path.get(1));
                  case "DELETE" -> deleteUser(request, path.get(1));
                  default -> throw notAllowed("GET, PUT, PATCH, DELETE");
                };
            default -> throw noRoute(request);
          };
      case "posts" ->
          switch (path.size()) {
            case 1 ->
                switch (request.method()) {
                  case "GET" -> listPosts(request);
                  case "POST" -> createPost(request);
                  default -> throw notAllowed("GET, POST");
                };
            case 2 ->
                switch (request.method()) {
                  case "GET" -> showPost(request, postId(path.get(1)));
                  case "PUT" -> editPost(request, postId(path.get(1)), false);
                  case "PATCH" -> editPost(request, postId(path.get(1)), true);
                  case "DELETE" -> deletePost(request, postId(path.get(1)));
                  default -> throw notAllowed("GET, PUT, PATCH, DELETE");
                };
            case 3 -> {
              requireSegment(request, 2, "tags");
              requireMethod(request, "POST");
              yield tagPost(request, postId(path.get(1)));
            }
            case 4 -> {
              requireSegment(request, 2, "tags");
              requireMethod(request, "DELETE");
              yield untagPost(request, postId(path.get(1)), path.get(3));
            }
            default -> throw noRoute(request);
          };
      case "tags" ->
          switch (path.size()) {
            case 1 ->
                switch (request.method()) {
                  case "GET" -> listTags(request);
                  case "POST" -> createTag(request);
                  default -> throw notAllowed("GET, POST");
                };
            case 2 ->
                switch (request.method()) {
                  case "GET" -> showTag(request, path.get(1));
                  case "PUT", "PATCH" -> renameTag(request, path.get(1));
                  case "DELETE" -> deleteTag(request, path.get(1));
                  default -> throw notAllowed("GET, PUT, PATCH, DELETE");
                };
            default -> throw noRoute(request);
          };
      default -> throw noRoute(request);
    };
  }

  /** 200 when a connection from the pool answers a round trip, else the error that says why not. */
  private Response ready() {
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.isValid(READY_TIMEOUT_SECONDS)) {
        throw new HttpError(503, "database_unavailable", "The database did not answer within " + READY_TIMEOUT_SECONDS + " s");
      }
      return Response.ok(Json.object().put("status", "ready").put("database", "up"));
    } catch (SQLException e) {
      throw new DatabaseUnavailableException("Not ready: " + e.getMessage(), e);
    }
  }

  private static JsonNode index() {
    ObjectNode index = Json.object();
    var routes = index.putArray("routes");
    for (String route : List.of(
        "GET /users?limit=&order=&after=&fetch=", "POST /users", "GET /users/{username}?fetch=", "PUT|PATCH /users/{username}",
        "DELETE /users/{username}", "GET /posts?author=&title=&tag=&limit=&fetch=&fetchTags=", "POST /posts",
        "GET /posts/{id}?fetch=&fetchTags=", "PUT|PATCH /posts/{id}", "DELETE /posts/{id}", "POST /posts/{id}/tags",
        "DELETE /posts/{id}/tags/{name}", "GET /tags?name=&limit=&fetch=", "POST /tags", "GET /tags/{name}?fetch=",
        "PUT|PATCH /tags/{name}", "DELETE /tags/{name}", "GET /health", "GET /ready")) {
      routes.add(route);
    }
    index.put("fetch", "none, joined, multiset, subquery, selectin, lazy, batch, dynamic"
        + " (dynamic: to-many relations only, so not for a post's author)"
        + "; or a fetch plan, a policy per relation to any depth: posts=selectin,posts.tags=joined");
    index.put("fetchTags", "a post's tags, same policies");
    index.put("order", "users: username, id, id-desc");
    return index;
  }

  private Response listUsers(Request request) {
    Fetching<User> fetch = fetching(request, Fetching::users, "selectin");
    int limit = limit(request);
    UserOrder order = order(request);
    String after = request.query().get("after");
    if (after != null && !UserOrders.isKey(order, after)) {
      throw badRequest("'after' must be a user id with order=" + UserOrders.name(order) + ", was '" + after + "'");
    }
    Page<User> page = request.backref().users().page(order, after, limit, fetch.plan());
    Shown users = Shown.users(page.items(), fetch);
    ObjectNode document = fetch.describe(counted(request));
    document.set("users", users.json());
    document.put("next", page.next().orElse(null));
    return Response.ok(document);
  }

  private Response showUser(Request request, String username) {
    Fetching<User> fetch = fetching(request, Fetching::users, "selectin");
    Shown user = Shown.user(request.backref().users().getByUsername(username, fetch.plan()), fetch);
    ObjectNode document = fetch.describe(counted(request));
    document.set("user", user.json());
    return Response.ok(document);
  }

  private Response createUser(Request request) {
    JsonNode body = body(request);
    String username = text(body, "username", true);
    List<NewPost> posts = new ArrayList<>();
    JsonNode postsNode = body.get("posts");
    if (postsNode != null && !postsNode.isNull()) {
      if (!postsNode.isArray()) {
        throw badRequest("'posts' must be an array of {\"title\": ..., \"content\": ...}");
      }
      for (JsonNode post : postsNode) {
        if (!post.isObject()) {
          throw badRequest("'posts' must be an array of {\"title\": ..., \"content\": ...}");
        }
        posts.add(new NewPost(text(post, "title", true), text(post, "content", true)));
      }
    }
    User user = request.backref().users().create(username, posts);
    ObjectNode document = counted(request);
    document.set("user", Json.user(Views.user(user)));
    return new Response(201, document, Map.of("Location", "/users/" + encode(user.username())));
  }

  private Response renameUser(Request request, String username) {
    JsonNode body = body(request);
    String newUsername = text(body, "username", true);
    long version = version(body);
    User current = request.backref().users().getByUsername(username, FetchPolicy.NONE);
    User renamed = request.backref().users().rename(current.id(), version, newUsername);
    ObjectNode document = counted(request);
    document.set("user", Json.user(Views.user(renamed)));
    return new Response(200, document, Map.of("Location", "/users/" + encode(renamed.username())));
  }

  private Response deleteUser(Request request, String username) {
    User user = request.backref().users().getByUsername(username, FetchPolicy.NONE);
    request.backref().users().delete(user.id());
    return new Response(204, null, Map.of());
  }

  private Response listPosts(Request request) {
    Fetching<Post> fetch = postsFetching(request);
    PostFilter filter = PostFilter.all().limit(limit(request));
    if (request.query().containsKey("author")) {
      filter = filter.authorUsername(request.query().get("author"));
    }
    if (request.query().containsKey("title")) {
      filter = filter.titleContains(request.query().get("title"));
    }
    if (request.query().containsKey("tag")) {
      filter = filter.taggedWith(request.query().get("tag"));
    }
    Shown posts = Shown.posts(request.backref().posts().findAll(filter, fetch.plan()), fetch);
    ObjectNode document = fetch.describe(counted(request));
    document.set("posts", posts.json());
    return Response.ok(document);
  }

  private Response showPost(Request request, long id) {
    Fetching<Post> fetch = postsFetching(request);
    Shown post = Shown.post(request.backref().posts().getById(id, fetch.plan()), fetch);
    ObjectNode document = fetch.describe(counted(request));
    document.set("post", post.json());
    return Response.ok(document);
  }

  private Response createPost(Request request) {
    JsonNode body = body(request);
    String author = text(body, "author", true);
    NewPost newPost = new NewPost(text(body, "title", true), text(body, "content", true));
    List<String> tags = strings(body, "tags", false);
    User user = request.backref().users().getByUsername(author, FetchPolicy.NONE);
    Post post = request.backref().posts().create(user.id(), newPost, tags);
    ObjectNode document = counted(request);
    document.set("post", Json.post(Views.post(post, true)));
    return new Response(201, document, Map.of("Location", "/posts/" + post.id()));
  }

  private Response editPost(Request request, long id, boolean partial) {
    JsonNode body = body(request);
    String title = text(body, "title", !partial);
    String content = text(body, "content", !partial);
    long version = version(body);
    if (title == null && content == null) {
      throw badRequest("PATCH needs 'title', 'content' or both");
    }
    if (title == null || content == null) {
      Post current = request.backref().posts().getById(id, FetchPolicy.NONE);
      title = title != null ? title : current.title();
      content = content != null ? content : current.content();
    }
    Post edited = request.backref().posts().edit(id, version, new NewPost(title, content));
    ObjectNode document = counted(request);
    document.set("post", Json.post(Views.post(edited, true)));
    return Response.ok(document);
  }

  private Response deletePost(Request request, long id) {
    request.backref().posts().delete(id);
    return new Response(204, null, Map.of());
  }

  private Response tagPost(Request request, long id) {
    List<String> names = strings(body(request), "tags", true);
    List<Tag> tags = request.backref().posts().tag(id, names);
    ObjectNode document = counted(request).put("postId", id);
    document.set("tags", Json.labels(Views.labels(tags)));
    return Response.ok(document);
  }

  private Response untagPost(Request request, long id, String name) {
    boolean removed = request.backref().posts().untag(id, name);
    return Response.ok(counted(request).put("postId", id).put("tag", name).put("removed", removed));
  }

  private Response listTags(Request request) {
    Fetching<Tag> fetch = fetching(request, Fetching::tags, "none");
    TagFilter filter = TagFilter.all().limit(limit(request));
    if (request.query().containsKey("name")) {
      filter = filter.nameContains(request.query().get("name"));
    }
    Shown tags = Shown.tags(request.backref().tags().findAll(filter, fetch.plan()), fetch);
    ObjectNode document = fetch.describe(counted(request));
    document.set("tags", tags.json());
    return Response.ok(document);
  }

  private Response showTag(Request request, String name) {
    Fetching<Tag> fetch = fetching(request, Fetching::tags, "selectin");
    Shown tag = Shown.tag(request.backref().tags().getByName(name, fetch.plan()), fetch);
    ObjectNode document = fetch.describe(counted(request));
    document.set("tag", tag.json());
    return Response.ok(document);
  }

  private Response createTag(Request request) {
    String name = text(body(request), "name", true);
    Tag tag = request.backref().tags().create(name);
    ObjectNode document = counted(request);
    document.set("tag", Json.tag(Views.tag(tag)));
    return new Response(201, document, Map.of("Location", "/tags/" + encode(tag.name())));
  }

  private Response renameTag(Request request, String name) {
    JsonNode body = body(request);
    String newName = text(body, "name", true);
    long version = version(body);
    Tag current = request.backref().tags().getByName(name, FetchPolicy.NONE);
    Tag renamed = request.backref().tags().rename(current.id(), version, newName);
    ObjectNode document = counted(request);
    document.set("tag", Json.tag(Views.tag(renamed)));
    return new Response(200, document, Map.of("Location", "/tags/" + encode(renamed.name())));
  }

  private Response deleteTag(Request request, String name) {
    Tag tag = request.backref().tags().getByName(name, FetchPolicy.NONE);
    request.backref().tags().delete(tag.id());
    return new Response(204, null, Map.of());
  }

  /** A document starting with the request's statement count, taken after the views were built. */
  private static ObjectNode counted(Request request) {
    return Json.object().put("statements", request.statements()[0]);
  }

  /** The policy named by query parameter {@code parameter}, or {@code fallback} without one. */
  private static FetchPolicy fetch(Request request, String parameter, List<FetchPolicy> allowed, FetchPolicy fallback) {
    String name = request.query().get(parameter);
    if (name == null) {
      return fallback;
    }
    try {
      return FetchPolicies.parse(name, allowed);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "bad_fetch_policy", "'" + parameter + "': " + e.getMessage());
    }
  }

  /** What {@code ?fetch=} asks for, a policy or a plan, parsed by {@code parse}; {@code fallback} without it. */
  private static <R> Fetching<R> fetching(Request request, Function<String, Fetching<R>> parse, String fallback) {
    String value = request.query().getOrDefault("fetch", fallback);
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, Fetching.isPlan(value) ? "bad_fetch_plan" : "bad_fetch_policy", "'fetch': " + e.getMessage());
    }
  }

  /**
   * What a read of posts loads: the plan of {@code ?fetch=}; else the author as {@code fetch} says
   * (default joined) and the tags as {@code fetchTags} says (default selectin). A plan with {@code
   * fetchTags} is refused: both would say how to load the tags.
   */
  private static Fetching<Post> postsFetching(Request request) {
    Fetching<Post> fetch = fetching(request, Fetching::posts, "joined");
    if (!fetch.tree()) {
      return Fetching.posts(fetch.policy(), fetch(request, "fetchTags", FetchPolicies.TO_MANY, FetchPolicy.SELECT_IN));
    }
    if (request.query().containsKey("fetchTags")) {
      throw new HttpError(400, "bad_fetch_plan",
          "'fetch' is a whole fetch plan, the tags included (" + fetch.plan() + "): leave out 'fetchTags'");
    }
    return fetch;
  }

  /** The order of {@code ?order=}, by username without one. */
  private static UserOrder order(Request request) {
    String name = request.query().get("order");
    try {
      return name == null ? UserOrder.USERNAME : UserOrders.parse(name);
    } catch (IllegalArgumentException e) {
      throw badRequest("'order': " + e.getMessage());
    }
  }

  private static int limit(Request request) {
    String value = request.query().getOrDefault("limit", "20");
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw badRequest("'limit' must be a number from 1 to " + MAX_LIMIT + ", was '" + value + "'");
  }

  private static long postId(String segment) {
    try {
      return Long.parseLong(segment);
    } catch (NumberFormatException e) {
      throw new HttpError(404, "not_found", "No post with id '" + segment + "': post ids are numbers");
    }
  }

  private static JsonNode body(Request request) {
    byte[] bytes;
    try (InputStream in = org.eclipse.jetty.server.Request.asInputStream(request.http())) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw badRequest("Cannot read the request body: " + e.getMessage());
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw new HttpError(413, "body_too_large", "The request body exceeds " + MAX_BODY_BYTES + " bytes");
    }
    JsonNode body;
    try {
      body = bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw badRequest("Malformed JSON: " + Failures.oneLine(e.getOriginalMessage()));
    }
    if (body == null || !body.isObject()) {
      throw badRequest("The request body must be a JSON object");
    }
    return body;
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw badRequest("'" + field + "' is required");
      }
      return null;
    }
    if (!value.isString()) {
      throw badRequest("'" + field + "' must be a string");
    }
    return value.stringValue();
  }

  /** An array of strings; without {@code required}, a missing or null field is the empty list. */
  private static List<String> strings(JsonNode body, String field, boolean required) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw badRequest("'" + field + "' is required: an array of strings");
      }
      return List.of();
    }
    if (!value.isArray()) {
      throw badRequest("'" + field + "' must be an array of strings");
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isString()) {
        throw badRequest("'" + field + "' must be an array of strings");
      }
      strings.add(element.stringValue());
    }
    return strings;
  }

  private static long version(JsonNode body) {
    JsonNode value = body.get("version");
    if (value == null || value.isNull()) {
      throw badRequest("'version' is required: send the version you read, so that concurrent changes are detected");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw badRequest("'version' must be an integer");
    }
    return value.longValue();
  }

  private static void requireMethod(Request request, String method) {
    if (!request.method().equals(method)) {
      throw notAllowed(method);
    }
  }

  private static void requireLength(Request request, int length) {
    if (request.path().size() != length) {
      throw noRoute(request);
    }
  }

  private static void requireSegment(Request request, int index, String segment) {
    if (!request.path().get(index).equals(segment)) {
      throw noRoute(request);
    }
  }

  private static HttpError badRequest(String message) {
    return new HttpError(400, "bad_request", message);
  }

  private static HttpError notAllowed(String allow) {
    return new HttpError(405, "method_not_allowed", "Allowed: " + allow, allow);
  }

  private static HttpError noRoute(Request request) {
    return new HttpError(404, "not_found", "No route for " + request.method() + " /" + String.join("/", request.path()));
  }

  private Response error(Throwable e, String what) {
    ObjectNode body = Json.object();
    int status;
    Map<String, String> headers = Map.of();
    switch (e) {
      case HttpError http -> {
        status = http.status;
        body.put("error", http.code).put("message", http.getMessage());
        if (http.allow != null) {
          headers = Map.of("Allow", http.allow);
        }
      }
      case InvalidInputException invalid -> {
        status = 400;
        body.put("error", "invalid_input").put("field", invalid.field()).put("message", invalid.getMessage());
      }
      case NotFoundException notFound -> {
        status = 404;
        body.put("error", "not_found").put("message", notFound.getMessage());
      }
      case DuplicateUsernameException duplicate -> {
        status = 409;
        body.put("error", "duplicate_username").put("message", duplicate.getMessage());
      }
      case DuplicateTagNameException duplicate -> {
        status = 409;
        body.put("error", "duplicate_tag_name").put("message", duplicate.getMessage());
      }
      case StaleVersionException stale -> {
        status = 409;
        body.put("error", "stale_version").put("message", stale.getMessage())
            .put("expectedVersion", stale.expectedVersion()).put("actualVersion", stale.actualVersion());
      }
      default -> {
        if (Failures.isPoolExhausted(e)) {
          status = 503;
          body.put("error", "busy").put("message", "Every database connection is in use; try again later");
        } else if (Failures.isTimeout(e)) {
          status = 504;
          body.put("error", "database_timeout").put("message", "The database did not answer in time; try again later");
        } else if (Failures.isConnectionFailure(e)) {
          status = 503;
          body.put("error", "database_unavailable").put("message", "The database is unavailable; try again later");
        } else {
          status = 500;
          body.put("error", "internal").put("message", "Internal server error");
        }
        log.println("blog serve: " + what + " -> " + status + ": " + Failures.message(e));
        if (verbose) {
          e.printStackTrace(log);
        }
      }
    }
    body.put("status", status);
    return new Response(status, body, headers);
  }

  private static void send(org.eclipse.jetty.server.Response http, Response response, boolean head, Callback callback) {
    http.setStatus(response.status());
    response.headers().forEach((name, value) -> http.getHeaders().put(name, value));
    if (response.status() == 503) {
      http.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(JsonErrorHandler.RETRY_AFTER_SECONDS));
    }
    if (response.body() == null) {
      http.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      http.write(true, null, callback);
      return;
    }
    byte[] bytes = Json.compact(response.body());
    http.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
    http.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    http.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
  }

  /**
   * Percent-decoded path segments, without empty ones: {@code /users/al%20ice/} is {@code [users,
   * al ice]}; {@code +} is a plus sign.
   *
   * @throws HttpError 400 for malformed percent-encoding, bytes that are not UTF-8, or a NUL
   */
  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(decode(segment, false));
      }
    }
    return segments;
  }

  /**
   * Form-decoded query parameters ({@code +} is a space); the first value of a repeated name wins.
   *
   * @throws HttpError 400 as for {@link #segments}
   */
  static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      String[] parts = Arrays.copyOf(pair.split("=", 2), 2);
      query.putIfAbsent(decode(parts[0], true), parts[1] == null ? "" : decode(parts[1], true));
    }
    return query;
  }

  /** Strict percent-decoding: unlike {@link java.net.URLDecoder}, bad UTF-8 is an error, not U+FFFD. */
  private static String decode(String text, boolean plusIsSpace) {
    if (text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (low < 0) {
          throw badRequest("Malformed percent-encoding in '" + text + "': % must be followed by two hexadecimal digits");
        }
        int b = high * 16 + low;
        if (b == 0) {
          throw badRequest("The URL must not contain NUL (%00): '" + text + "'");
        }
        bytes.write(b);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != '%' && !(plusIsSpace && text.charAt(end) == '+')) {
          end++;
        }
        bytes.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw badRequest("'" + text + "' does not decode to UTF-8 text");
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
