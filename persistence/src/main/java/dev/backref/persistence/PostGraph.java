package dev.backref.persistence;

import static dev.backref.persistence.jooq.Tables.POSTS;
import static dev.backref.persistence.jooq.Tables.USERS;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.multiset;
import static org.jooq.impl.DSL.select;

import dev.backref.domain.Post;
import dev.backref.domain.ToMany;
import dev.backref.domain.ToOne;
import dev.backref.domain.User;
import dev.backref.persistence.Mapping.PostColumns;
import dev.backref.persistence.Mapping.UserColumns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;

/**
 * Loads posts with their author under a {@link FetchPolicy}. Within one load each distinct author
 * is one {@link User} instance whose own posts are not loaded.
 */
final class PostGraph {

  static final String NOT_LOADED_HINT =
      "it was loaded with FetchPolicy.NONE; load authors with JOINED, MULTISET, SUBQUERY, SELECT_IN, LAZY or BATCH";

  private static final List<SortField<?>> ORDER = List.of(POSTS.CREATED_AT.asc(), POSTS.ID.asc());
  private static final Field<Result<Record>> AUTHOR_MULTISET =
      multiset(select(UserColumns.USERS_TABLE.fields()).from(USERS).where(USERS.ID.eq(POSTS.USER_ID))).as("author");

  /** The root query of a load over {@code posts}. */
  record Root(Condition condition, Integer limit) {

    Select<Record> select(DSLContext dsl, Field<?>... extra) {
      var query = dsl.select(PostColumns.POSTS_TABLE.fields()).select(extra).from(POSTS).where(condition).orderBy(ORDER);
      return limit == null ? query : query.limit(limit);
    }
  }

  private final Backref backref;

  PostGraph(Backref backref) {
    this.backref = backref;
  }

  List<Post> load(Root root, FetchPolicy policy) {
    return switch (policy) {
      case NONE -> map(backref.dsl().fetch(root.select(backref.dsl())), row -> ToOne.notLoaded(NOT_LOADED_HINT));
      case JOINED -> joined(backref.dsl(), root);
      case MULTISET -> multisetAuthors(backref.dsl(), root);
      case SUBQUERY -> backref.onOneConnection(dsl -> subquery(dsl, root));
      case SELECT_IN -> backref.onOneConnection(dsl -> selectIn(dsl, root));
      case LAZY -> lazy(backref.dsl().fetch(root.select(backref.dsl())));
      case BATCH -> batched(backref.dsl().fetch(root.select(backref.dsl())));
      case DYNAMIC ->
          throw new IllegalArgumentException(
              "FetchPolicy.DYNAMIC applies to to-many relations (user.posts()); a post's author is a single row");
    };
  }

  private List<Post> joined(DSLContext dsl, Root root) {
    // (created_at, id) is a total order, so the outer query re-sorts by it; a row_number() over the
    // same order would make PostgreSQL sort every matching post before the limit applies.
    Table<Record> posts = root.select(dsl).asTable("p");
    PostColumns postColumns = PostColumns.of(posts);
    UserColumns userColumns = UserColumns.USERS_TABLE;
    Result<Record> rows =
        dsl.select(postColumns.fields())
            .select(userColumns.fields())
            .from(posts)
            .join(USERS)
            .on(USERS.ID.eq(postColumns.userId()))
            .orderBy(postColumns.createdAt().asc(), postColumns.id().asc())
            .fetch();
    Map<Long, User> authors = new HashMap<>();
    List<Post> result = new ArrayList<>(rows.size());
    for (Record row : rows) {
      User author = authors.computeIfAbsent(row.get(USERS.ID), id -> author(row));
      result.add(postColumns.post(row, ToOne.loaded(author)));
    }
    return result;
  }

  private List<Post> multisetAuthors(DSLContext dsl, Root root) {
    Result<Record> rows = dsl.fetch(root.select(dsl, AUTHOR_MULTISET));
    Map<Long, User> authors = new HashMap<>();
    List<Post> result = new ArrayList<>(rows.size());
    for (Record row : rows) {
      Record authorRow = row.get(AUTHOR_MULTISET).getFirst();
      User author = authors.computeIfAbsent(authorRow.get(USERS.ID), id -> author(authorRow));
      result.add(PostColumns.POSTS_TABLE.post(row, ToOne.loaded(author)));
    }
    return result;
  }

  private List<Post> subquery(DSLContext dsl, Root root) {
    Result<Record> postRows = dsl.fetch(root.select(dsl));
    if (postRows.isEmpty()) {
      return List.of();
    }
    var authorIds = dsl.select(POSTS.USER_ID).from(POSTS).where(root.condition()).orderBy(ORDER);
    Result<Record> authorRows =
        dsl.select(UserColumns.USERS_TABLE.fields())
            .from(USERS)
            .where(USERS.ID.in(root.limit() == null ? authorIds : authorIds.limit(root.limit())))
            .fetch();
    return withAuthors(postRows, authors(authorRows));
  }

  private List<Post> selectIn(DSLContext dsl, Root root) {
    Result<Record> postRows = dsl.fetch(root.select(dsl));
    return withAuthors(postRows, fetchAuthors(dsl, distinctAuthorIds(postRows)));
  }

  private Map<Long, User> fetchAuthors(DSLContext dsl, List<Long> ids) {
    Map<Long, User> authors = new HashMap<>();
    int batchSize = backref.batchSize();
    for (int from = 0; from < ids.size(); from += batchSize) {
      List<Long> batch = ids.subList(from, Math.min(ids.size(), from + batchSize));
      authors.putAll(
          authors(
              dsl.select(UserColumns.USERS_TABLE.fields())
                  .from(USERS)
                  .where(USERS.ID.eq(any(batch.toArray(Long[]::new))))
                  .fetch()));
    }
    return authors;
  }

  private List<Post> lazy(Result<Record> postRows) {
    Map<Long, User> identityMap = new ConcurrentHashMap<>();
    return map(
        postRows,
        row -> {
          long authorId = row.get(POSTS.USER_ID);
          String relation = "Post#" + row.get(POSTS.ID) + ".author";
          return ToOne.lazy(
              () -> RelationLoadException.load(relation, () -> identityMap.computeIfAbsent(authorId, this::fetchAuthor)));
        });
  }

  private User fetchAuthor(long id) {
    Record row =
        backref.detached().select(UserColumns.USERS_TABLE.fields()).from(USERS).where(USERS.ID.eq(id)).fetchOne();
    if (row == null) {
      throw UserNotFoundException.byId(id);
    }
    return author(row);
  }

  private List<Post> batched(Result<Record> postRows) {
    List<Long> ids = distinctAuthorIds(postRows);
    Map<Long, AuthorBatch> batchOf = new HashMap<>();
    int batchSize = backref.batchSize();
    for (int from = 0; from < ids.size(); from += batchSize) {
      AuthorBatch batch = new AuthorBatch(ids.subList(from, Math.min(ids.size(), from + batchSize)));
      for (Long id : batch.ids) {
        batchOf.put(id, batch);
      }
    }
    return map(
        postRows,
        row -> {
          long authorId = row.get(POSTS.USER_ID);
          AuthorBatch batch = batchOf.get(authorId);
          String relation = "Post#" + row.get(POSTS.ID) + ".author";
          return ToOne.lazy(() -> RelationLoadException.load(relation, () -> batch.author(authorId)));
        });
  }

  /** Authors of posts loaded together under {@link FetchPolicy#BATCH}: loaded in one statement. */
  private final class AuthorBatch {
    private final List<Long> ids;
    private final ReentrantLock lock = new ReentrantLock();
    private Map<Long, User> authors;

    AuthorBatch(List<Long> ids) {
      this.ids = List.copyOf(ids);
    }

    User author(long id) {
      lock.lock();
      try {
        if (authors == null) {
          authors = fetchAuthors(backref.detached(), ids);
        }
        User author = authors.get(id);
        if (author == null) {
          throw UserNotFoundException.byId(id);
        }
        return author;
      } finally {
        lock.unlock();
      }
    }
  }

  private static List<Post> withAuthors(List<? extends Record> postRows, Map<Long, User> authors) {
    return map(postRows, row -> ToOne.loaded(authors.get(row.get(POSTS.USER_ID))));
  }

  private static Map<Long, User> authors(List<? extends Record> rows) {
    Map<Long, User> authors = new HashMap<>();
    for (Record row : rows) {
      authors.put(row.get(USERS.ID), author(row));
    }
    return authors;
  }

  static User author(Record row) {
    return UserColumns.USERS_TABLE.user(row, self -> ToMany.notLoaded(UserGraph.AUTHOR_ONLY_HINT));
  }

  private static List<Long> distinctAuthorIds(List<? extends Record> postRows) {
    LinkedHashSet<Long> ids = new LinkedHashSet<>();
    for (Record row : postRows) {
      ids.add(row.get(POSTS.USER_ID));
    }
    return new ArrayList<>(ids);
  }

  private static List<Post> map(List<? extends Record> postRows, java.util.function.Function<Record, ToOne<User>> author) {
    List<Post> posts = new ArrayList<>(postRows.size());
    for (Record row : postRows) {
      posts.add(PostColumns.POSTS_TABLE.post(row, author.apply(row)));
    }
    return posts;
  }
}
