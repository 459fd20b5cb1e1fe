package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import dev.backref.domain.Post;
import dev.backref.domain.ToOne;
import dev.backref.persistence.jooq.tables.records.PostsRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

final class JooqPostRepository implements PostRepository {

  private static final String EDITED_HINT =
      "edit returns the new snapshot without its author; load the post with an author fetch policy";

  private final Backref backref;
  private final PostGraph graph;

  JooqPostRepository(Backref backref) {
    this.backref = backref;
    this.graph = new PostGraph(backref);
  }

  @Override
  public Optional<Post> findById(long id, FetchPolicy author) {
    List<Post> posts = graph.load(new PostGraph.Root(POSTS.ID.eq(id), null), policy(author));
    return posts.isEmpty() ? Optional.empty() : Optional.of(posts.getFirst());
  }

  @Override
  public Post getById(long id, FetchPolicy author) {
    return findById(id, author).orElseThrow(() -> new PostNotFoundException(id));
  }

  @Override
  public List<Post> findAll(PostFilter filter, FetchPolicy author) {
    Objects.requireNonNull(filter, "filter");
    Condition condition = noCondition();
    if (filter.authorUsername().isPresent()) {
      condition =
          condition.and(
              POSTS.USER_ID.in(
                  select(USERS.ID).from(USERS).where(lower(USERS.USERNAME).eq(lower(val(filter.authorUsername().get()))))));
    }
    if (filter.titleContains().isPresent()) {
      condition = condition.and(POSTS.TITLE.containsIgnoreCase(filter.titleContains().get()));
    }
    return List.copyOf(graph.load(new PostGraph.Root(condition, filter.limit()), policy(author)));
  }

  @Override
  public long count() {
    return backref.dsl().fetchCount(POSTS);
  }

  @Override
  public Post create(long userId, NewPost post) {
    Objects.requireNonNull(post, "post");
    try {
      return backref.write(
          dsl -> {
            List<Record> rows = JooqUserRepository.insertPosts(dsl, userId, List.of(post));
            Record author = dsl.select(Mapping.UserColumns.USERS_TABLE.fields()).from(USERS).where(USERS.ID.eq(userId)).fetchOne();
            if (author == null) {
              throw UserNotFoundException.byId(userId);
            }
            return Mapping.post(rows.getFirst(), ToOne.loaded(PostGraph.author(author)));
          });
    } catch (DataAccessException e) {
      throw Constraints.forPost(e, userId, post.title());
    }
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
            return Mapping.post(row, ToOne.notLoaded(EDITED_HINT));
          });
    } catch (DataAccessException e) {
      throw Constraints.forPost(e, -1, change.title());
    }
  }

  @Override
  public void delete(long id) {
    int deleted = backref.dsl().deleteFrom(POSTS).where(POSTS.ID.eq(id)).execute();
    if (deleted == 0) {
      throw new PostNotFoundException(id);
    }
  }

  private static FetchPolicy policy(FetchPolicy author) {
    return Objects.requireNonNull(author, "author fetch policy");
  }
}
