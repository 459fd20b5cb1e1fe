package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.FetchPlan;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A fetch plan's tree: it follows the plan to any depth, cycles become refs, text indents. */
class TreesTest {

  static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

  /** alice (User#1) with post #10 tagged java and sql, and post #11 tagged java; every relation loaded both ways. */
  record Graph(User alice, Tag java, Tag sql) {}

  static Graph graph() {
    Tag java = Tag.of(3, "java", NOW, 0, ToMany.pending());
    Tag sql = Tag.of(4, "sql", NOW, 1, ToMany.pending());
    ToMany<Tag> firstTags = ToMany.pending();
    ToMany<Tag> secondTags = ToMany.pending();
    User alice = User.of(1, "alice", NOW, 0, self -> ToMany.loaded(List.of(
        Post.of(10, 1, "Why jOOQ", "Because SQL.", NOW, 0, ToOne.loaded(self), firstTags),
        Post.of(11, 1, "Fetch policies", "Choose.", NOW, 2, ToOne.loaded(self), secondTags))));
    Post first = alice.posts().get().get(0);
    Post second = alice.posts().get().get(1);
    firstTags.completeLoaded(List.of(java, sql));
    secondTags.completeLoaded(List.of(java));
    java.posts().completeLoaded(List.of(first, second));
    sql.posts().completeLoaded(List.of(first));
    return new Graph(alice, java, sql);
  }

  static FetchPlan<User> userPlan(String text) {
    return FetchPlan.parse(User.class, text);
  }

  @Test
  void aPostsAuthorUnderItsUserIsARefToThatUser() {
    JsonNode json = Json.tree(Trees.user(graph().alice(), userPlan("posts=selectin,posts.author=joined")));

    JsonNode post = json.get("posts").get(0);
    assertThat(post.get("authorLoaded").booleanValue()).isTrue();
    assertThat(post.get("author").propertyNames()).containsExactly("ref");
    assertThat(post.get("author").get("ref").stringValue()).isEqualTo("User#1");
    assertThat(post.get("tagsLoaded").booleanValue()).as("not in the plan").isFalse();
    assertThat(post.has("tags")).isFalse();
  }

  @Test
  void objectsAreWrittenWholeWithAFlagPerRelation() {
    JsonNode json = Json.tree(Trees.user(graph().alice(), userPlan("posts=selectin,posts.tags=joined")));

    assertThat(json.propertyNames()).containsExactly("id", "username", "createdAt", "version", "postsLoaded", "posts");
    JsonNode post = json.get("posts").get(0);
    assertThat(post.propertyNames())
        .containsExactly("id", "title", "content", "createdAt", "version", "authorId", "authorLoaded", "tagsLoaded", "tags");
    assertThat(post.get("tags").get(1).propertyNames()).containsExactly("id", "name", "createdAt", "version", "postsLoaded");
    assertThat(post.get("tags").get(1).get("name").stringValue()).isEqualTo("sql");
    assertThat(post.get("tags").get(1).get("version").longValue()).isEqualTo(1);
  }

  @Test
  void theTreeFollowsThePlanNotTheGraph() {
    JsonNode json = Json.tree(Trees.user(graph().alice(), userPlan("posts=joined")));

    assertThat(json.get("posts")).hasSize(2).allSatisfy(post -> {
      assertThat(post.get("authorLoaded").booleanValue()).as("loaded in the graph, not named by the plan").isFalse();
      assertThat(post.get("tagsLoaded").booleanValue()).isFalse();
    });
  }

  @Test
  void anObjectRepeatingAnAncestorIsARefWhileItsSiblingsAreFollowedToAnyDepth() {
    Graph graph = graph();

    JsonNode json = Json.tree(Trees.tag(graph.java(), FetchPlan.parse(Tag.class, "posts=selectin,posts.tags=joined,posts.tags.posts=lazy")));

    JsonNode first = json.get("posts").get(0);
    assertThat(first.get("tags").get(0)).as("java under its own post").isEqualTo(Json.object().put("ref", "Tag#3"));
    JsonNode sql = first.get("tags").get(1);
    assertThat(sql.get("name").stringValue()).isEqualTo("sql");
    assertThat(sql.get("postsLoaded").booleanValue()).isTrue();
    assertThat(sql.get("posts").get(0)).as("the post sql was reached from").isEqualTo(Json.object().put("ref", "Post#10"));
    JsonNode second = json.get("posts").get(1);
    assertThat(second.get("tags").get(0).get("ref").stringValue()).isEqualTo("Tag#3");
  }

  @Test
  void aSiblingIsNotAnAncestor() {
    JsonNode json = Json.tree(Trees.user(graph().alice(), userPlan("posts=selectin,posts.tags=selectin,posts.tags.posts=selectin")));

    JsonNode javaUnderFirst = json.get("posts").get(0).get("tags").get(0);
    assertThat(javaUnderFirst.get("posts").get(0).get("ref").stringValue()).isEqualTo("Post#10");
    assertThat(javaUnderFirst.get("posts").get(1).get("title").stringValue())
        .as("the second post is a sibling of the first, written whole").isEqualTo("Fetch policies");
    assertThat(javaUnderFirst.get("posts").get(1).get("tagsLoaded").booleanValue()).as("the plan stops there").isFalse();
  }

  @Test
  void aLazyRelationLoadsOnceWhereThePlanNamesItAndNeverWhereItDoesNot() {
    AtomicInteger loads = new AtomicInteger();
    User bob = User.of(2, "bob", NOW, 0, self -> ToMany.lazy(() -> {
      loads.incrementAndGet();
      return List.of(Post.of(20, 2, "Hi", "There", NOW, 0, ToOne.loaded(self)));
    }));

    Trees.user(bob, userPlan("posts=none"));
    Trees.user(bob, userPlan(""));
    assertThat(loads).hasValue(0);
    JsonNode json = Json.tree(Trees.user(bob, userPlan("posts=lazy")));
    Trees.user(bob, userPlan("posts=lazy"));

    assertThat(loads).hasValue(1);
    assertThat(json.get("posts").get(0).get("title").stringValue()).isEqualTo("Hi");
  }

  @Test
  void notLoadedIsNotEmpty() {
    User none = User.of(5, "nobody", NOW, 0, self -> ToMany.notLoaded("loaded with NONE"));
    User empty = User.of(6, "empty", NOW, 0, self -> ToMany.loaded(List.of()));

    JsonNode notLoaded = Json.tree(Trees.user(none, userPlan("posts=none")));
    JsonNode loaded = Json.tree(Trees.user(empty, userPlan("posts=selectin,posts.tags=joined")));

    assertThat(notLoaded.get("postsLoaded").booleanValue()).isFalse();
    assertThat(notLoaded.has("posts")).isFalse();
    assertThat(loaded.get("postsLoaded").booleanValue()).isTrue();
    assertThat(loaded.get("posts")).isEmpty();
    assertThat(text(Trees.user(none, userPlan("posts=none")))).endsWith("\n    posts not loaded (fetch policy none)\n");
    assertThat(text(Trees.user(empty, userPlan("posts=selectin")))).endsWith("\n    no posts\n");
  }

  @Test
  void textIndentsEachLevelAndSaysWhatRepeats() {
    Graph graph = graph();
    Post first = graph.alice().posts().get().getFirst();

    String text = text(Trees.post(first, FetchPlan.parse(Post.class, "author=joined,author.posts=selectin,tags=selectin,tags.posts=selectin")));

    assertThat(text).isEqualTo("""
        #10      Why jOOQ  (2026-11-25 10:15:30 UTC, version 0)
            author alice  (id 1, version 0, created 2026-11-25 10:15:30 UTC)
                Post#10 (shown above)
                #11      Fetch policies  (2026-11-25 10:15:30 UTC, version 2)
            tag java  (id 3, version 0, created 2026-11-25 10:15:30 UTC)
                Post#10 (shown above)
                #11      Fetch policies  (2026-11-25 10:15:30 UTC, version 2)
            tag sql  (id 4, version 1, created 2026-11-25 10:15:30 UTC)
                Post#10 (shown above)
        """);
  }

  @Test
  void textRefersToARepeatedAuthorOrTagByKind() {
    Graph graph = graph();

    assertThat(text(Trees.user(graph.alice(), userPlan("posts=selectin,posts.author=joined"))))
        .contains("\n        author User#1 (shown above)\n");
    assertThat(text(Trees.tag(graph.sql(), FetchPlan.parse(Tag.class, "posts=selectin,posts.tags=selectin"))))
        .isEqualTo("""
            sql  (id 4, version 1, created 2026-11-25 10:15:30 UTC)
                #10      Why jOOQ  (2026-11-25 10:15:30 UTC, version 0)
                    tag java  (id 3, version 0, created 2026-11-25 10:15:30 UTC)
                    tag Tag#4 (shown above)
            """);
  }

  private static String text(Trees.Node node) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      Text.tree(out, node);
    }
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
