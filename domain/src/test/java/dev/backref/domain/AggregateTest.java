package dev.backref.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregateTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static User aliceWithTwoPosts() {
    return User.of(
        1,
        "alice",
        NOW,
        3,
        self ->
            ToMany.loaded(
                List.of(
                    Post.of(10, 1, "First", "a", NOW, 0, ToOne.loaded(self)),
                    Post.of(11, 1, "Second", "b", NOW, 0, ToOne.loaded(self)))));
  }

  @Test
  void postsPointBackAtTheSameUserInstance() {
    User alice = aliceWithTwoPosts();

    for (Post post : alice.posts()) {
      assertThat(post.author()).isSameAs(alice);
      assertThat(alice.posts().contains(post)).isTrue();
    }
    assertThat(alice.posts().get()).extracting(Post::title).containsExactly("First", "Second");
  }

  @Test
  void equalsHashCodeAndToStringNeverFollowTheCycle() {
    User alice = aliceWithTwoPosts();
    User sameRow = aliceWithTwoPosts();
    Post post = alice.posts().get().getFirst();

    assertThat(alice).isEqualTo(sameRow).hasSameHashCodeAs(sameRow);
    assertThat(post).isEqualTo(sameRow.posts().get().getFirst());
    assertThat(alice.toString()).isEqualTo("User#1{username=alice, version=3, posts=2 loaded}");
    assertThat(post.toString()).isEqualTo("Post#10{title=First, author=User#1, tags=not loaded, version=0}");
    assertThat(alice.posts().toString()).isEqualTo("User#1.posts<2 loaded>");
  }

  @Test
  void equalityIsByStateSoANewVersionIsADifferentSnapshot() {
    User v1 = User.of(1, "alice", NOW, 1, self -> ToMany.notLoaded("n/a"));
    User v2 = User.of(1, "alice", NOW, 2, self -> ToMany.notLoaded("n/a"));
    User renamed = User.of(1, "alicia", NOW, 1, self -> ToMany.notLoaded("n/a"));

    assertThat(v1).isNotEqualTo(v2).isNotEqualTo(renamed);
  }

  @Test
  void readingANotLoadedRelationNamesItAndHowToLoadIt() {
    User bob = User.of(2, "bob", NOW, 0, self -> ToMany.notLoaded("fetch policy NONE; use JOINED"));

    assertThat(bob.posts().isLoaded()).isFalse();
    assertThat(bob.posts().state()).isEqualTo(RelationState.NOT_LOADED);
    assertThatThrownBy(() -> bob.posts().get())
        .isInstanceOf(RelationNotLoadedException.class)
        .hasMessage("User#2.posts was not loaded: fetch policy NONE; use JOINED")
        .extracting(e -> ((RelationNotLoadedException) e).relation())
        .isEqualTo("User#2.posts");
    assertThat(bob.toString()).isEqualTo("User#2{username=bob, version=0, posts=not loaded}");
  }

  @Test
  void aNotLoadedAuthorFailsClearlyAndTheIdIsStillKnown() {
    Post post = Post.of(7, 42, "t", "c", NOW, 0, ToOne.notLoaded("use a fetch policy that loads authors"));

    assertThat(post.authorId()).isEqualTo(42);
    assertThat(post.authorRelation().isLoaded()).isFalse();
    assertThatThrownBy(post::author)
        .isInstanceOf(RelationNotLoadedException.class)
        .hasMessageContaining("Post#7.author was not loaded");
  }

  @Test
  void aPostOfAnotherUserIsRefused() {
    assertThatThrownBy(
            () ->
                User.of(
                    1,
                    "alice",
                    NOW,
                    0,
                    self -> ToMany.loaded(List.of(Post.of(10, 2, "t", "c", NOW, 0, ToOne.notLoaded("x"))))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Post#10 belongs to User#2, not to User#1");
  }

  @Test
  void aLoadedAuthorMustMatchTheAuthorId() {
    User alice = User.of(1, "alice", NOW, 0, self -> ToMany.notLoaded("x"));

    assertThatThrownBy(() -> Post.of(10, 2, "t", "c", NOW, 0, ToOne.loaded(alice)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Post#10 has authorId 2 but its author is User#1");
  }

  @Test
  void loadedListsAreImmutable() {
    User alice = aliceWithTwoPosts();

    assertThatThrownBy(() -> alice.posts().get().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aDynamicRelationHandsOutItsQueryAndRefusesToBeListed() {
    Object query = new Object();
    User carol = User.of(3, "carol", NOW, 0, self -> ToMany.dynamic(query));

    assertThat(carol.posts().state()).isEqualTo(RelationState.DYNAMIC);
    assertThat(carol.posts().query(Object.class)).isSameAs(query);
    assertThatThrownBy(() -> carol.posts().query(String.class)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> carol.posts().size())
        .isInstanceOf(RelationNotLoadedException.class)
        .hasMessageContaining("it is dynamic; query it with posts().query(...)");
  }

  @Test
  void onlyADynamicRelationHasAQuery() {
    assertThatThrownBy(() -> aliceWithTwoPosts().posts().query(Object.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is LOADED, not DYNAMIC");
  }
}
