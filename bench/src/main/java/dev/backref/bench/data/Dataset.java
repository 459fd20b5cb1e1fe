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
 * <p>Datasets with {@code tags > 0} also fill {@code tags} and {@code post_tags}: each post carries
 * 0 to {@code maxTagsPerPost} distinct tags (uniformly, so 3 on average for 6), drawn with skewed
 * popularity (the {@code k} most popular of {@code n} tags take about {@code sqrt(k/n)} of the
 * links: the top 5 of 500 about 10%, the top 50 about 32%), as a pure function of the post id. Tag names are six letters scrambled from the id, every
 * fourth one capitalized, so that name order, {@code lower(name)} order and id order all differ.
 * The users and posts of a dataset do not depend on its tags: {@code nested10k} holds exactly the
 * users and posts of {@code 10k}.
 *
 * @param name the name used in parameters and reports, for example {@code "10k"}
 * @param tags how many tags exist; 0 leaves {@code tags} and {@code post_tags} empty
 */
public record Dataset(
    String name, int users, int postsPerUser, int heavyUsers, int postsPerHeavyUser, int tags, int maxTagsPerPost) {

  public static final Dataset USERS_1K = new Dataset("1k", 1_000, 10, 0, 0, 0, 0);
  public static final Dataset USERS_10K = new Dataset("10k", 10_000, 10, 0, 0, 0, 0);
  public static final Dataset USERS_100K = new Dataset("100k", 100_000, 10, 0, 0, 0, 0);
  /** A few users with thousands of posts: what hurts the policies that join or nest. */
  public static final Dataset SKEWED = new Dataset("skewed", 1_000, 10, 5, 5_000, 0, 0);
  /** The users and posts of {@link #USERS_10K}, each post with 3 of 500 tags on average: the nested graph. */
  public static final Dataset NESTED_10K = new Dataset("nested10k", 10_000, 10, 0, 0, 500, 6);
  /** The nested graph at 1,000 users, for the smoke profile and quick cross-checks. */
  public static final Dataset NESTED_1K = new Dataset("nested1k", 1_000, 10, 0, 0, 500, 6);
  /** Small enough for a test, with every feature of the big ones (tags included; they change no other checksum). */
  public static final Dataset TINY = new Dataset("tiny", 60, 3, 2, 40, 20, 6);

  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
  public static final int TITLE_LENGTH = 60;
  public static final int CONTENT_LENGTH = 500;

  private static final long SEED = 0x5EED_BAC4_2026L;
  private static final long TAG_SEED = 0x7A65_BAC4_2026L;
  private static final long NAME_SPACE = 208_827_064_576L; // 26^8
  private static final long TAG_NAME_SPACE = 308_915_776L; // 26^6
  private static final Comparator<TagRow> TAG_ORDER =
      Comparator.comparing((TagRow tag) -> tag.name().toLowerCase(Locale.ROOT)).thenComparingLong(TagRow::id);
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

  /** A tag row. */
  public record TagRow(long id, String name, Instant createdAt, long version) {}

  public static List<Dataset> all() {
    return List.of(USERS_1K, USERS_10K, USERS_100K, SKEWED, NESTED_10K, NESTED_1K, TINY);
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

  public TagRow tag(long id) {
    long scrambled = Math.floorMod(id * 1_000_000_007L + 54_321L, TAG_NAME_SPACE);
    char[] name = new char[6];
    for (int i = 5; i >= 0; i--) {
      name[i] = (char) ('a' + scrambled % 26);
      scrambled /= 26;
    }
    if (id % 4 == 0) {
      name[0] = Character.toUpperCase(name[0]);
    }
    return new TagRow(id, new String(name), EPOCH.minusSeconds(id * 3_600), id % 2);
  }

  /**
   * The ids of the tags a post carries, in the order they were drawn (distinct; low ids are the
   * popular ones). Empty when the dataset has no tags.
   */
  public long[] tagIds(long postId) {
    if (tags == 0) {
      return new long[0];
    }
    SplittableRandom random = new SplittableRandom(TAG_SEED ^ (postId * 0x9E3779B97F4A7C15L));
    long[] ids = new long[Math.min(tags, random.nextInt(maxTagsPerPost + 1))];
    int drawn = 0;
    while (drawn < ids.length) {
      double u = random.nextDouble();
      long id = 1 + (long) (tags * u * u);
      boolean fresh = true;
      for (int i = 0; i < drawn; i++) {
        fresh &= ids[i] != id;
      }
      if (fresh) {
        ids[drawn++] = id;
      }
    }
    return ids;
  }

  /** The tags of a post in the documented order: lower(name), then id. */
  public List<TagRow> tagsOf(long postId) {
    long[] ids = tagIds(postId);
    List<TagRow> rows = new ArrayList<>(ids.length);
    for (long id : ids) {
      rows.add(tag(id));
    }
    rows.sort(TAG_ORDER);
    return rows;
  }

  /** How many rows {@code post_tags} holds. */
  public long postTags() {
    long links = 0;
    for (long postId = 1; postId <= posts(); postId++) {
      links += tagIds(postId).length;
    }
    return links;
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
    if (text.charAt(length - 1) == ' ') {
      // Titles may not end with whitespace (V4): keep the length, end on a full stop instead.
      text.setCharAt(length - 1, '.');
    }
    if (capitalized) {
      text.setCharAt(0, Character.toUpperCase(text.charAt(0)));
    }
    return text.toString();
  }
}
