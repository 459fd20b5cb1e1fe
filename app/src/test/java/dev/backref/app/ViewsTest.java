package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The JSON shape: not loaded is not empty, lazy relations load when shown, no recursion. */
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
}
