package dev.backref.app;

import dev.backref.domain.Tag;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import net.datafaker.Faker;

/**
 * Generated tags with skewed popularity, as on a real blog: names like {@code kotlin}, {@code
 * bandwidth} or {@code sql} (datafaker), and for each post 0 to {@value #MAX_PER_POST} distinct
 * tags drawn Zipf-like: the tag of rank {@code r} (1 = most popular) is drawn with weight {@code
 * 1/r}, so with 300 tags the first is drawn about 50 times as often as the 50th and 300 times as
 * often as the last.
 *
 * <p>The same seed gives the same names and the same draws. The random source is separate from
 * {@link FakeBlog}'s, so that adding tags does not change the users and posts of a seed. Names are
 * unique regardless of case, lower case, with {@code -} for spaces. Not thread-safe.
 */
final class FakeTags {

  /** The most tags one post gets. */
  static final int MAX_PER_POST = 5;

  /** Mixed into the seed, so that tags and posts do not draw the same random numbers. */
  private static final long SALT = 0x7A6B_5C4D_3E2F_1A0BL;

  private final Random random;
  private final List<String> names;
  private final double[] cumulativeWeights;

  /**
   * @param count how many tag names, most popular first; 0 for none
   */
  FakeTags(long seed, int count) {
    this.random = new Random(seed ^ SALT);
    this.names = generateNames(new Faker(Locale.ENGLISH, random), count);
    this.cumulativeWeights = new double[count];
    double total = 0;
    for (int rank = 1; rank <= count; rank++) {
      total += 1.0 / rank;
      cumulativeWeights[rank - 1] = total;
    }
  }

  /** The tag names, most popular first. */
  List<String> names() {
    return names;
  }

  /**
   * The tags of the next post: 0 to {@value #MAX_PER_POST} (never more than there are tags)
   * distinct indexes into {@link #names()}, drawn by popularity.
   */
  int[] nextPost() {
    int count = Math.min(random.nextInt(MAX_PER_POST + 1), names.size());
    int[] picked = new int[count];
    for (int i = 0; i < count; i++) {
      int candidate;
      do {
        candidate = draw();
      } while (contains(picked, i, candidate));
      picked[i] = candidate;
    }
    return picked;
  }

  private int draw() {
    double point = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
    int index = Arrays.binarySearch(cumulativeWeights, point);
    return index >= 0 ? index : Math.min(-index - 1, cumulativeWeights.length - 1);
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  /**
   * Distinct names from several datafaker providers in turn; once they run dry, two words joined
   * ({@code quantum-bandwidth}), then numbered ones, so that any count can be met.
   */
  private static List<String> generateNames(Faker faker, int count) {
    List<Supplier<String>> sources = List.of(
        () -> faker.programmingLanguage().name(),
        () -> faker.hacker().abbreviation(),
        () -> faker.hacker().noun(),
        () -> faker.company().buzzword(),
        () -> faker.hacker().adjective() + " " + faker.hacker().noun());
    Set<String> names = new LinkedHashSet<>();
    for (int attempt = 0; names.size() < count && attempt < count * 20; attempt++) {
      String name = normalize(sources.get(attempt % sources.size()).get());
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    for (int number = 1; names.size() < count; number++) {
      names.add("topic-" + number);
    }
    return List.copyOf(names);
  }

  private static String normalize(String text) {
    String name = text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
    return name.length() <= Tag.MAX_NAME_LENGTH ? name : name.substring(0, Tag.MAX_NAME_LENGTH);
  }
}
