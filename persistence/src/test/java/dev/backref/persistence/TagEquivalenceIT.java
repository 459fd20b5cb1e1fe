package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: on random datasets of posts and tags (posts without tags, tags without posts, popular
 * tags, tied timestamps, small batch sizes so that batching boundaries are crossed), every policy
 * loads both directions of post ⇄ tag as plain SQL reads them, with the author alongside.
 */
@MigratedPostgres
class TagEquivalenceIT {

  static HikariDataSource pool;

  @BeforeAll
  static void open(TestDatabase database) {
    pool = Pools.pooled(database);
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  static List<Long> seeds() {
    return new Random(20261203L).longs(20).boxed().toList();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void everyPolicyLoadsBothDirectionsAsPlainSql(long seed) {
    Random random = new Random(seed);
    String prefix = "q" + Long.toHexString(seed);
    DSLContext dsl = Dataset.dsl(pool);
    List<Long> tags = new ArrayList<>();
    int tagCount = random.nextInt(15);
    for (int i = 0; i < tagCount; i++) {
      tags.add(TagData.tag(dsl, prefix + "-" + (char) ('a' + random.nextInt(26)) + i));
    }
    int users = 1 + random.nextInt(6);
    for (int u = 0; u < users; u++) {
      long user = Dataset.user(dsl, prefix + "-user-" + u, Dataset.EPOCH);
      Dataset.posts(dsl, user, random.nextInt(12), random, prefix + "-t");
      for (long post : TagData.postIdsOf(dsl, user)) {
        for (long tag : tags) {
          // Skewed: the first tags are on most posts, the last on few.
          if (random.nextInt(tags.size() + 1) > tags.indexOf(tag)) {
            TagData.link(dsl, post, tag);
          }
        }
      }
    }
    List<TagData.PostWithTags> expectedPosts = TagData.postsWithTags(dsl, POSTS.TITLE.startsWith(prefix + "-t"));
    List<TagData.TagWithPosts> expectedTags = TagData.tagsWithPosts(dsl, TAGS.NAME.startsWith(prefix + "-"));
    Backref backref = Backref.builder(pool).batchSize(1 + random.nextInt(5)).build();

    for (FetchPolicy policy : FetchPolicy.values()) {
      if (policy == FetchPolicy.NONE) {
        continue;
      }
      FetchPolicy author = policy == FetchPolicy.DYNAMIC ? FetchPolicy.SELECT_IN : policy;
      List<Post> posts =
          backref.posts().findAll(PostFilter.all().titleContains(prefix + "-t").limit(10_000), author, policy);
      assertThat(TagData.actualPosts(posts, policy)).as("posts with tags under %s, seed %d", policy, seed).isEqualTo(expectedPosts);
      assertThat(posts).allSatisfy(post -> assertThat(post.author().id()).isEqualTo(post.authorId()));

      List<Tag> loaded = backref.tags().findAll(TagFilter.all().nameContains(prefix + "-"), policy);
      assertThat(TagData.actualTags(loaded, policy)).as("tags with posts under %s, seed %d", policy, seed).isEqualTo(expectedTags);
    }
  }
}
