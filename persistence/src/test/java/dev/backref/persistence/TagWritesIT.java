package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.POST_TAGS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tags and links written through the repositories: typed errors, idempotence, no half-written state, races. */
@MigratedPostgres
class TagWritesIT {

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;
  static DSLContext sql;

  User alice;
  Post first;
  Post second;

  @BeforeAll
  static void open(TestDatabase database) {
    pool = Pools.pooled(database);
    recorder = StatementRecorder.wrap(pool);
    backref = Backref.create(recorder.dataSource());
    sql = Dataset.dsl(pool);
  }

  @AfterAll
  static void close() {
    pool.close();
  }

  @BeforeEach
  void freshData() {
    sql.deleteFrom(USERS).execute();
    sql.deleteFrom(TAGS).execute();
    alice = backref.users().create("alice", List.of(new NewPost("First", "a"), new NewPost("Second", "b")));
    first = alice.posts().get().get(0);
    second = alice.posts().get().get(1);
    recorder.reset();
  }

  @Test
  void createsRenamesAndDeletesATag() {
    Tag java = backref.tags().create("Java");
    assertThat(java.posts().get()).isEmpty();
    assertThat(java.version()).isZero();

    Tag renamed = backref.tags().rename(java.id(), 0, "JVM");
    assertThat(renamed.name()).isEqualTo("JVM");
    assertThat(renamed.version()).isEqualTo(1);
    assertThat(java.name()).isEqualTo("Java");
    assertThatThrownBy(() -> backref.tags().rename(java.id(), 0, "Other"))
        .isInstanceOf(StaleVersionException.class)
        .hasMessageContaining("Tag");
    assertThat(backref.tags().getById(java.id(), FetchPolicy.NONE).name()).isEqualTo("JVM");

    backref.tags().delete(java.id());
    assertThat(backref.tags().findById(java.id(), FetchPolicy.NONE)).isEmpty();
    assertThatThrownBy(() -> backref.tags().delete(java.id()))
        .isInstanceOf(TagNotFoundException.class)
        .hasMessage("No tag with id " + java.id());
    assertThatThrownBy(() -> backref.tags().rename(java.id(), 1, "x")).isInstanceOf(TagNotFoundException.class);
  }

  @Test
  void tagNamesAreUniqueRegardlessOfCase() {
    Tag java = backref.tags().create("Java");
    Tag sql = backref.tags().create("SQL");

    assertThatThrownBy(() -> backref.tags().create("jAVA"))
        .isInstanceOf(DuplicateTagNameException.class)
        .hasMessageContaining("'jAVA' is taken");
    assertThatThrownBy(() -> backref.tags().rename(sql.id(), 0, "JAVA")).isInstanceOf(DuplicateTagNameException.class);
    assertThat(backref.tags().getByName("java", FetchPolicy.NONE).id()).isEqualTo(java.id());
    assertThat(backref.tags().count()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n", "a\u0000b", "123456789012345678901234567890123456789012345678901"})
  void badNamesAreRefusedBeforeAnySqlWithNothingWritten(String name) {
    assertThatThrownBy(() -> backref.tags().create(name)).isInstanceOf(InvalidTagNameException.class);
    assertThatThrownBy(() -> backref.posts().tag(first.id(), List.of("fine", name))).isInstanceOf(InvalidTagNameException.class);
    assertThatThrownBy(() -> backref.posts().create(alice.id(), new NewPost("T", "c"), List.of(name)))
        .isInstanceOf(InvalidTagNameException.class);
    assertThat(recorder.count()).isZero();
    assertThat(sql.fetchCount(TAGS)).isZero();
  }

  @Test
  void aNameOfFiftyCharactersIsFineAndNullIsRefused() {
    assertThat(backref.tags().create("x".repeat(50)).name()).hasSize(50);
    assertThatThrownBy(() -> backref.tags().create(null))
        .isInstanceOf(InvalidTagNameException.class)
        .hasMessageContaining("must not be null");
  }

  @Test
  void taggingIsIdempotentAndReusesTagsRegardlessOfCase() {
    backref.tags().create("Java");

    List<Tag> tags = backref.posts().tag(first.id(), List.of("sql", "JAVA", "Sql", "new"));
    List<Tag> again = backref.posts().tag(first.id(), List.of("java", "SQL"));

    assertThat(tags).extracting(Tag::name).containsExactly("Java", "new", "sql");
    assertThat(again).extracting(Tag::name).containsExactly("Java", "sql");
    assertThat(sql.fetchCount(TAGS)).isEqualTo(3);
    assertThat(sql.fetchCount(POST_TAGS)).isEqualTo(3);
    Post loaded = backref.posts().getById(first.id(), FetchPolicy.NONE, FetchPolicy.SELECT_IN);
    assertThat(loaded.tags().get()).extracting(Tag::name).containsExactly("Java", "new", "sql");
  }

  @Test
  void taggingAMissingPostWritesNothing() {
    assertThatThrownBy(() -> backref.posts().tag(-1, List.of("brand-new")))
        .isInstanceOf(PostNotFoundException.class)
        .hasMessage("No post with id -1");
    assertThatThrownBy(() -> backref.posts().tag(-1, List.of())).isInstanceOf(PostNotFoundException.class);
    assertThat(sql.fetchCount(TAGS)).isZero();
  }

  @Test
  void untaggingRemovesOnlyTheLinkAndIsIdempotent() {
    backref.posts().tag(first.id(), List.of("java", "sql"));
    backref.posts().tag(second.id(), List.of("java"));

    assertThat(backref.posts().untag(first.id(), "JAVA")).isTrue();
    assertThat(backref.posts().untag(first.id(), "java")).isFalse();
    assertThatThrownBy(() -> backref.posts().untag(first.id(), "nosuch"))
        .isInstanceOf(TagNotFoundException.class)
        .hasMessage("No tag named 'nosuch'");
    assertThatThrownBy(() -> backref.posts().untag(-1, "java")).isInstanceOf(PostNotFoundException.class);

    Tag java = backref.tags().getByName("java", FetchPolicy.JOINED);
    assertThat(java.posts().get()).extracting(Post::id).containsExactly(second.id());
  }

  @Test
  void deletingATagRemovesItsLinksAndKeepsItsPosts() {
    List<Tag> tags = backref.posts().tag(first.id(), List.of("java", "sql"));

    backref.tags().delete(tags.getFirst().id());

    Post loaded = backref.posts().getById(first.id(), FetchPolicy.NONE, FetchPolicy.JOINED);
    assertThat(loaded.tags().get()).extracting(Tag::name).containsExactly("sql");
    assertThat(sql.fetchCount(POSTS)).isEqualTo(2);
  }

  @Test
  void deletingAPostKeepsItsTags() {
    backref.posts().tag(first.id(), List.of("java"));

    backref.posts().delete(first.id());

    assertThat(backref.tags().getByName("java", FetchPolicy.SELECT_IN).posts().get()).isEmpty();
  }

  @Test
  void createsAPostWithTagsInOneTransaction() {
    backref.tags().create("Java");

    Post post = backref.posts().create(alice.id(), new NewPost("Tagged", "body"), List.of("new", "java", "NEW"));

    assertThat(post.author().id()).isEqualTo(alice.id());
    assertThat(post.tags().get()).extracting(Tag::name).containsExactly("Java", "new");
    Post loaded = backref.posts().getById(post.id(), FetchPolicy.JOINED, FetchPolicy.MULTISET);
    assertThat(loaded.tags().get()).extracting(Tag::id).isEqualTo(post.tags().get().stream().map(Tag::id).toList());
  }

  @Test
  void aPostWithTagsForAMissingUserWritesNothing() {
    assertThatThrownBy(() -> backref.posts().create(-1, new NewPost("Orphan", "x"), List.of("orphan-tag")))
        .isInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> backref.posts().create(alice.id(), new NewPost(" ", "x"), List.of("blank-title")))
        .isInstanceOf(InvalidTitleException.class);

    assertThat(sql.fetchCount(TAGS)).isZero();
    assertThat(sql.fetchCount(POSTS)).isEqualTo(2);
  }

  @Test
  void aRefusedTagInsideATransactionLeavesItUsable() {
    backref.transaction(
        tx -> {
          tx.posts().tag(first.id(), List.of("kept"));
          assertThatThrownBy(() -> tx.posts().tag(-1, List.of("rolled-back"))).isInstanceOf(PostNotFoundException.class);
          assertThatThrownBy(() -> tx.tags().create("KEPT")).isInstanceOf(DuplicateTagNameException.class);
          tx.posts().tag(second.id(), List.of("kept"));
        });

    assertThat(sql.select(TAGS.NAME).from(TAGS).fetch(TAGS.NAME)).containsExactly("kept");
    assertThat(sql.fetchCount(POST_TAGS)).isEqualTo(2);
  }

  @Test
  void tagNamesWithQuotesAndWildcardsAreStoredAsGiven() {
    List<String> names = List.of("o'brien", "100%", "a_b", "semi;colon", "Ünïcødé 🎉");
    backref.posts().tag(first.id(), names);

    assertThat(backref.tags().findAll(TagFilter.all().nameContains("%"), FetchPolicy.NONE)).extracting(Tag::name).containsExactly("100%");
    assertThat(backref.tags().findAll(TagFilter.all().nameContains("_"), FetchPolicy.NONE)).extracting(Tag::name).containsExactly("a_b");
    assertThat(backref.posts().findAll(PostFilter.all().taggedWith("O'BRIEN"), FetchPolicy.NONE)).extracting(Post::id).containsExactly(first.id());
  }

  @Test
  void racingTransactionsCreatingTheSameNewTagEndWithOneTag() throws Exception {
    List<Post> posts = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      posts.add(backref.posts().create(alice.id(), new NewPost("Race " + i, "x")));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Tag>>> results = new ArrayList<>();
      for (int i = 0; i < posts.size(); i++) {
        long postId = posts.get(i).id();
        String spelling = i % 2 == 0 ? "Racy" : "RACY";
        results.add(
            threads.submit(
                () -> {
                  start.await();
                  return backref.posts().tag(postId, List.of(spelling, "shared-" + (postId % 3)));
                }));
      }
      start.countDown();
      List<Long> racyIds = new ArrayList<>();
      for (Future<List<Tag>> result : results) {
        racyIds.add(result.get(30, TimeUnit.SECONDS).stream().filter(t -> t.name().equalsIgnoreCase("racy")).findFirst().orElseThrow().id());
      }
      assertThat(racyIds).containsOnly(racyIds.getFirst());
    } finally {
      threads.shutdownNow();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(sql.fetchCount(TAGS, org.jooq.impl.DSL.lower(TAGS.NAME).eq("racy"))).isEqualTo(1);
    assertThat(backref.tags().getByName("racy", FetchPolicy.SELECT_IN).posts().get()).hasSize(16);
    assertThat(sql.fetchCount(TAGS)).isEqualTo(4);
  }
}
