package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.persistence.FetchPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two forms of --fetch: one policy (the first shapes) or a plan (a tree), told apart by '='. */
class FetchingTest {

  @Test
  void onePolicyStandsForTheOneRelationPlanAndIsDescribedAsBefore() {
    Fetching<?> users = Fetching.users("SELECT_IN");
    Fetching<?> tags = Fetching.tags("none");
    Fetching<?> posts = Fetching.posts(FetchPolicy.LAZY, FetchPolicy.JOINED);

    assertThat(users.tree()).isFalse();
    assertThat(users.plan()).hasToString("posts=selectin");
    assertThat(users.describe(Json.object())).isEqualTo(Json.object().put("fetch", "selectin"));
    assertThat(tags.plan()).hasToString("posts=none");
    assertThat(posts.tree()).isFalse();
    assertThat(posts.describe(Json.object())).isEqualTo(Json.object().put("fetchAuthor", "lazy").put("fetchTags", "joined"));
    assertThat(Fetching.posts("batch").policy()).as("one policy on posts is the author's").isEqualTo(FetchPolicy.BATCH);
  }

  @Test
  void aPlanIsShownAsATreeAndDescribedByItsCanonicalText() {
    Fetching<?> plan = Fetching.users(" posts = SELECT_IN , posts.tags=Joined ");

    assertThat(plan.tree()).isTrue();
    assertThat(plan.describe(Json.object())).isEqualTo(Json.object().put("fetch", "posts=selectin,posts.tags=joined"));
    assertThat(Fetching.posts("author=joined,tags=selectin,tags.posts=lazy").plan()).hasToString("author=joined,tags=selectin,tags.posts=lazy");
    assertThat(Fetching.tags("posts=selectin,posts.author=joined").tree()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "eager                          | 'eager' is not a fetch policy here; use one of none, joined,",
        "posts=eager                    | 'eager' is not a fetch policy; use one of none, joined,",
        "posts.tags=joined              | 'posts.tags' needs 'posts' earlier in the plan",
        "posts=selectin,posts.comments=joined | 'posts.comments': Post has no relation 'comments'; its relations are author, tags",
        "author=joined                  | 'author': User has no relation 'author'; its relations are posts",
        "posts=selectin,posts=joined    | 'posts' appears twice in the plan",
        "posts=selectin,tags            | 'tags' is not path=policy, e.g. posts=selectin",
      })
  void badValuesSayWhatIsWrong(String value, String message) {
    assertThatThrownBy(() -> Fetching.users(value)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  @Test
  void aPostsAuthorTakesNoDynamicEitherWay() {
    assertThatThrownBy(() -> Fetching.posts("dynamic")).hasMessageContaining("not to a post's author");
    assertThatThrownBy(() -> Fetching.posts("author=dynamic")).hasMessageContaining("DYNAMIC");
  }
}
