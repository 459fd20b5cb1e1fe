package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.RelationNotLoadedException;
import dev.backref.domain.RelationState;
import dev.backref.domain.Tag;
import dev.backref.persistence.TagData.PostWithTags;
import dev.backref.persistence.TagData.TagWithPosts;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The many-to-many relation under every fetch policy, in both directions: posts with their tags
 * and tags with their posts load the graph plain SQL reads, in the documented number of
 * statements, with one instance per row.
 */
@MigratedPostgres
class TagsContractIT {

  static final int FILLER_USERS = 70;
  static final int POSTS_PER_FILLER = 30;
  static final int FILLER_POSTS = FILLER_USERS * POSTS_PER_FILLER;
  static final int HEAVY_POSTS = 10_000;
  static final String UNICODE = "Ünïcødé ✓ 名前";

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;
  static List<PostWithTags> fillerPosts;
  static List<TagWithPosts> allTags;

  @BeforeAll
  static void seed(TestDatabase database) {
    pool = Pools.pooled(database);
    DSLContext dsl = Dataset.dsl(pool);
    Random random = new Random(42);
    List<Long> tags = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      tags.add(TagData.tag(dsl, (i % 2 == 0 ? "Tag-" : "tag-") + String.format("%02d", 59 - i)));
    }
    tags.add(TagData.tag(dsl, UNICODE));
    TagData.tag(dsl, "lonely-1");
    TagData.tag(dsl, "lonely-2");
    for (int u = 0; u < FILLER_USERS; u++) {
      long user = Dataset.user(dsl, "filler-" + u, Dataset.EPOCH);
      Dataset.posts(dsl, user, POSTS_PER_FILLER, random, "Filler");
      for (long post : TagData.postIdsOf(dsl, user)) {
        int count = random.nextInt(5);
        List<Long> chosen = new ArrayList<>(tags);
        java.util.Collections.shuffle(chosen, random);
        for (long tag : chosen.subList(0, count)) {
          TagData.link(dsl, post, tag);
        }
      }
    }
    long heavy = Dataset.user(dsl, "heavy", Dataset.EPOCH);
    Dataset.posts(dsl, heavy, HEAVY_POSTS, random, "Heavy");
    TagData.linkAllPostsOf(dsl, heavy, TagData.tag(dsl, "java"));

    fillerPosts = TagData.postsWithTags(dsl, POSTS.TITLE.startsWith("Filler"));
    allTags = TagData.tagsWithPosts(dsl, DSL.noCondition());
    assertThat(fillerPosts).hasSize(FILLER_POSTS);
    assertThat(fillerPosts).anySatisfy(post -> assertThat(post.tags()).isEmpty());
    assertThat(fillerPosts).anySatisfy(post -> assertThat(post.tags()).hasSize(4));
    assertThat(allTags).hasSize(64);

    recorder = StatementRecorder.wrap(pool);
    backref = Backref.create(recorder.dataSource());
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  static int batches(int rows) {
    return (rows + Backref.DEFAULT_BATCH_SIZE - 1) / Backref.DEFAULT_BATCH_SIZE;
  }

  abstract class Contract {

    abstract FetchPolicy policy();

    int statementsForLoad(int roots) {
      return switch (policy()) {
        case NONE, JOINED, MULTISET, LAZY, BATCH, DYNAMIC -> 1;
        case SUBQUERY -> roots == 0 ? 1 : 2;
        case SELECT_IN -> 1 + batches(roots);
      };
    }

    int statementsOnAccess(int roots) {
      return switch (policy()) {
        case NONE, JOINED, MULTISET, SUBQUERY, SELECT_IN -> 0;
        case LAZY, DYNAMIC -> roots;
        case BATCH -> batches(roots);
      };
    }

    @BeforeEach
    void resetRecorder() {
      recorder.reset();
    }

    List<Post> fillers(int limit) {
      return backref.posts().findAll(PostFilter.all().titleContains("filler").limit(limit), FetchPolicy.NONE, policy());
    }

    @Test
    void postsWithTheirTagsLoadInTheDocumentedNumberOfStatements() {
      List<Post> posts = fillers(5_000);

      assertThat(recorder.count()).as(recorder.statements().toString()).isEqualTo(statementsForLoad(FILLER_POSTS));
      assertThat(posts).hasSize(FILLER_POSTS);
      if (policy() == FetchPolicy.NONE) {
        assertThat(posts).allSatisfy(post -> assertThat(post.tags().state()).isEqualTo(RelationState.NOT_LOADED));
        assertThatThrownBy(() -> posts.getFirst().tags().get())
            .isInstanceOf(RelationNotLoadedException.class)
            .hasMessageContaining(".tags was not loaded: it was loaded with FetchPolicy.NONE");
        return;
      }
      assertThat(TagData.actualPosts(posts, policy())).isEqualTo(fillerPosts);
      assertThat(recorder.count()).isEqualTo(statementsForLoad(FILLER_POSTS) + statementsOnAccess(FILLER_POSTS));
    }

    @Test
    void tagsWithTheirPostsLoadInTheDocumentedNumberOfStatements() {
      List<Tag> tags = backref.tags().findAll(TagFilter.all(), policy());

      assertThat(recorder.count()).isEqualTo(statementsForLoad(allTags.size()));
      assertThat(tags).hasSize(allTags.size());
      if (policy() == FetchPolicy.NONE) {
        assertThat(tags).allSatisfy(tag -> assertThat(tag.posts().state()).isEqualTo(RelationState.NOT_LOADED));
        return;
      }
      assertThat(TagData.actualTags(tags, policy())).isEqualTo(allTags);
      assertThat(recorder.count()).isEqualTo(statementsForLoad(allTags.size()) + statementsOnAccess(allTags.size()));
    }

    @Test
    void aTagSharedByManyPostsIsOneInstanceWhosePostsAreNotLoaded() {
      if (policy() == FetchPolicy.NONE || policy() == FetchPolicy.DYNAMIC) {
        return;
      }
      List<Post> posts = fillers(5_000);

      Map<Long, Tag> byId = new java.util.HashMap<>();
      int links = 0;
      for (Post post : posts) {
        for (Tag tag : post.tags()) {
          links++;
          Tag first = byId.putIfAbsent(tag.id(), tag);
          assertThat(first == null || first == tag).as("one instance of %s", tag).isTrue();
        }
        assertThat(post.authorRelation().isLoaded()).isFalse();
      }
      assertThat(links).isGreaterThan(byId.size());
      Tag some = byId.values().iterator().next();
      assertThat(some.posts().isLoaded()).isFalse();
      assertThatThrownBy(() -> some.posts().get())
          .isInstanceOf(RelationNotLoadedException.class)
          .hasMessageContaining("the tag was loaded as Post.tags");
    }

    @Test
    void aPostReachedThroughTwoTagsIsOneInstance() {
      if (policy() == FetchPolicy.NONE || policy() == FetchPolicy.DYNAMIC) {
        return;
      }
      List<Tag> tags = backref.tags().findAll(TagFilter.all().nameContains("tag-"), policy());

      IdentityHashMap<Post, Boolean> instances = new IdentityHashMap<>();
      Map<Long, Post> byId = new java.util.HashMap<>();
      for (Tag tag : tags) {
        for (Post post : tag.posts()) {
          assertThat(byId.computeIfAbsent(post.id(), id -> post)).isSameAs(post);
          instances.put(post, true);
          assertThat(post.tags().isLoaded()).isFalse();
          assertThat(post.authorRelation().isLoaded()).isFalse();
        }
      }
      assertThat(instances).hasSize(byId.size());
    }

    @Test
    void aTagOnTenThousandPostsLoadsThemAllInOrder() {
      Tag java = backref.tags().getByName("JAVA", policy());
      assertThat(java.name()).isEqualTo("java");
      assertThat(recorder.count()).isEqualTo(statementsForLoad(1));
      if (policy() == FetchPolicy.NONE) {
        return;
      }
      List<Post> posts = policy() == FetchPolicy.DYNAMIC ? java.posts().query(PostQuery.class).fetch() : java.posts().get();

      assertThat(posts).hasSize(HEAVY_POSTS);
      TagWithPosts expected = allTags.stream().filter(t -> t.tag().name().equals("java")).findFirst().orElseThrow();
      assertThat(posts.stream().map(Dataset.ExpectedPost::of).toList()).isEqualTo(expected.posts());
      assertThat(recorder.count()).isEqualTo(statementsForLoad(1) + statementsOnAccess(1));
    }

    @Test
    void postsWithoutTagsAndTagsWithoutPostsHaveEmptyLists() {
      Tag lonely = backref.tags().getByName("lonely-1", policy());
      long untagged = fillerPosts.stream().filter(p -> p.tags().isEmpty()).findFirst().orElseThrow().post().id();
      Post post = backref.posts().getById(untagged, FetchPolicy.NONE, policy());
      if (policy() == FetchPolicy.NONE) {
        assertThat(lonely.posts().isLoaded()).isFalse();
        assertThat(post.tags().isLoaded()).isFalse();
      } else if (policy() == FetchPolicy.DYNAMIC) {
        assertThat(lonely.posts().query(PostQuery.class).count()).isZero();
        assertThat(post.tags().query(TagQuery.class).fetch()).isEmpty();
      } else {
        assertThat(lonely.posts().get()).isEmpty();
        assertThat(post.tags().get()).isEmpty();
      }
    }

    @Test
    void selectInChunksAtTheBatchSize() {
      for (int limit : new int[] {Backref.DEFAULT_BATCH_SIZE, Backref.DEFAULT_BATCH_SIZE + 1, 2 * Backref.DEFAULT_BATCH_SIZE + 1}) {
        recorder.reset();
        List<Post> posts = fillers(limit);
        assertThat(posts).hasSize(limit);
        assertThat(recorder.count()).as("%d posts", limit).isEqualTo(statementsForLoad(limit));
        if (policy() != FetchPolicy.NONE) {
          assertThat(TagData.actualPosts(posts, policy())).isEqualTo(fillerPosts.subList(0, limit));
        }
      }
    }

    @Test
    void aPlanLoadsTenThousandPostsOfOneUserWithTheirTags() {
      if (policy() == FetchPolicy.NONE || policy() == FetchPolicy.DYNAMIC) {
        return;
      }
      FetchPlan<dev.backref.domain.User> plan = FetchPlan.of(Fetch.userPosts(policy(), Fetch.postTags(FetchPolicy.SELECT_IN)));

      dev.backref.domain.User heavy = backref.users().getByUsername("heavy", plan);
      List<Post> posts = heavy.posts().get();

      assertThat(posts).hasSize(HEAVY_POSTS);
      assertThat(posts).allSatisfy(post -> assertThat(post.tags().get()).extracting(Tag::name).containsExactly("java"));
      Tag java = posts.getFirst().tags().get().getFirst();
      assertThat(posts).allSatisfy(post -> assertThat(post.tags().get().getFirst()).isSameAs(java));
      int outer = policy() == FetchPolicy.JOINED || policy() == FetchPolicy.MULTISET ? 0 : 1;
      assertThat(recorder.count()).isEqualTo(1 + outer + batches(HEAVY_POSTS));
    }

    @Test
    void aPlanOverMoreThanOneThousandRootsChunksEveryLevel() {
      if (policy() == FetchPolicy.NONE || policy() == FetchPolicy.DYNAMIC) {
        return;
      }
      FetchPlan<Post> plan = FetchPlan.of(Fetch.postTags(policy(), Fetch.tagPosts(FetchPolicy.NONE)), Fetch.postAuthor(FetchPolicy.SELECT_IN));

      List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("filler").limit(5_000), plan);
      int load = recorder.count();

      assertThat(TagData.actualPosts(posts, policy())).isEqualTo(fillerPosts);
      assertThat(posts).allSatisfy(post -> assertThat(post.author().id()).isEqualTo(post.authorId()));
      assertThat(load).isEqualTo(statementsForLoad(FILLER_POSTS) + batches(FILLER_USERS));
      assertThat(recorder.count()).isEqualTo(load + statementsOnAccess(FILLER_POSTS));
    }

    @Test
    void theUnicodeTagFindsItsPostsRegardlessOfCase() {
      Tag tag = backref.tags().getByName(UNICODE.toUpperCase(java.util.Locale.ROOT), policy());
      assertThat(tag.name()).isEqualTo(UNICODE);
      List<Post> tagged =
          backref.posts().findAll(PostFilter.all().taggedWith(UNICODE.toLowerCase(java.util.Locale.ROOT)), FetchPolicy.NONE, policy());
      List<PostWithTags> expected = fillerPosts.stream().filter(p -> p.tags().stream().anyMatch(t -> t.name().equals(UNICODE))).toList();
      assertThat(tagged).extracting(Post::id).isEqualTo(expected.stream().map(p -> p.post().id()).toList());
      if (policy() != FetchPolicy.NONE) {
        assertThat(TagData.actualPosts(tagged, policy())).as("the filter selects posts; it does not cut their tags").isEqualTo(expected);
      }
    }
  }

  @Test
  void dynamicRelationsAreTypedQueriesThatLinkBack() {
    Tag java = backref.tags().getByName("java", FetchPolicy.DYNAMIC);
    PostQuery posts = java.posts().query(PostQuery.class);
    recorder.reset();

    assertThat(posts.owner()).isSameAs(java);
    assertThat(posts.count()).isEqualTo(HEAVY_POSTS);
    assertThat(posts.where(POSTS.TITLE.endsWith(" 7")).fetch()).extracting(Post::title).containsExactly("Heavy 7");
    assertThat(posts.orderBy(POSTS.ID.desc()).limit(3).fetch()).hasSize(3).isSortedAccordingTo((a, b) -> Long.compare(b.id(), a.id()));
    assertThat(recorder.count()).isEqualTo(3);

    long tagged = fillerPosts.stream().filter(p -> p.tags().size() >= 2).findFirst().orElseThrow().post().id();
    Post post = backref.posts().getById(tagged, FetchPolicy.JOINED, FetchPolicy.DYNAMIC);
    TagQuery tags = post.tags().query(TagQuery.class);
    assertThat(tags.fetch()).extracting(Tag::id).isEqualTo(fillerPosts.stream().filter(p -> p.post().id() == tagged).findFirst().orElseThrow().tags().stream().map(TagData.ExpectedTag::id).toList());
    assertThat(tags.where(TAGS.NAME.eq("no such tag")).count()).isZero();
    assertThatThrownBy(() -> post.tags().get()).hasMessageContaining("it is dynamic; query it with tags().query(...)");
  }

  @Test
  void authorAndTagsLoadSideBySide() {
    recorder.reset();
    List<Post> posts = backref.posts().findAll(PostFilter.all().titleContains("filler").limit(100), FetchPolicy.JOINED, FetchPolicy.JOINED);

    assertThat(recorder.count()).isEqualTo(1);
    assertThat(TagData.actualPosts(posts, FetchPolicy.JOINED)).isEqualTo(fillerPosts.subList(0, 100));
    assertThat(posts).allSatisfy(post -> assertThat(post.author().id()).isEqualTo(post.authorId()));
    assertThat(recorder.statements().getFirst()).contains("left outer join (post_tags join tags");
  }

  @Nested
  class None extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.NONE;
    }
  }

  @Nested
  class Joined extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.JOINED;
    }
  }

  @Nested
  class Multiset extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.MULTISET;
    }
  }

  @Nested
  class Subquery extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.SUBQUERY;
    }
  }

  @Nested
  class SelectIn extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.SELECT_IN;
    }
  }

  @Nested
  class Lazy extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.LAZY;
    }
  }

  @Nested
  class Batch extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.BATCH;
    }
  }

  @Nested
  class Dynamic extends Contract {
    @Override
    FetchPolicy policy() {
      return FetchPolicy.DYNAMIC;
    }
  }
}
