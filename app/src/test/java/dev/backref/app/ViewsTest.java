package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The JSON and text shapes: not loaded is not empty, lazy relations load when shown, no recursion. */
class ViewsTest {

  static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

  @Test
  void postsNotLoadedAreShownAsNotLoadedNotAsAnEmptyList() {
    User user = User.of(1, "alice", NOW, 3, self -> ToMany.notLoaded("loaded with NONE"));

    JsonNode json = Json.user(Views.user(user));

    assertThat(json.get("postsLoaded").booleanValue()).isFalse();
    assertThat(json.has("posts")).isFalse();
    assertThat(json.get("username").stringValue()).isEqualTo("alice");
    assertThat(json.get("version").longValue()).isEqualTo(3);
    assertThat(json.get("createdAt").stringValue()).isEqualTo("2026-11-25T10:15:30Z");
  }

  @Test
  void noPostsIsAnEmptyList() {
    User user = User.of(1, "bob", NOW, 0, self -> ToMany.loaded(List.of()));

    JsonNode json = Json.user(Views.user(user));

    assertThat(json.get("postsLoaded").booleanValue()).isTrue();
    assertThat(json.get("posts").isArray()).isTrue();
    assertThat(json.get("posts")).isEmpty();
  }

  @Test
  void aLazyRelationIsLoadedOnceWhenShownAndPostsDoNotRepeatTheirAuthor() {
    AtomicInteger loads = new AtomicInteger();
    User user = User.of(1, "carol", NOW, 0, self -> ToMany.lazy(() -> {
      loads.incrementAndGet();
      return List.of(Post.of(10, 1, "Hello", "World", NOW, 0, ToOne.loaded(self)));
    }));

    JsonNode json = Json.user(Views.user(user));
    Views.user(user);

    assertThat(loads).hasValue(1);
    JsonNode post = json.get("posts").get(0);
    assertThat(post.get("title").stringValue()).isEqualTo("Hello");
    assertThat(post.propertyNames()).containsExactly("id", "title", "content", "createdAt", "version");
  }

  @Test
  void aPostEmbedsItsAuthorsIdAndUsernameOnly() {
    User author = User.of(7, "dave", NOW, 0, self -> ToMany.notLoaded("author only"));
    Post post = Post.of(70, 7, "Title", "Body", NOW, 2, ToOne.loaded(author));

    JsonNode json = Json.post(Views.post(post, true));

    assertThat(json.get("authorLoaded").booleanValue()).isTrue();
    assertThat(json.get("author").propertyNames()).containsExactly("id", "username");
    assertThat(json.get("author").get("username").stringValue()).isEqualTo("dave");
    assertThat(json.get("authorId").longValue()).isEqualTo(7);
  }

  @Test
  void anAuthorNotLoadedIsShownByIdOnly() {
    Post post = Post.of(70, 7, "Title", "Body", NOW, 2, ToOne.notLoaded("loaded with NONE"));

    JsonNode json = Json.post(Views.post(post, true));

    assertThat(json.get("authorLoaded").booleanValue()).isFalse();
    assertThat(json.has("author")).isFalse();
    assertThat(json.get("authorId").longValue()).isEqualTo(7);
  }

  @Test
  void aPostEmbedsItsTagsIdAndNameOnly() {
    Tag java = Tag.of(3, "java", NOW, 0, ToMany.notLoaded("tags only"));
    Tag sql = Tag.of(4, "SQL", NOW, 1, ToMany.notLoaded("tags only"));
    Post post = Post.of(70, 7, "Title", "Body", NOW, 0, ToOne.notLoaded("not asked"), ToMany.loaded(List.of(java, sql)));

    JsonNode json = Json.post(Views.post(post, true));

    assertThat(json.get("tagsLoaded").booleanValue()).isTrue();
    assertThat(json.get("tags")).hasSize(2);
    assertThat(json.get("tags").get(0).propertyNames()).containsExactly("id", "name");
    assertThat(json.get("tags").get(1).get("name").stringValue()).isEqualTo("SQL");
    assertThat(json.get("tags").get(1).get("id").longValue()).isEqualTo(4);
  }

  @Test
  void tagsNotLoadedAreShownAsNotLoadedAndNoTagsAsAnEmptyList() {
    Post notLoaded = Post.of(70, 7, "Title", "Body", NOW, 0, ToOne.notLoaded("not asked"));
    Post untagged = Post.of(71, 7, "Title", "Body", NOW, 0, ToOne.notLoaded("not asked"), ToMany.loaded(List.of()));

    JsonNode notLoadedJson = Json.post(Views.post(notLoaded, true));
    JsonNode untaggedJson = Json.post(Views.post(untagged, true));

    assertThat(notLoadedJson.get("tagsLoaded").booleanValue()).isFalse();
    assertThat(notLoadedJson.has("tags")).isFalse();
    assertThat(untaggedJson.get("tagsLoaded").booleanValue()).isTrue();
    assertThat(untaggedJson.get("tags").isArray()).isTrue();
    assertThat(untaggedJson.get("tags")).isEmpty();
  }

  @Test
  void aCycleThroughTagsIsWrittenAsATreeFromEitherSide() {
    Tag java = Tag.of(3, "java", NOW, 0, ToMany.pending());
    Post post = Post.of(70, 7, "Title", "Body", NOW, 0, ToOne.notLoaded("not asked"), ToMany.pending());
    post.tags().completeLoaded(List.of(java));
    java.posts().completeLoaded(List.of(post));

    JsonNode postJson = Json.post(Views.post(post, true));
    JsonNode tagJson = Json.tag(Views.tag(java));

    assertThat(postJson.get("tags").get(0).propertyNames()).as("a tag in a post never embeds its posts").containsExactly("id", "name");
    assertThat(tagJson.propertyNames()).containsExactly("id", "name", "createdAt", "version", "postsLoaded", "posts");
    assertThat(tagJson.get("posts").get(0).propertyNames())
        .as("a post in a tag never embeds its tags (nor its author)")
        .containsExactly("id", "title", "content", "createdAt", "version", "authorId");
    assertThat(Json.pretty(tagJson)).contains("\"title\" : \"Title\"");
  }

  @Test
  void aTagWithoutItsPostsIsShownAsNotLoaded() {
    Tag tag = Tag.of(3, "java", NOW, 2, ToMany.notLoaded("loaded with NONE"));

    JsonNode json = Json.tag(Views.tag(tag));

    assertThat(json.get("postsLoaded").booleanValue()).isFalse();
    assertThat(json.has("posts")).isFalse();
    assertThat(json.get("name").stringValue()).isEqualTo("java");
    assertThat(json.get("version").longValue()).isEqualTo(2);
  }

  @Test
  void textShowsAPostsTagsOnlyWhenLoaded() {
    Tag java = Tag.of(3, "java", NOW, 0, ToMany.notLoaded("tags only"));
    Tag sql = Tag.of(4, "sql", NOW, 0, ToMany.notLoaded("tags only"));
    Post tagged = Post.of(70, 7, "Tagged", "Body", NOW, 0, ToOne.notLoaded("not asked"), ToMany.loaded(List.of(java, sql)));
    Post untagged = Post.of(71, 7, "Untagged", "Body", NOW, 0, ToOne.notLoaded("not asked"), ToMany.loaded(List.of()));
    Post notLoaded = Post.of(72, 7, "Unknown", "Body", NOW, 0, ToOne.notLoaded("not asked"));

    assertThat(text(out -> Text.post(out, Views.post(tagged, true))))
        .isEqualTo("#70      Tagged  by user #7 (author not loaded)  (2026-11-25 10:15:30 UTC, version 0)  [java, sql]\n");
    assertThat(text(out -> Text.post(out, Views.post(untagged, true)))).endsWith("version 0)  []\n");
    assertThat(text(out -> Text.post(out, Views.post(notLoaded, true)))).endsWith("version 0)\n");
  }

  private static String text(Consumer<PrintStream> print) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      print.accept(out);
    }
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
