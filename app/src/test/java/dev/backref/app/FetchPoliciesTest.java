package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backref.persistence.FetchPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FetchPoliciesTest {

  @ParameterizedTest
  @EnumSource(FetchPolicy.class)
  void everyPolicyRoundTripsThroughItsName(FetchPolicy policy) {
    assertThat(FetchPolicies.parse(FetchPolicies.name(policy), FetchPolicies.FOR_POSTS)).isEqualTo(policy);
  }

  @Test
  void namesAreSqlAlchemysSpellingAndParsingIsLenient() {
    assertThat(FetchPolicies.FOR_POSTS.stream().map(FetchPolicies::name))
        .containsExactly("none", "joined", "multiset", "subquery", "selectin", "lazy", "batch", "dynamic");
    assertThat(FetchPolicies.parse("SELECT_IN", FetchPolicies.FOR_POSTS)).isEqualTo(FetchPolicy.SELECT_IN);
    assertThat(FetchPolicies.parse("select-in", FetchPolicies.FOR_POSTS)).isEqualTo(FetchPolicy.SELECT_IN);
    assertThat(FetchPolicies.parse(" Joined ", FetchPolicies.FOR_POSTS)).isEqualTo(FetchPolicy.JOINED);
  }

  @Test
  void dynamicIsNotAnAuthorPolicyAndSaysWhy() {
    assertThat(FetchPolicies.FOR_AUTHOR).doesNotContain(FetchPolicy.DYNAMIC).hasSize(7);
    assertThatThrownBy(() -> FetchPolicies.parse("dynamic", FetchPolicies.FOR_AUTHOR))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'dynamic' is not a fetch policy here; dynamic applies to a user's posts, not to a post's author;"
            + " use one of none, joined, multiset, subquery, selectin, lazy, batch");
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    assertThatThrownBy(() -> FetchPolicies.parse("eager", FetchPolicies.FOR_POSTS))
        .hasMessage("'eager' is not a fetch policy here; use one of none, joined, multiset, subquery, selectin, lazy, batch, dynamic");
  }
}
