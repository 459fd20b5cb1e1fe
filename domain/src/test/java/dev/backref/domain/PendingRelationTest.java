package dev.backref.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingRelationTest {

  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void pendingRelationsBuildACycleThroughTheJoinTableFromImmutableObjects() {
    User alice = User.of(1, "alice", NOW, 0, ToMany.notLoaded("author only"));
    ToMany<Tag> tags = ToMany.pending();
    Post post = Post.of(10, 1, "Hello", "body", NOW, 0, ToOne.loaded(alice), tags);
    ToMany<Post> tagged = ToMany.pending();
    Tag java = Tag.of(3, "java", NOW, 0, tagged);

    assertThat(tags.isPending()).isTrue();
    assertThat(tags.state()).isEqualTo(RelationState.NOT_LOADED);
    assertThat(post.toString()).contains("tags=pending");
    assertThatThrownBy(tags::get).isInstanceOf(IllegalStateException.class).hasMessageContaining("Post#10.tags is read while");

    tags.completeLoaded(List.of(java));
    tagged.completeLoaded(List.of(post));

    assertThat(post.tags().get()).containsExactly(java);
    assertThat(java.posts().get().getFirst()).isSameAs(post);
    assertThat(post.tags().isPending()).isFalse();
    assertThat(java.toString()).isEqualTo("Tag#3{name=java, version=0, posts=1 loaded}");
    assertThat(java).isEqualTo(Tag.of(3, "java", NOW, 0, ToMany.notLoaded("x"))).hasSameHashCodeAs(Tag.of(3, "java", NOW, 0, ToMany.notLoaded("x")));
  }

  @Test
  void aRelationIsCompletedOnceAndOnlyWhenPending() {
    ToMany<Post> posts = ToMany.pending();
    User user = User.of(1, "alice", NOW, 0, posts);
    posts.completeNotLoaded("not asked for");

    assertThatThrownBy(() -> posts.completeLoaded(List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("User#1.posts is already not loaded; only a pending relation can be completed");
    assertThatThrownBy(() -> ToMany.loaded(List.of()).completeNotLoaded("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> user.posts().get()).isInstanceOf(RelationNotLoadedException.class).hasMessageContaining("not asked for");
  }

  @Test
  void completingChecksTheOwnerLikeTheConstructorDoes() {
    ToMany<Post> posts = ToMany.pending();
    User.of(1, "alice", NOW, 0, posts);
    User bob = User.of(2, "bob", NOW, 0, ToMany.notLoaded("x"));
    Post bobs = Post.of(20, 2, "Bob's", "body", NOW, 0, ToOne.loaded(bob));

    assertThatThrownBy(() -> posts.completeLoaded(List.of(bobs)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Post#20 belongs to User#2, not to User#1");
    assertThat(posts.isPending()).isTrue();

    ToOne<User> author = ToOne.pending();
    Post.of(30, 1, "Alice's", "body", NOW, 0, author);
    assertThatThrownBy(() -> author.completeLoaded(bob))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Post#30 has authorId 1 but its author is User#2");
  }

  @Test
  void aRelationBelongsToOneOwner() {
    ToMany<Post> shared = ToMany.notLoaded("x");
    Tag.of(1, "one", NOW, 0, shared);

    assertThatThrownBy(() -> Tag.of(2, "two", NOW, 0, shared))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already belongs to Tag#1.posts");
  }

  @Test
  void aPendingRelationCompletedAsLazyLoadsOnFirstAccess() {
    ToMany<Post> posts = ToMany.pending();
    User alice = User.of(1, "alice", NOW, 0, posts);
    posts.completeLazy(() -> List.of(Post.of(10, 1, "t", "c", NOW, 0, ToOne.loaded(alice))));

    assertThat(posts.state()).isEqualTo(RelationState.LAZY);
    assertThat(alice.posts().get()).hasSize(1);
    assertThat(posts.state()).isEqualTo(RelationState.LOADED);
  }
}
