package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.POST_TAGS;
import static dev.backref.persistence.jooq.Tables.TAGS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.Post;
import dev.backref.domain.Tag;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.jooq.tables.records.PostsRecord;
import dev.backref.persistence.jooq.tables.records.UsersRecord;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.SortField;
import org.jooq.exception.DataAccessException;

final class JooqPostRepository implements PostRepository {

  private static final List<SortField<?>> ORDER = List.of(POSTS.CREATED_AT.asc(), POSTS.ID.asc());
  private static final String EDITED_HINT =
      "edit returns the new snapshot without its author; load the post with an author fetch policy";
  private static final String AUTHOR_ONLY_HINT =
      "the user was returned as the author of a created post; load it through UserRepository with a posts fetch policy";
  private static final String CREATED_TAG_HINT =
      "the tag was returned by a write; load it through TagRepository with a posts fetch policy";
  private static final String NO_TAGS_HINT = "the post was written without reading its tags; load it with a tags fetch policy";
  private static final Map<FetchPolicy, LoadPlan> AUTHOR_PLANS = new EnumMap<>(FetchPolicy.class);
  private static final Map<FetchPolicy, Map<FetchPolicy, LoadPlan>> PLANS = new EnumMap<>(FetchPolicy.class);

  static {
    for (FetchPolicy author : FetchPolicy.values()) {
      LoadPlan authorOnly = build(author, null);
      if (authorOnly != null) {
        AUTHOR_PLANS.put(author, authorOnly);
      }
      Map<FetchPolicy, LoadPlan> byTags = new EnumMap<>(FetchPolicy.class);
      for (FetchPolicy tags : FetchPolicy.values()) {
        LoadPlan plan = build(author, tags);
        if (plan != null) {
          byTags.put(tags, plan);
        }
      }
      PLANS.put(author, byTags);
    }
  }

  private final Backref backref;
  private final GraphLoader loader;

  JooqPostRepository(Backref backref) {
    this.backref = backref;
    this.loader = new GraphLoader(backref, "PostRepository");
  }

  /** The steps of a plan over posts; {@code tags} null for a plan without tags. */
  private static List<LoadPlan.Step> steps(FetchPolicy author, FetchPolicy tags) {
    LoadPlan.Step authorStep = LoadPlan.Step.of(Associations.POST_AUTHOR, author);
    return tags == null ? List.of(authorStep) : List.of(authorStep, LoadPlan.Step.of(Associations.POST_TAGS, tags));
  }

  /** The plan, built and checked once; a refused one (DYNAMIC author) is left out and refused per call. */
  private static LoadPlan build(FetchPolicy author, FetchPolicy tags) {
    try {
      return LoadPlan.of(PostMapping.POST, steps(author, tags));
    } catch (IllegalArgumentException refused) {
      return null;
    }
  }

  private static LoadPlan plan(FetchPolicy author) {
    Objects.requireNonNull(author, "author fetch policy");
    LoadPlan plan = AUTHOR_PLANS.get(author);
    return plan != null ? plan : LoadPlan.of(PostMapping.POST, steps(author, null));
  }

  private static LoadPlan plan(FetchPolicy author, FetchPolicy tags) {
    Objects.requireNonNull(author, "author fetch policy");
    Objects.requireNonNull(tags, "tags fetch policy");
    LoadPlan plan = PLANS.get(author).get(tags);
    return plan != null ? plan : LoadPlan.of(PostMapping.POST, steps(author, tags));
  }

  @Override
  public Optional<Post> findById(long id, FetchPolicy author) {
    return single(id, plan(author));
  }

  @Override
  public Post getById(long id, FetchPolicy author) {
    return findById(id, author).orElseThrow(() -> new PostNotFoundException(id));
  }

  @Override
  public Optional<Post> findById(long id, FetchPolicy author, FetchPolicy tags) {
    return single(id, plan(author, tags));
  }

  @Override
  public Post getById(long id, FetchPolicy author, FetchPolicy tags) {
    return findById(id, author, tags).orElseThrow(() -> new PostNotFoundException(id));
  }

  @Override
  public List<Post> findAll(PostFilter filter, FetchPolicy author) {
    return List.copyOf(loader.load(root(filter), plan(author), "findAll"));
  }

  @Override
  public List<Post> findAll(PostFilter filter, FetchPolicy author, FetchPolicy tags) {
    return List.copyOf(loader.load(root(filter), plan(author, tags), "findAll"));
  }

  @Override
  public Optional<Post> findById(long id, FetchPlan<Post> plan) {
    return single(id, checked(plan));
  }

  @Override
  public Post getById(long id, FetchPlan<Post> plan) {
    return findById(id, plan).orElseThrow(() -> new PostNotFoundException(id));
  }

  @Override
  public List<Post> findAll(PostFilter filter, FetchPlan<Post> plan) {
    return List.copyOf(loader.load(root(filter), checked(plan), "findAll"));
  }

  private static LoadPlan checked(FetchPlan<Post> plan) {
    return Objects.requireNonNull(plan, "plan").plan(PostMapping.POST);
  }

  private Optional<Post> single(long id, LoadPlan plan) {
    List<Post> posts = loader.load(new Root<>(PostMapping.POST, () -> POSTS.ID.eq(id), ORDER, Root.Shape.byId("Post.byId", id)), plan, "findById");
    return posts.isEmpty() ? Optional.empty() : Optional.of(posts.getFirst());
  }

  private static Root<Post> root(PostFilter filter) {
    Objects.requireNonNull(filter, "filter");
    Condition condition = noCondition();
    if (filter.authorUsername().isPresent()) {
      condition =
          condition.and(
              POSTS.USER_ID.in(
                  select(USERS.ID)
                      .from(USERS)
                      .where(lower(USERS.USERNAME).eq(lower(val(Validation.nfc(filter.authorUsername().get())))))));
    }
    if (filter.titleContains().isPresent()) {
      condition = condition.and(POSTS.TITLE.containsIgnoreCase(Validation.nfc(filter.titleContains().get())));
    }
    if (filter.taggedWith().isPresent()) {
      condition =
          condition.and(
              exists(
                  selectOne()
                      .from(POST_TAGS)
                      .join(TAGS)
                      .on(TAGS.ID.eq(POST_TAGS.TAG_ID))
                      .where(POST_TAGS.POST_ID.eq(POSTS.ID))
                      .and(lower(TAGS.NAME).eq(lower(val(Validation.nfc(filter.taggedWith().get())))))));
    }
    return Root.filtered(PostMapping.POST, condition, ORDER, filter.limit(), "Post.all");
  }

  @Override
  public long count() {
    return backref.read(from -> from.dsl().fetchCount(POSTS));
  }

  @Override
  public Post create(long userId, NewPost post) {
    return create(userId, post, null);
  }

  @Override
  public Post create(long userId, NewPost post, List<String> tagNames) {
    Objects.requireNonNull(post, "post");
    List<String> names = tagNames == null ? null : Tagging.names(tagNames);
    try {
      java.util.function.Function<org.jooq.DSLContext, Post> work =
          dsl -> {
            PostsRecord row = JooqUserRepository.insertPosts(dsl, userId, List.of(post)).getFirst();
            UsersRecord author = dsl.selectFrom(USERS).where(USERS.ID.eq(userId)).fetchOne();
            if (author == null) {
              throw UserNotFoundException.byId(userId);
            }
            ToOne<User> authorRelation =
                ToOne.loaded(
                    User.of(author.getId(), author.getUsername(), author.getCreatedAt(), author.getVersion(),
                        ToMany.notLoaded(AUTHOR_ONLY_HINT)));
            if (names == null) {
              return JooqUserRepository.post(row, authorRelation, ToMany.notLoaded(NO_TAGS_HINT));
            }
            var tags = Tagging.ensure(dsl, names);
            Tagging.link(dsl, row.getId(), tags);
            return JooqUserRepository.post(row, authorRelation, ToMany.loaded(Tagging.tags(tags, CREATED_TAG_HINT)));
          };
      return names == null ? backref.write(work) : backref.atomically(work);
    } catch (DataAccessException e) {
      throw Constraints.forPost(e, userId, post);
    }
  }

  @Override
  public List<Tag> tag(long postId, List<String> tagNames) {
    List<String> names = Tagging.names(tagNames);
    return backref.atomically(
        dsl -> {
          var rows = Tagging.ensure(dsl, names);
          Tagging.link(dsl, postId, rows);
          return Tagging.tags(rows, CREATED_TAG_HINT);
        });
  }

  @Override
  public boolean untag(long postId, String tagName) {
    Objects.requireNonNull(tagName, "tagName");
    Optional<String> name = Validation.lookup(tagName);
    return backref.onOneConnection(
        dsl -> {
          if (name.isPresent()) {
            int removed =
                dsl.deleteFrom(POST_TAGS)
                    .where(POST_TAGS.POST_ID.eq(postId))
                    .and(POST_TAGS.TAG_ID.in(select(TAGS.ID).from(TAGS).where(lower(TAGS.NAME).eq(lower(val(name.get()))))))
                    .execute();
            if (removed > 0) {
              return true;
            }
          }
          if (!dsl.fetchExists(POSTS, POSTS.ID.eq(postId))) {
            throw new PostNotFoundException(postId);
          }
          if (name.isEmpty() || !dsl.fetchExists(TAGS, lower(TAGS.NAME).eq(lower(val(name.get()))))) {
            throw TagNotFoundException.byName(tagName);
          }
          return false;
        });
  }

  @Override
  public Post edit(long id, long expectedVersion, NewPost change) {
    Objects.requireNonNull(change, "change");
    try {
      return backref.write(
          dsl -> {
            PostsRecord row =
                dsl.update(POSTS)
                    .set(POSTS.TITLE, change.title())
                    .set(POSTS.CONTENT, change.content())
                    .set(POSTS.VERSION, POSTS.VERSION.plus(1))
                    .where(POSTS.ID.eq(id).and(POSTS.VERSION.eq(expectedVersion)))
                    .returning()
                    .fetchOne();
            if (row == null) {
              Long actual = dsl.select(POSTS.VERSION).from(POSTS).where(POSTS.ID.eq(id)).fetchOne(POSTS.VERSION);
              if (actual == null) {
                throw new PostNotFoundException(id);
              }
              throw new StaleVersionException("Post", id, expectedVersion, actual);
            }
            return JooqUserRepository.post(row, ToOne.notLoaded(EDITED_HINT), ToMany.notLoaded(NO_TAGS_HINT));
          });
    } catch (DataAccessException e) {
      throw Constraints.forPost(e, -1, change);
    }
  }

  @Override
  public void delete(long id) {
    int deleted = backref.dsl().deleteFrom(POSTS).where(POSTS.ID.eq(id)).execute();
    if (deleted == 0) {
      throw new PostNotFoundException(id);
    }
  }
}
