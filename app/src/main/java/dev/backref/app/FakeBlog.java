package dev.backref.app;

import dev.backref.domain.Post;
import dev.backref.domain.User;
import dev.backref.persistence.NewPost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;

/**
 * Realistic generated blog content (datafaker): usernames like {@code darrel.bogisich}, titles from
 * books and tech jargon, lorem ipsum paragraphs. The same seed gives the same content. Usernames
 * are unique within one instance, regardless of case. Not thread-safe.
 */
final class FakeBlog {

  private final Random random;
  private final Faker faker;
  private final Set<String> usernames = new HashSet<>();

  FakeBlog(long seed) {
    this.random = new Random(seed);
    this.faker = new Faker(Locale.ENGLISH, random);
  }

  /** A username not handed out before by this instance (a number is appended on collision). */
  String username() {
    String base = fit(faker.credentials().username(), User.MAX_USERNAME_LENGTH - 6);
    String username = base;
    for (int suffix = 2; !usernames.add(username.toLowerCase(Locale.ROOT)); suffix++) {
      username = base + suffix;
    }
    return username;
  }

  List<NewPost> posts(int count) {
    List<NewPost> posts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      posts.add(new NewPost(title(), content()));
    }
    return posts;
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private String title() {
    String title =
        switch (random.nextInt(4)) {
          case 0 -> faker.book().title();
          case 1 -> capitalize(faker.hacker().ingverb() + " the " + faker.hacker().adjective() + " " + faker.hacker().noun());
          case 2 -> "How to " + faker.company().bs();
          default -> stripPeriod(faker.lorem().sentence(4));
        };
    return fit(title, Post.MAX_TITLE_LENGTH);
  }

  private String content() {
    return String.join("\n\n", faker.lorem().paragraphs(1 + random.nextInt(3)));
  }

  private static String capitalize(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static String stripPeriod(String sentence) {
    return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
  }

  private static String fit(String text, int maxCodePoints) {
    return text.codePointCount(0, text.length()) <= maxCodePoints ? text : text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
  }
}
