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
    assertThat(FetchPolicies.parse(FetchPolicies.name(policy), FetchPolicies.TO_MANY)).isEqualTo(policy);
  }

  @Test
  void namesAreSqlAlchemysSpellingAndParsingIsLenient() {
    assertThat(FetchPolicies.TO_MANY.stream().map(FetchPolicies::name))
        .containsExactly("none", "joined", "multiset", "subquery", "selectin", "lazy", "batch", "dynamic");
    assertThat(FetchPolicies.parse("SELECT_IN", FetchPolicies.TO_MANY)).isEqualTo(FetchPolicy.SELECT_IN);
    assertThat(FetchPolicies.parse("select-in", FetchPolicies.TO_MANY)).isEqualTo(FetchPolicy.SELECT_IN);
    assertThat(FetchPolicies.parse(" Joined ", FetchPolicies.TO_MANY)).isEqualTo(FetchPolicy.JOINED);
  }

  @Test
  void dynamicIsNotAnAuthorPolicyAndSaysWhy() {
    assertThat(FetchPolicies.TO_ONE).doesNotContain(FetchPolicy.DYNAMIC).hasSize(7);
    assertThatThrownBy(() -> FetchPolicies.parse("dynamic", FetchPolicies.TO_ONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'dynamic' is not a fetch policy here; dynamic applies to to-many relations (posts, tags), not to a post's author;"
            + " use one of none, joined, multiset, subquery, selectin, lazy, batch");
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    assertThatThrownBy(() -> FetchPolicies.parse("eager", FetchPolicies.TO_MANY))
        .hasMessage("'eager' is not a fetch policy here; use one of none, joined, multiset, subquery, selectin, lazy, batch, dynamic");
  }
}
