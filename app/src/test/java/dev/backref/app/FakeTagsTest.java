package dev.backref.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backref.domain.Tag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Generated tags: valid distinct names, the same for the same seed, and skewed popularity. */
class FakeTagsTest {

  @Test
  void namesAreDistinctRegardlessOfCaseAndValid() {
    List<String> names = new FakeTags(7, 300).names();

    assertThat(names).hasSize(300);
    assertThat(new HashSet<>(names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList())).hasSize(300);
    assertThat(names).allSatisfy(name -> {
      assertThat(name).isNotBlank().doesNotContainAnyWhitespaces().isLowerCase();
      assertThat(name.length()).isLessThanOrEqualTo(Tag.MAX_NAME_LENGTH);
    });
  }

  @Test
  void theSameSeedGivesTheSameNamesAndDraws() {
    FakeTags one = new FakeTags(7, 300);
    FakeTags two = new FakeTags(7, 300);
    FakeTags other = new FakeTags(8, 300);

    assertThat(one.names()).isEqualTo(two.names());
    assertThat(draws(one, 1_000)).isEqualTo(draws(two, 1_000)).isNotEqualTo(draws(other, 1_000));
  }

  @Test
  void eachPostGetsZeroToFiveDistinctTagsAFewTagsMostOften() {
    FakeTags tags = new FakeTags(42, 300);
    int[] picks = new int[300];
    int total = 0;
    int posts = 20_000;
    for (int post = 0; post < posts; post++) {
      int[] drawn = tags.nextPost();
      assertThat(drawn.length).isBetween(0, FakeTags.MAX_PER_POST);
      assertThat(Arrays.stream(drawn).distinct().count()).isEqualTo(drawn.length);
      for (int tag : drawn) {
        picks[tag]++;
      }
      total += drawn.length;
    }

    assertThat(total / (double) posts).as("2.5 tags per post on average").isBetween(2.4, 2.6);
    assertThat(picks[0]).as("the most popular tag is on about a third of the posts").isBetween(posts / 4, posts / 2);
    int median = IntStream.of(picks).sorted().toArray()[150];
    assertThat(picks[0]).as("Zipf-like: the first tag far ahead of the median one").isGreaterThan(50 * median);
    assertThat(IntStream.of(picks).filter(count -> count > 0).count()).as("every tag is used").isGreaterThan(290);
  }

  @Test
  void withoutTagsNoPostGetsAny() {
    FakeTags none = new FakeTags(1, 0);

    assertThat(none.names()).isEmpty();
    assertThat(IntStream.range(0, 100).map(i -> none.nextPost().length).sum()).isZero();
  }

  private static List<List<Integer>> draws(FakeTags tags, int posts) {
    List<List<Integer>> draws = new ArrayList<>();
    for (int i = 0; i < posts; i++) {
      draws.add(Arrays.stream(tags.nextPost()).boxed().toList());
    }
    return draws;
  }
}
