package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.domain.Post;
import dev.backref.domain.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules a plan is checked against when it is built, before any SQL. */
class LoadPlanTest {

  /**
   * A second to-many relation of users, only for this test: no pair of to-many relations of one
   * type exists in the schema yet, but the rule must hold for the next one without new code.
   */
  static final Association.OneToMany<User, Post> USER_DRAFTS =
      new Association.OneToMany<>(
          "drafts", UserMapping.USER, PostMapping.POST, POSTS.USER_ID, PostMapping.USER_ID, "author", User::posts,
          posts -> List.of(posts.field(POSTS.ID).asc()));

  @Test
  void twoJoinedCollectionsOfOneObjectAreRefusedWithTheWayOut() {
    assertThatThrownBy(
            () ->
                LoadPlan.of(
                    UserMapping.USER,
                    List.of(
                        LoadPlan.Step.of(Associations.USER_POSTS, FetchPolicy.JOINED),
                        LoadPlan.Step.of(USER_DRAFTS, FetchPolicy.JOINED))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Two to-many relations of User are JOINED, including User.drafts: one statement would multiply their rows;"
                + " load one of them with SELECT_IN or SUBQUERY");
  }

  @Test
  void oneJoinedCollectionBesideAnotherLoadedApartIsFine() {
    LoadPlan plan =
        LoadPlan.of(
            UserMapping.USER,
            List.of(
                LoadPlan.Step.of(Associations.USER_POSTS, FetchPolicy.JOINED),
                LoadPlan.Step.of(USER_DRAFTS, FetchPolicy.SELECT_IN)));

    assertThat(plan.root().edges()).hasSize(2);
    assertThat(plan.root().sendsStatements()).isTrue();
  }

  @Test
  void aJoinedCollectionBelowAJoinedCollectionIsAChainNotAProduct() {
    LoadPlan plan =
        LoadPlan.of(
            UserMapping.USER,
            List.of(
                new LoadPlan.Step(
                    Associations.USER_POSTS,
                    FetchPolicy.JOINED,
                    List.of(LoadPlan.Step.of(Associations.POST_TAGS, FetchPolicy.JOINED), LoadPlan.Step.of(Associations.POST_AUTHOR, FetchPolicy.JOINED)),
                    null)));

    assertThat(plan.root().sendsStatements()).isFalse();
  }

  @Test
  void aRelationMustStartWhereItIsPlaced() {
    assertThatThrownBy(() -> LoadPlan.of(UserMapping.USER, List.of(LoadPlan.Step.of(Associations.POST_TAGS, FetchPolicy.JOINED))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Post.tags does not start at User");
  }

  @Test
  void objectsThatCanRepeatGoThroughTheIdentityMap() {
    LoadPlan plan =
        LoadPlan.of(
            PostMapping.POST,
            List.of(
                new LoadPlan.Step(
                    Associations.POST_AUTHOR,
                    FetchPolicy.JOINED,
                    List.of(LoadPlan.Step.of(Associations.USER_POSTS, FetchPolicy.SELECT_IN)),
                    null)));
    LoadPlan.Node author = plan.root().edges().getFirst().child();

    assertThat(plan.root().identity()).as("posts appear twice in the plan").isTrue();
    assertThat(author.identity()).as("an author is shared by posts").isTrue();
    assertThat(author.backReference()).isNull();
    assertThat(author.edges().getFirst().child().backReference()).isEqualTo(Associations.POST_AUTHOR);
  }
}
