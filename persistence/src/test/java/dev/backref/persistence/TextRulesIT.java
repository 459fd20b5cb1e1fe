package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariDataSource;
import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.User;
import dev.backref.testing.postgres.MigratedPostgres;
import dev.backref.testing.postgres.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLException;

/**
 * Usernames, tag names, titles and content through the repositories against PostgreSQL: refused
 * characters and whitespace, NFC, lookups of names that cannot exist, and the V4 constraints
 * translated when a write reaches them.
 */
@MigratedPostgres
class TextRulesIT {

  static HikariDataSource pool;
  static StatementRecorder recorder;
  static Backref backref;
  static DSLContext sql;

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
  void emptyTables() {
    sql.deleteFrom(USERS).execute();
    sql.deleteFrom(TAGS).execute();
    recorder.reset();
  }

  /** The examples and one of each refused class; NUL, NEL and U+2028 included. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "bell\u0007\u001b[31mred", "o'brien ", " o'brien", "a\u200bb", "a\u0000b", "a\u0085b", "a\u2028b", "a\u2029b",
        "tab\there", "a\u007fb", "a\u009bb", "\ufeffbom", "x\u202etxt", "a\u2066b", "a\u2060b", "a\u200db", "a\ud800b",
        "nbsp\u00a0", "\u3000ideographic"
      })
  void aNameWithARefusedCharacterIsRefusedEverywhereBeforeAnySqlAndNothingIsWritten(String name) {
    User alice = backref.users().create("alice");
    Post post = backref.posts().create(alice.id(), new NewPost("Post", "c"));
    Tag tag = backref.tags().create("tag");
    Result<Record> before = snapshot();
    recorder.reset();

    InvalidUsernameException created = catchThrowableOfType(InvalidUsernameException.class, () -> backref.users().create(name));
    assertThat(created).isNotNull();
    assertThat(created.value()).isEqualTo(name);
    assertThat(created.reason()).matches("must not (contain control or invisible characters|start or end with whitespace) \\(U\\+[0-9A-F]{4} .+ at position \\d+\\)");
    assertThat(created.getMessage()).doesNotContainPattern("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\p{Cs}]");
    assertThatThrownBy(() -> backref.users().create(name, List.of(new NewPost("t", "c")))).isExactlyInstanceOf(InvalidUsernameException.class);
    assertThatThrownBy(() -> backref.users().rename(alice.id(), alice.version(), name)).isExactlyInstanceOf(InvalidUsernameException.class);
    assertThatThrownBy(() -> backref.tags().create(name)).isExactlyInstanceOf(InvalidTagNameException.class);
    assertThatThrownBy(() -> backref.tags().rename(tag.id(), tag.version(), name)).isExactlyInstanceOf(InvalidTagNameException.class);
    assertThatThrownBy(() -> backref.posts().tag(post.id(), List.of("fine", name))).isExactlyInstanceOf(InvalidTagNameException.class);
    assertThatThrownBy(() -> backref.posts().create(alice.id(), new NewPost("T", "c"), List.of(name)))
        .isExactlyInstanceOf(InvalidTagNameException.class);

    assertThat(recorder.count()).isZero();
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void titlesAndContentFollowTheirOwnRules() {
    User alice = backref.users().create("alice");
    recorder.reset();

    for (String title : List.of("Line\nbreak", "Tab\tbed", "Title ", " Title", "esc\u001b[2J", "nul\u0000", "a\u2028b")) {
      assertThatThrownBy(() -> new NewPost(title, "c")).as(title).isExactlyInstanceOf(InvalidTitleException.class);
    }
    for (String content : List.of("esc\u001b[2J", "nul\u0000", "bell\u0007", "del\u007f", "csi\u009b")) {
      assertThatThrownBy(() -> new NewPost("t", content)).as(content).isExactlyInstanceOf(InvalidContentException.class);
    }
    assertThat(recorder.count()).isZero();

    String family = "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67";
    Post post = backref.posts().create(alice.id(), new NewPost("Family " + family, "line one\r\n\tline two\n"));
    Post edited = backref.posts().edit(post.id(), post.version(), new NewPost("Cafe\u0301", "cafe\u0301\n"));

    assertThat(post.title()).isEqualTo("Family " + family);
    assertThat(post.content()).isEqualTo("line one\r\n\tline two\n");
    assertThat(edited.title()).isEqualTo("Caf\u00e9");
    assertThat(sql.select(POSTS.TITLE, POSTS.CONTENT).from(POSTS).where(POSTS.ID.eq(post.id())).fetchSingle().intoArray())
        .containsExactly("Caf\u00e9", "caf\u00e9\n");
  }

  @Test
  void aUsernameIsStoredInNfcAndItsCanonicalTwinIsADuplicate() {
    User decomposed = backref.users().create("Rene\u0301");

    assertThat(decomposed.username()).isEqualTo("Ren\u00e9");
    assertThat(sql.select(USERS.USERNAME).from(USERS).where(USERS.ID.eq(decomposed.id())).fetchSingle().value1()).isEqualTo("Ren\u00e9");
    DuplicateUsernameException duplicate =
        catchThrowableOfType(DuplicateUsernameException.class, () -> backref.users().create("ren\u00e9"));
    assertThat(duplicate).isNotNull();
    assertThatThrownBy(() -> backref.users().create("RENe\u0301")).isExactlyInstanceOf(DuplicateUsernameException.class);
    User other = backref.users().create("other");
    assertThatThrownBy(() -> backref.users().rename(other.id(), other.version(), "rene\u0301"))
        .isExactlyInstanceOf(DuplicateUsernameException.class);
    // NFKC is not applied: the fi ligature and "fi" are different names.
    User ligature = backref.users().create("\ufb01le");
    User letters = backref.users().create("file");
    assertThat(ligature.id()).isNotEqualTo(letters.id());
    assertThat(backref.users().count()).isEqualTo(4);
  }

  @Test
  void aLookupByTheDecomposedFormFindsTheStoredComposedOne() {
    User rene = backref.users().create("Ren\u00e9", List.of(new NewPost("Caf\u00e9 notes", "c")));
    Post post = rene.posts().get().getFirst();
    Tag cafe = backref.tags().create("Caf\u00e9");
    backref.posts().tag(post.id(), List.of("cafe\u0301"));

    assertThat(backref.users().findByUsername("rene\u0301", FetchPolicy.NONE)).map(User::id).contains(rene.id());
    assertThat(backref.users().getByUsername("RENe\u0301", FetchPlan.of()).id()).isEqualTo(rene.id());
    assertThat(backref.tags().findByName("CAFe\u0301", FetchPolicy.NONE)).map(Tag::id).contains(cafe.id());
    assertThat(backref.tags().getByName("cafe\u0301", FetchPlan.of()).id()).isEqualTo(cafe.id());
    assertThat(backref.tags().count()).as("tagging by the decomposed name reused the tag").isEqualTo(1);
    assertThat(backref.users().findAll(UserFilter.all().usernameContains("ne\u0301"), FetchPolicy.NONE)).extracting(User::id).containsExactly(rene.id());
    assertThat(backref.tags().findAll(TagFilter.all().nameContains("fe\u0301"), FetchPolicy.NONE)).extracting(Tag::id).containsExactly(cafe.id());
    assertThat(backref.posts().findAll(PostFilter.all().authorUsername("rene\u0301"), FetchPolicy.NONE)).extracting(Post::id).containsExactly(post.id());
    assertThat(backref.posts().findAll(PostFilter.all().titleContains("cafe\u0301"), FetchPolicy.NONE)).extracting(Post::id).containsExactly(post.id());
    assertThat(backref.posts().findAll(PostFilter.all().taggedWith("CAFe\u0301"), FetchPolicy.NONE)).extracting(Post::id).containsExactly(post.id());

    // rename and delete take the id found by the decomposed name, as the app does.
    User found = backref.users().getByUsername("rene\u0301", FetchPolicy.NONE);
    assertThat(backref.users().rename(found.id(), found.version(), "Rene\u0301e").username()).isEqualTo("Ren\u00e9e");
    assertThat(backref.posts().untag(post.id(), "cafe\u0301")).isTrue();
    backref.users().delete(backref.users().getByUsername("rene\u0301e", FetchPolicy.NONE).id());
    assertThat(backref.users().count()).isZero();
  }

  @Test
  void tagNamesAreStoredInNfcAndTheirCanonicalTwinsAreOneTag() {
    User alice = backref.users().create("alice");
    Tag cafe = backref.tags().create("cafe\u0301");

    assertThat(cafe.name()).isEqualTo("caf\u00e9");
    assertThatThrownBy(() -> backref.tags().create("CAF\u00e9")).isExactlyInstanceOf(DuplicateTagNameException.class);
    Post post = backref.posts().create(alice.id(), new NewPost("T", "c"), List.of("Cafe\u0301", "caf\u00e9", "CAFe\u0301"));
    assertThat(post.tags().get()).extracting(Tag::id).containsExactly(cafe.id());
    assertThat(backref.posts().tag(post.id(), List.of("cafe\u0301", "th\u00e9"))).extracting(Tag::name).containsExactly("caf\u00e9", "th\u00e9");
    assertThat(backref.tags().count()).isEqualTo(2);
  }

  @Test
  void aLookupOfANameWithNulIsNotFoundWithoutSql() {
    User alice = backref.users().create("alice");
    Post post = backref.posts().create(alice.id(), new NewPost("T", "c"), List.of("java"));
    recorder.reset();

    assertThat(backref.users().findByUsername("ali\u0000ce", FetchPolicy.JOINED)).isEmpty();
    assertThat(backref.users().findByUsername("ali\u0000ce", FetchPlan.of())).isEmpty();
    assertThat(backref.tags().findByName("ja\u0000va", FetchPolicy.NONE)).isEmpty();
    assertThat(backref.tags().findByName("ja\u0000va", FetchPlan.of())).isEmpty();
    assertThat(backref.users().findByUsername("ali\ud800", FetchPolicy.NONE)).as("an unpaired surrogate would be sent as ?").isEmpty();
    assertThat(recorder.count()).isZero();

    UserNotFoundException user = catchThrowableOfType(UserNotFoundException.class, () -> backref.users().getByUsername("ali\u0000ce", FetchPolicy.NONE));
    assertThat(user.username()).contains("ali\u0000ce");
    assertThat(user.getMessage()).isEqualTo("No user named 'ali\\u0000ce'");
    assertThatThrownBy(() -> backref.users().getByUsername("a\u0000", FetchPlan.of())).isExactlyInstanceOf(UserNotFoundException.class);
    assertThatThrownBy(() -> backref.tags().getByName("ja\u0000va", FetchPolicy.NONE)).isExactlyInstanceOf(TagNotFoundException.class);
    assertThatThrownBy(() -> backref.tags().getByName("ja\u0000va", FetchPlan.of())).isExactlyInstanceOf(TagNotFoundException.class);
    assertThat(recorder.count()).isZero();

    assertThatThrownBy(() -> backref.posts().untag(post.id(), "ja\u0000va")).isExactlyInstanceOf(TagNotFoundException.class);
    assertThatThrownBy(() -> backref.posts().untag(999_999_999L, "ja\u0000va")).isExactlyInstanceOf(PostNotFoundException.class);
    assertThat(recorder.statements()).noneMatch(statement -> statement.contains("\u0000"));
    assertThat(backref.posts().findById(post.id(), FetchPolicy.NONE, FetchPolicy.JOINED).orElseThrow().tags().get()).hasSize(1);
  }

  @Test
  void aLookupOfANameWithOtherRefusedCharactersIsSimplyNotFound() {
    backref.users().create("alice");

    for (String name : List.of("alice\u001b[31m", "alice ", "ali\u200bce", "alice\u2028")) {
      assertThat(backref.users().findByUsername(name, FetchPolicy.NONE)).as(name).isEmpty();
      assertThatThrownBy(() -> backref.users().getByUsername(name, FetchPolicy.NONE)).isExactlyInstanceOf(UserNotFoundException.class);
      assertThat(backref.tags().findByName(name, FetchPolicy.NONE)).isEmpty();
    }
  }

  @Test
  void filtersAndPageKeysWithNulOrControlsAreTypedErrorsNeverSqlErrors() {
    backref.users().create("alice");
    recorder.reset();

    List<Executable> refusedAsUsername =
        List.of(
            () -> UserFilter.all().usernameContains("a\u0000"),
            () -> UserFilter.all().usernameContains("\u001b[31m"),
            () -> new UserFilter(Optional.of("a\u200b"), Optional.empty(), Optional.empty(), Optional.empty(), UserOrder.USERNAME, 10),
            () -> PostFilter.all().authorUsername("ali\u0000ce"),
            () -> PostFilter.all().authorUsername("alice\n"),
            () -> backref.users().page("a\u0000", 10, FetchPolicy.NONE),
            () -> backref.users().page("a\u0000", 10, FetchPlan.of()),
            () -> backref.users().page(UserOrder.USERNAME, "\u0000", 10, FetchPlan.of()));
    for (Executable call : refusedAsUsername) {
      assertThat(catchThrowable(call::execute)).isExactlyInstanceOf(InvalidUsernameException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("username"));
    }
    assertThat(catchThrowable(() -> TagFilter.all().nameContains("ja\u0000"))).isExactlyInstanceOf(InvalidTagNameException.class);
    assertThat(catchThrowable(() -> TagFilter.all().nameContains("ja\u2066"))).isExactlyInstanceOf(InvalidTagNameException.class);
    assertThat(catchThrowable(() -> PostFilter.all().taggedWith("ja\u0000va"))).isExactlyInstanceOf(InvalidTagNameException.class);
    assertThat(catchThrowable(() -> PostFilter.all().titleContains("a\u0000"))).isExactlyInstanceOf(InvalidTitleException.class);
    assertThat(catchThrowable(() -> PostFilter.all().titleContains("line\nbreak"))).isExactlyInstanceOf(InvalidTitleException.class);
    assertThat(catchThrowable(() -> backref.users().page(UserOrder.ID, "1\u0000", 10, FetchPlan.of())))
        .isExactlyInstanceOf(IllegalArgumentException.class);
    assertThat(recorder.count()).isZero();

    // Whitespace is fine in a filter: it is a part of a name, not a name.
    assertThat(backref.users().findAll(UserFilter.all().usernameContains("lic"), FetchPolicy.NONE)).hasSize(1);
    assertThat(backref.posts().findAll(PostFilter.all().titleContains(" x ").authorUsername(" alice"), FetchPolicy.NONE)).isEmpty();
  }

  /**
   * A database migrated from before V4 may hold a name the rules now refuse (the constraints are
   * NOT VALID). It stays reachable: by name, through every page, and it can be renamed to a valid
   * one. The row is written here with the check lifted, as V3 allowed.
   */
  @Test
  void aNameStoredBeforeTheRulesStaysReachable() {
    for (int i = 0; i < 5; i++) {
      backref.users().create("user" + i);
    }
    String legacy = "user2\u001b[31m";
    String check =
        (String) sql.fetchValue("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'users_username_printable_check'");
    sql.execute("ALTER TABLE users DROP CONSTRAINT users_username_printable_check");
    try {
      sql.insertInto(USERS).set(USERS.USERNAME, legacy).execute();
    } finally {
      sql.execute("ALTER TABLE users ADD CONSTRAINT users_username_printable_check " + check);
    }
    assertThat(check).contains("\\x1f", "NOT VALID").doesNotContain("?", "{");

    User found = backref.users().getByUsername(legacy, FetchPolicy.NONE);
    List<String> paged = new ArrayList<>();
    Page<User> page = backref.users().page(null, 2, FetchPolicy.NONE);
    paged.addAll(page.items().stream().map(User::username).toList());
    while (page.next().isPresent()) {
      page = backref.users().page(page.next().get(), 2, FetchPolicy.NONE);
      paged.addAll(page.items().stream().map(User::username).toList());
    }
    User renamed = backref.users().rename(found.id(), found.version(), "user2-red");

    assertThat(found.username()).isEqualTo(legacy);
    assertThat(paged).hasSize(6).contains(legacy).doesNotHaveDuplicates();
    assertThat(renamed.username()).isEqualTo("user2-red");
    assertThat(backref.users().findByUsername(legacy, FetchPolicy.NONE)).isEmpty();
  }

  /**
   * Writers that bypass the library meet the V4 constraints; where the library translates a
   * violation, each constraint becomes the field's exception with the problem named.
   */
  @Test
  void theDatabaseRefusesWhatValidationRefusesAndEachConstraintIsTranslated() {
    long userId = backref.users().create("author").id();

    assertTranslated(() -> sql.insertInto(USERS).set(USERS.USERNAME, "bell\u0007\u001b[31mred").execute(),
        "users_username_printable_check", e -> Constraints.forUsername(e, "bell\u0007\u001b[31mred"),
        InvalidUsernameException.class, "must not contain control or invisible characters (U+0007 BEL at position 5)");
    assertTranslated(() -> sql.insertInto(USERS).set(USERS.USERNAME, "o'brien ").execute(),
        "users_username_trimmed_check", e -> Constraints.forUsername(e, "o'brien "),
        InvalidUsernameException.class, "must not start or end with whitespace (U+0020 SPACE at position 8)");
    assertTranslated(() -> sql.insertInto(USERS).set(USERS.USERNAME, "e\u0301").execute(),
        "users_username_nfc_check", e -> Constraints.forUsername(e, "e\u0301"),
        InvalidUsernameException.class, "must be in Unicode normalization form NFC");
    assertTranslated(() -> sql.insertInto(TAGS).set(TAGS.NAME, "a\u200bb").execute(),
        "tags_name_printable_check", e -> Constraints.forTagName(e, "a\u200bb"),
        InvalidTagNameException.class, "must not contain control or invisible characters (U+200B ZERO WIDTH SPACE at position 2)");
    assertTranslated(() -> sql.insertInto(TAGS).set(TAGS.NAME, " java").execute(),
        "tags_name_trimmed_check", e -> Constraints.forTagName(e, " java"),
        InvalidTagNameException.class, "must not start or end with whitespace (U+0020 SPACE at position 1)");
    assertTranslated(() -> sql.insertInto(TAGS).set(TAGS.NAME, "cafe\u0301").execute(),
        "tags_name_nfc_check", e -> Constraints.forTagName(e, "cafe\u0301"),
        InvalidTagNameException.class, "must be in Unicode normalization form NFC");
    NewPost bypassed = new NewPost("t", "c");
    assertTranslated(() -> post(userId, "a\u2028b", "c"), "posts_title_printable_check", e -> Constraints.forPost(e, userId, bypassed),
        InvalidTitleException.class, "must not contain control characters or line breaks");
    assertTranslated(() -> post(userId, "Title\u00a0", "c"), "posts_title_trimmed_check", e -> Constraints.forPost(e, userId, bypassed),
        InvalidTitleException.class, "must not start or end with whitespace");
    assertTranslated(() -> post(userId, "Cafe\u0301", "c"), "posts_title_nfc_check", e -> Constraints.forPost(e, userId, bypassed),
        InvalidTitleException.class, "must be in Unicode normalization form NFC");
    assertTranslated(() -> post(userId, "t", "esc\u001b[2J"), "posts_content_printable_check", e -> Constraints.forPost(e, userId, bypassed),
        InvalidContentException.class, "must not contain control characters other than tab, line feed and carriage return");
    assertThat(backref.posts().count()).isZero();
  }

  private static void post(long userId, String title, String content) {
    sql.insertInto(POSTS, POSTS.USER_ID, POSTS.TITLE, POSTS.CONTENT).values(userId, title, content).execute();
  }

  private static void assertTranslated(
      Runnable insert,
      String constraint,
      java.util.function.Function<DataAccessException, RuntimeException> translate,
      Class<? extends InvalidInputException> type,
      String reason) {
    DataAccessException e = catchThrowableOfType(DataAccessException.class, insert::run);
    assertThat(e).as(constraint).isNotNull();
    assertThat(e.getCause(PSQLException.class).getSQLState()).isEqualTo("23514");
    assertThat(Constraints.violated(e)).isEqualTo(constraint);
    RuntimeException translated = translate.apply(e);
    assertThat(translated).isExactlyInstanceOf(type).hasCause(e);
    assertThat(((InvalidInputException) translated).reason()).startsWith(reason);
  }

  private static Result<Record> snapshot() {
    return sql.resultQuery(
            "select 'u' as kind, id, username as text, version from users union all "
                + "select 'p', id, title, version from posts union all "
                + "select 't', id, name, version from tags order by 1, 2")
        .fetch();
  }
}
