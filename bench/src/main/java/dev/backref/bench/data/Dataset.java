package dev.backref.bench.data;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic dataset: every user and post is a pure function of its id and a fixed seed, so
 * the seeder, the expected checksums and the tests agree without reading the database.
 *
 * <p>Users {@code 1..heavyUsers} have {@code postsPerHeavyUser} posts, the others {@code
 * postsPerUser}. Usernames are eight letters (first one upper case) scrambled from the id, so that
 * username order differs from id order and is the same under every collation. Post timestamps tie
 * often, so the documented order (created_at, then id) is exercised.
 *
 * @param name the name used in parameters and reports, for example {@code "10k"}
 */
public record Dataset(String name, int users, int postsPerUser, int heavyUsers, int postsPerHeavyUser) {

  public static final Dataset USERS_1K = new Dataset("1k", 1_000, 10, 0, 0);
  public static final Dataset USERS_10K = new Dataset("10k", 10_000, 10, 0, 0);
  public static final Dataset USERS_100K = new Dataset("100k", 100_000, 10, 0, 0);
  /** A few users with thousands of posts: what hurts the policies that join or nest. */
  public static final Dataset SKEWED = new Dataset("skewed", 1_000, 10, 5, 5_000);
  /** Small enough for a test, with every feature of the big ones. */
  public static final Dataset TINY = new Dataset("tiny", 60, 3, 2, 40);

  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  public static final int TITLE_LENGTH = 60;
  public static final int CONTENT_LENGTH = 500;

  private static final long SEED = 0x5EED_BAC4_2026L;
  private static final long NAME_SPACE = 208_827_064_576L; // 26^8
  private static final String[] WORDS = {
    "backref", "lazy", "select", "join", "batch", "query", "graph", "author", "post", "user",
    "immutable", "relation", "policy", "fetch", "record", "cursor", "index", "order", "limit", "page",
    "latency", "throughput", "memory", "heap", "row", "column", "table", "schema", "commit", "rollback",
    "postgres", "jooq"
  };

  /** A user row. */
  public record UserRow(long id, String username, Instant createdAt, long version) {}

  /** A post row. */
  public record PostRow(long id, long userId, String title, String content, Instant createdAt, long version) {}

  public static List<Dataset> all() {
    return List.of(USERS_1K, USERS_10K, USERS_100K, SKEWED, TINY);
  }

  public static Dataset named(String name) {
    return all().stream()
        .filter(d -> d.name.equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No dataset named " + name));
  }

  public long posts() {
    return (long) heavyUsers * postsPerHeavyUser + (long) (users - heavyUsers) * postsPerUser;
  }

  public int postCount(long userId) {
    return userId <= heavyUsers ? postsPerHeavyUser : postsPerUser;
  }

  public UserRow user(long id) {
    long scrambled = Math.floorMod(id * 1_000_000_007L + 12_345L, NAME_SPACE);
    char[] name = new char[8];
    for (int i = 7; i >= 0; i--) {
      name[i] = (char) ('a' + scrambled % 26);
      scrambled /= 26;
    }
    name[0] = Character.toUpperCase(name[0]);
    return new UserRow(id, new String(name), EPOCH.plusSeconds(id * 60), id % 3);
  }

  /** The user's posts in the documented order: created_at, then id. */
  public List<PostRow> posts(long userId) {
    int count = postCount(userId);
    long firstId = firstPostId(userId);
    Instant userCreated = EPOCH.plusSeconds(userId * 60);
    SplittableRandom random = new SplittableRandom(SEED ^ (userId * 0x9E3779B97F4A7C15L));
    List<PostRow> posts = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      Instant createdAt = userCreated.plusSeconds(3_600L * (1 + random.nextInt(Math.max(2, count / 2))));
      posts.add(
          new PostRow(
              firstId + k, userId, text(random, TITLE_LENGTH, true), text(random, CONTENT_LENGTH, false), createdAt,
              random.nextInt(3)));
    }
    posts.sort(Comparator.comparing(PostRow::createdAt).thenComparingLong(PostRow::id));
    return posts;
  }

  /** Every user, ordered as the repositories order them: by lower(username). */
  public List<UserRow> usersByUsername() {
    List<UserRow> rows = new ArrayList<>(users);
    for (long id = 1; id <= users; id++) {
      rows.add(user(id));
    }
    rows.sort(Comparator.comparing(row -> row.username().toLowerCase(Locale.ROOT)));
    return rows;
  }

  private long firstPostId(long userId) {
    if (userId <= heavyUsers) {
      return (userId - 1) * postsPerHeavyUser + 1;
    }
    return (long) heavyUsers * postsPerHeavyUser + (userId - 1 - heavyUsers) * postsPerUser + 1;
  }

  private static String text(SplittableRandom random, int length, boolean capitalized) {
    StringBuilder text = new StringBuilder(length + 16);
    while (text.length() < length) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(WORDS[random.nextInt(WORDS.length)]);
    }
    text.setLength(length);
    if (capitalized) {
      text.setCharAt(0, Character.toUpperCase(text.charAt(0)));
    }
    return text.toString();
  }
}
